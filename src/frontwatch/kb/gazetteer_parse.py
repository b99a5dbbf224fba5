"""Geoparsing: finding place mentions in English and Arabic text (names, area phrases such as 'northern
Hama' or 'ريف حماة الشمالي', unknown names after 'the villages of') and resolving them together."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from frontwatch.kb.gazetteer_data import Place, haversine_km
from frontwatch.kb.gazetteer_names import (ARTICLES, LEADING_ARTICLES, exact_key, is_arabic_token, skeletons,
                                           strip_arabic_clitics)
from frontwatch.nlp.normalize import fold_with_offsets

__all__ = ["find_mentions", "resolve_mentions", "tokenize"]

_MAX = 6
_AREA_KINDS = frozenset({"country", "governorate", "region", "continent", "border", "river"})
_SENT_END = re.compile(r"[.!?؟]+[\"'”’»)]*\s|\n")
_LIST_JOINERS = frozenset({"and", "or", "و"})


@dataclass
class Tok:
    f: str  # folded text
    fs: int  # start in folded text
    start: int  # offsets in the original text
    end: int
    cap: bool
    ar: bool
    sent: int
    initial: bool = False
    title: bool = False


@dataclass
class Mention:
    start: int
    end: int
    t0: int
    t1: int  # exclusive
    cands: list[tuple[Place, str]]
    sent: int
    area: Place | None = None
    cued: bool = False
    near: float = 0.0  # 'near X': the radius of the area around X


def tokenize(text: str) -> list[Tok]:
    folded, offs = fold_with_offsets(text)
    ends = [m.end() for m in _SENT_END.finditer(text)]
    toks: list[Tok] = []
    for m in re.finditer(r"\S+", folded):
        s, e = offs[m.start()], offs[m.end() - 1] + 1
        w = m.group()
        ar = is_arabic_token(w)
        toks.append(Tok(w, m.start(), s, e, (not ar) and text[s].isupper(), ar, bisect.bisect_right(ends, s)))
    prev = -1
    for t in toks:
        t.initial = t.sent != prev
        prev = t.sent
    _mark_title_lines(text, toks)
    return toks


def _mark_title_lines(text: str, toks: list[Tok]) -> None:
    """Headline lines (most long words capitalised) give capitals no weight."""
    by_line: dict[int, list[Tok]] = {}
    for t in toks:
        by_line.setdefault(text.count("\n", 0, t.start), []).append(t)
    for line in by_line.values():
        long = [t for t in line if not t.ar and len(t.f) >= 4]
        if len(long) >= 3 and sum(t.cap for t in long) >= 0.7 * len(long):
            for t in line:
                t.title = True


def _name_token(t: Tok) -> bool:
    return t.cap or t.f in ARTICLES


def find_mentions(gaz, text: str) -> tuple[list[Mention], list[Tok]]:
    toks = tokenize(text)
    cues = gaz.cues
    settle = cues.get("settlement", {})
    out: list[Mention] = []
    i = 0
    list_open = False  # inside 'the villages of A, B and C'
    while i < len(toks):
        t = toks[i]
        cued = i > 0 and (toks[i - 1].f in settle or (toks[i - 1].f == "of" and i > 1 and toks[i - 2].f in settle))
        if t.ar:
            m = _arabic_at(gaz, toks, i, cued or list_open)
        else:
            m = _region_phrase_at(gaz, toks, i) or _latin_at(gaz, toks, i, cued or list_open)
        if m is not None:
            m.cued = cued or list_open
            out.append(m)
            list_open = m.cued
            i = m.t1
            if i < len(toks) and not (toks[i].f in _LIST_JOINERS or text[toks[i - 1].end:toks[i].start].strip() == ","):
                list_open = False
            continue
        if t.f not in _LIST_JOINERS:
            list_open = False if not cued else list_open
        i += 1
    for m in out:
        _directional(gaz, toks, m)
    return out, toks


def _span(toks: list[Tok], i: int, j: int) -> str:
    return " ".join(t.f for t in toks[i:j])


def _region_phrase_at(gaz, toks: list[Tok], i: int) -> Mention | None:
    """Multi-word area phrases in any case: 'east of the Euphrates', 'the Iraqi border'."""
    for n in range(min(_MAX, len(toks) - i), 1, -1):
        if any(t.ar for t in toks[i:i + n]) or toks[i + n - 1].f in ARTICLES:
            continue
        key = exact_key(_span(toks, i, i + n), folded=True)
        if not gaz._has(key, "x"):
            continue
        areas = [p for p in gaz._lookup(key, "x") if p.kind in _AREA_KINDS]
        if areas:
            return Mention(toks[i].start, toks[i + n - 1].end, i, i + n, [(p, "exact") for p in areas],
                           toks[i].sent)
    return None


def _latin_at(gaz, toks: list[Tok], i: int, cued: bool) -> Mention | None:
    t = toks[i]
    if not t.cap and not (t.f in LEADING_ARTICLES and i + 1 < len(toks) and toks[i + 1].cap):
        return None
    j = i
    while j < len(toks) and j - i < _MAX and not toks[j].ar and _name_token(toks[j]):
        j += 1
    while j > i and toks[j - 1].f in ARTICLES:
        j -= 1
    if j == i:
        return None
    for n in range(j - i, 0, -1):
        key = exact_key(_span(toks, i, i + n), folded=True)
        if len(key) >= 2 and gaz._has(key, "x"):
            return Mention(t.start, toks[i + n - 1].end, i, i + n,
                           [(p, "exact") for p in gaz._lookup(key, "x")], t.sent)
    for n in range(min(j - i, 4), 0, -1):
        span = _span(toks, i, i + n)
        feats = gaz._feature_candidates(span.split())
        if feats:
            return Mention(t.start, toks[i + n - 1].end, i, i + n, feats, t.sent)
        cands = _skeleton_cands(gaz, span, min_len=4)
        if cands:
            return Mention(t.start, toks[i + n - 1].end, i, i + n, cands, t.sent)
    if cued:
        n = min(j - i, 3)
        return Mention(t.start, toks[i + n - 1].end, i, i + n, [], t.sent)
    return None


def _skeleton_cands(gaz, span: str, min_len: int) -> list[tuple[Place, str]]:
    out: dict[str, tuple[Place, str]] = {}
    for s in skeletons(span, folded=True):
        if len(s) >= min_len and gaz._has(s, "s"):
            for p in gaz._lookup(s, "s"):
                out.setdefault(p.id, (p, "skeleton"))
    return list(out.values())


def _arabic_at(gaz, toks: list[Tok], i: int, cued: bool) -> Mention | None:
    t = toks[i]
    heads = gaz.cues.get("head", {})
    for skip, first in dict.fromkeys(strip_arabic_clitics(t.f)):
        j = i + 1
        while j < len(toks) and toks[j].ar and j - i < 4:
            j += 1
        for n in range(j - i, 0, -1):
            words = [first] + [x.f for x in toks[i + 1:i + n]]
            key = exact_key(" ".join(words), folded=True)
            if len(key) < 3 or not gaz._has(key, "x"):
                continue
            cands = [(p, "exact") for p in gaz._lookup(key, "x")]
            if not cued and not any(p.kind in _AREA_KINDS or p.population >= 20000 for p, _ in cands):
                continue
            start = _orig(toks[i], skip)
            return Mention(start, toks[i + n - 1].end, i, i + n, cands, t.sent)
        if cued:
            n = 2 if (first in heads and j - i >= 2) else 1
            words = " ".join([first] + [x.f for x in toks[i + 1:i + n]])
            cands = _skeleton_cands(gaz, words, min_len=3)
            return Mention(_orig(t, skip), toks[i + n - 1].end, i, i + n, cands, t.sent)
    return None


def _orig(t: Tok, skip: int) -> int:
    return t.start + skip if skip and t.end - t.start == len(t.f) else t.start


# ---- area phrases ------------------------------------------------------------------------------------------

def _dir_before(dirs: dict[str, float], toks: list[Tok], i: int) -> tuple[float | None, int]:
    for n in (2, 1):
        if i - n >= 0:
            w = _span(toks, i - n, i)
            if w in dirs:
                return dirs[w], i - n
    return None, i


def _dir_after(dirs: dict[str, float], toks: list[Tok], j: int) -> tuple[float | None, int]:
    for n in (2, 1):
        if j + n <= len(toks):
            w = _span(toks, j, j + n)
            if w in dirs:
                return dirs[w], j + n
    return None, j


def _base_area(gaz, m: Mention) -> Place | None:
    for p, how in m.cands:
        if how == "exact" and p.kind in ("country", "governorate", "region"):
            return p
    for p, how in m.cands:
        if how == "exact" and p.kind == "city" and p.admin1:
            return gaz._admin.get((p.country, p.admin1))
    return None


def _directional(gaz, toks: list[Tok], m: Mention) -> None:
    """Turns 'northern Hama', 'the north-eastern countryside of Hama', 'ريف حماة الشمالي الشرقي', 'near
    Damascus' into an area (point, radius) and widens the mention over the phrase."""
    dirs = gaz._dirs
    country_words = gaz.cues.get("countryside", {})
    near = gaz.cues.get("near", {})
    i, j = m.t0, m.t1
    if i > 0 and toks[i - 1].f in near or (i > 1 and toks[i - 1].f in ("of", "من") and toks[i - 2].f in near):
        m.near = float(near.get(toks[i - 1].f) or near.get(toks[i - 2].f) or 25)
    base = _base_area(gaz, m)
    if base is None:
        return
    bearing, countryside, start, end = None, False, i, j
    k = i
    if k > 0 and toks[k - 1].f == "of":
        k -= 1
        if k > 0 and toks[k - 1].f in country_words:
            countryside, k = True, k - 1
        if k > 0 and toks[k - 1].f == "the":
            pass
    elif k > 0 and toks[k - 1].f in country_words:
        countryside, k = True, k - 1
    b, k2 = _dir_before(dirs, toks, k)
    if b is not None and (k != i or k2 < i):
        bearing, start = b, k2
    elif countryside:
        start = k
    e = j
    if e < len(toks) and toks[e].f == "s":
        e += 1
    b2, e2 = _dir_after(dirs, toks, e)
    if b2 is not None and (countryside or (e2 < len(toks) and toks[e2].f in country_words) or toks[e2 - 1].ar):
        bearing = b2 if bearing is None else bearing
        end = e2
        if e2 < len(toks) and toks[e2].f in country_words:
            end = e2 + 1
            countryside = True
    elif e < len(toks) and toks[e].f in country_words and not toks[e].ar:
        countryside, end = True, e + 1
    if bearing is None and not countryside:
        if base.id == next((p.id for p, _ in m.cands if p.kind in _AREA_KINDS), None):
            m.area = base
        return
    if base.kind == "city":
        return
    lat, lon, radius = base.lat, base.lon, base.radius_km
    name = f"{base.name} countryside" if countryside else base.name
    pid = base.id
    if bearing is not None:
        from frontwatch.kb.gazetteer import _offset, _DIR_NAMES
        lat, lon = _offset(base.lat, base.lon, bearing, 0.5 * base.radius_km)
        radius = 0.6 * base.radius_km
        name = f"{base.name} ({_DIR_NAMES.get(int(bearing), '')})"
        pid = f"{base.id}#{int(bearing)}"
    area = replace(base, id=pid, name=name, lat=round(lat, 4), lon=round(lon, 4), radius_km=radius,
                   kind="region", precision="region")
    m.area = area
    m.cands = [(area, "exact")]
    m.start, m.end, m.t0, m.t1 = toks[start].start, toks[end - 1].end, start, end


# ---- resolution --------------------------------------------------------------------------------------------

def _country_focus(mentions: list[Mention]) -> dict[str, float]:
    w: dict[str, float] = {}
    for m in mentions:
        cs = {p.country for p, how in m.cands if how == "exact" and p.country}
        if m.area is not None and m.area.country:
            w[m.area.country] = w.get(m.area.country, 0) + 1.0
        elif len(cs) == 1:
            w[cs.pop()] = w.get(next(iter({p.country for p, _ in m.cands})), 0) + 0.5
    top = max(w.values(), default=0)
    return {k: v / top for k, v in w.items()} if top else {}


def _areas_for(m: Mention, mentions: list[Mention], resolved: dict[int, object]) -> list[Place]:
    def areas_in(sent: int) -> list[Place]:
        out = []
        for k, o in enumerate(mentions):
            if o is m or o.sent != sent:
                continue
            if o.area is not None and o.area.kind not in ("country", "continent", "river") or (
                    o.area is not None and o.area.kind == "country" and "#" in o.area.id):
                out.append(o.area)
            elif o.near and k in resolved and resolved[k] is not None:
                p = resolved[k]
                out.append(replace(p, id=p.id + "~near", name=f"near {p.name}", radius_km=o.near, kind="region"))
        return out
    areas = areas_in(m.sent)
    return areas or areas_in(m.sent - 1)


def resolve_mentions(gaz, text: str, mentions: list[Mention], toks: list[Tok], context) -> list:
    from frontwatch.kb.gazetteer import GeoContext, PlaceResolution, _ref

    base = context or GeoContext()
    focus = dict(base.countries) or _country_focus(mentions)
    chosen: dict[int, Place | None] = {}
    results: dict[int, tuple] = {}
    # pass 1: areas and 'near X' anchors, then everything without distance to other places
    order = sorted(range(len(mentions)), key=lambda k: (mentions[k].area is None, mentions[k].near == 0))
    for rnd in (0, 1):
        points = [(p.lat, p.lon) for k, p in chosen.items()
                  if p is not None and mentions[k].area is None and results[k][3]] if rnd else []
        for k in order:
            m = mentions[k]
            if m.area is not None:
                chosen[k] = m.area
                results[k] = (m.area, 1.0, [], ["an area phrase"], True)
                continue
            ctx = GeoContext(countries=focus, points=list(base.points) + points,
                             areas=list(base.areas) + _areas_for(m, mentions, chosen))
            p, s, runners, why = gaz._choose(text[m.start:m.end], m.cands, ctx)
            confident = p is not None and (len(m.cands) == 1 or not runners or s - runners[0][2] >= 0.3)
            chosen[k] = p
            results[k] = (p, s, runners, why, confident)
    out = []
    for k, m in enumerate(mentions):
        p, s, runners, why, _ = results[k]
        surface = text[m.start:m.end]
        if p is not None:
            ref = _ref(p, s, surface)
            if m.area is not None:
                ref.precision = "region" if p.kind != "country" or "#" in p.id else "country"
            out.append(PlaceResolution(m.start, m.end, surface, ref, round(s, 3), runners, why))
            continue
        siblings = [(q.lat, q.lon) for o, q in chosen.items()
                    if q is not None and mentions[o].sent == m.sent and mentions[o].area is None and o != k]
        ctx = GeoContext(countries=focus, areas=list(base.areas) + _areas_for(m, mentions, chosen))
        r = gaz._unlocated(surface, m.start, m.end, ctx, siblings, runners, why)
        if r is not None:
            out.append(r)
    return out
