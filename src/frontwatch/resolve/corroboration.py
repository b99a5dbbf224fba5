"""Counting who reports an event: distinct outlets, and outlets independent by alignment and owner.

A *report* is an article together with its translations and re-posts (followed through
`Article.translation_of` and `Article.duplicate_of` to the original), so a translation pair or a
re-post never counts twice. A report's source is the original's outlet; an original with no outlet
is its own unknown source. Two sources are *dependent* when they share an owner or a camp
(alignments grouped by `CAMPS`: South Front, pro-Russian, and Al-Manar, Hezbollah's, both speak for
the Syrian government's side); `independent_sources` is the number of groups that this relation
leaves (connected components). Wires, public broadcasters, private and independent outlets and
research monitors group only by owner.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from frontwatch.models import Article, Event, MentionRef
from frontwatch.resolve.compat import name_key

# Alignment or owner values that say "none" and never group outlets together.
NEUTRAL = frozenset({"", "none", "unknown", "independent", "neutral", "unaligned", "n/a", "-",
                     "western-wire", "western-public", "western-private", "research"})
# Alignments of the registry (data/outlets.yaml) that speak for one camp in the wars covered:
# outlets of one camp are not independent confirmations of each other. Alignments not listed
# form a camp of their own; Gulf alignments are split by the outlet's country (Qatar is not Riyadh).
CAMPS = {
    "syrian-state": "syrian-government-camp", "pro-syrian-government": "syrian-government-camp",
    "hezbollah-affiliated": "syrian-government-camp", "pro-hezbollah": "syrian-government-camp",
    "iranian-state": "syrian-government-camp", "russian-state": "syrian-government-camp",
    "pro-russian": "syrian-government-camp",
    "israeli": "israel", "israeli-state": "israel",
    "turkish-state": "turkey", "pro-turkish-government": "turkey",
}
BY_COUNTRY = frozenset({"gulf-state", "gulf-aligned"})


@dataclass(frozen=True)
class Source:
    """One source of a report: a key (outlet id, folded name, or `article:<id>`), and its registry entry."""

    key: str
    name: str | None
    info: Any = None  # registry object with .alignment, .owner, .reliability (or None)


OutletLookup = Callable[[str | None, str | None], Any]


def _entries(registry: Any) -> Iterable[Any]:
    for attr in ("outlets", "entries"):
        val = getattr(registry, attr, None)
        if val is not None:
            return val.values() if isinstance(val, Mapping) else val
    if isinstance(registry, Mapping):
        return registry.values()
    try:
        return list(iter(registry))
    except TypeError:
        return []


def make_lookup(outlets: Any = None) -> OutletLookup:
    """Turn an outlet registry or a mapping outlet_id -> object into `lookup(outlet_id, name)`.

    With `outlets=None` the project's registry (`frontwatch.articles.outlets.default_registry()`)
    is used when it can be imported; without it every outlet is unknown (its own group, grade F)."""
    if outlets is None:
        try:
            from frontwatch.articles.outlets import default_registry  # type: ignore
        except ImportError:
            return lambda outlet_id, name: None
        outlets = default_registry()
    index: dict[str, Any] = {}
    if isinstance(outlets, Mapping):
        for k, v in outlets.items():
            index.setdefault(str(k), v)
            index.setdefault(name_key(str(k)), v)
    for o in _entries(outlets):
        for label in (getattr(o, "id", None), getattr(o, "name", None), *(getattr(o, "variants", None) or ())):
            if label:
                index.setdefault(str(label), o)
                index.setdefault(name_key(str(label)), o)
    finder = next((getattr(outlets, f) for f in ("find", "lookup", "resolve")
                   if callable(getattr(outlets, f, None))), None)

    def lookup(outlet_id: str | None, name: str | None) -> Any:
        for label in (outlet_id, name):
            if label:
                hit = index.get(label) or index.get(name_key(label))
                if hit is not None:
                    return hit
        if finder is not None and name:
            try:
                return finder(name)
            except Exception:  # a registry that raises on unknown names means "unknown"
                return None
        return None

    return lookup


def report_root(article_id: str, articles: Mapping[str, Article]) -> str:
    """The original an article translates or re-posts (followed through chains, loops cut)."""
    seen = {article_id}
    cur = article_id
    while True:
        a = articles.get(cur)
        nxt = (a.duplicate_of or a.translation_of) if a else None
        if not nxt or nxt in seen:
            return cur
        seen.add(nxt)
        cur = nxt


def source_of(ref: MentionRef, articles: Mapping[str, Article], lookup: OutletLookup) -> Source:
    root_id = report_root(ref.article_id, articles)
    root = articles.get(root_id)
    if root is not None:
        outlet_id, name = root.outlet_id, root.outlet
    elif root_id == ref.article_id:
        outlet_id, name = None, ref.outlet
    else:
        outlet_id, name = None, None
    if not (outlet_id or name):
        return Source(key=f"article:{root_id}", name=None)
    info = lookup(outlet_id, name)
    key = getattr(info, "id", None) or outlet_id or "outlet:" + name_key(name)
    return Source(key=str(key), name=getattr(info, "name", None) or name, info=info)


def _group_keys(s: Source) -> list[str]:
    """The owner and the camp of a source's outlet: sharing either makes two sources dependent."""
    if s.info is None:
        return []
    out = []
    owner = str(getattr(s.info, "owner", None) or "").strip().lower()
    if owner not in NEUTRAL and not owner.startswith(("unclear", "unknown")):
        out.append("owner:" + owner)
    alignment = str(getattr(s.info, "alignment", None) or "").strip().lower()
    if alignment not in NEUTRAL:
        camp = CAMPS.get(alignment, alignment)
        if alignment in BY_COUNTRY:
            camp += ":" + str(getattr(s.info, "country", None) or "")
        out.append("camp:" + camp)
    return out


def independent_groups(sources: Iterable[Source]) -> list[list[Source]]:
    """Sources grouped so that two sharing an owner or an alignment fall in one group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[str, Source] = {}
    for s in sources:
        by_key.setdefault(s.key, s)
        parent.setdefault(s.key, s.key)
        for g in _group_keys(s):
            parent.setdefault(g, g)
            parent[find(s.key)] = find(g)
    groups: dict[str, list[Source]] = {}
    for k, s in by_key.items():
        groups.setdefault(find(k), []).append(s)
    return list(groups.values())


def sources_for(refs: Iterable[MentionRef], articles: Mapping[str, Article],
                lookup: OutletLookup) -> list[Source]:
    """Distinct sources of the mentions, first seen first."""
    out: dict[str, Source] = {}
    for r in refs:
        s = source_of(r, articles, lookup)
        out.setdefault(s.key, s)
    return list(out.values())


def corroborate(ev: Event, articles: Mapping[str, Article], lookup: OutletLookup,
                exclude: set[str] = frozenset()) -> tuple[list[Source], int]:
    """Set `ev.sources` and `ev.independent_sources` from the mentions that support it (not the
    denials in `exclude`); return the supporting sources and the number of independent groups."""
    support = [r for r in ev.mentions if (r.mention_id or f"{r.article_id}:{r.start}:{r.end}") not in exclude]
    srcs = sources_for(support, articles, lookup)
    ev.sources = len(srcs)
    ev.independent_sources = len(independent_groups(srcs))
    return srcs, ev.independent_sources
