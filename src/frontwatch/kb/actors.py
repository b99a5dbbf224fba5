"""Actor knowledge base: actors with sides, hierarchy and dated names, and finding them in text.

Names are matched with one Aho-Corasick automaton over `fold_with_offsets` text (case, diacritics,
hamza/alef forms, ta marbuta, tatweel and punctuation folded), checked at word boundaries, longest
match first ("Kata'ib Hezbollah" is not "Hezbollah"). Arabic proclitics (و ف + ب ل ك, and "لل" for
ل + ال) may precede a name. Acronyms and names in capitals match in capitals only; a capital standing
for a state ("Washington said") is dropped where it is a place ("in Washington"); persons' names in
spellings no alias lists are found by a romanised consonant skeleton (actors_text.skeleton).

Generic mentions ("government forces", "terrorists", "الجيش") are entries with `generic: true`
whose `resolve` rules (data/actors/generic.yaml) pick an actor from the context: a group named right
before or after the word ("ISIS terrorists", "مسلحو داعش"), the actors of the same sentence, the last
armed group named before, the group the text names most, the outlet's alignment (a pejorative word is
never the outlet's own side, data/actors/_alignments.yaml) and the article's country.

Dated names: an actor's `names` list holds the names it used and when ("Jabhat Fateh al-Sham",
2016-07-28..2017-01-28, of the actor `nusra`); a match's `name` is the one in use on the report's date.
An actor that ceased to exist (`valid_until`) and has a `successor` is resolved to the successor for
mentions dated after that day: "Jabhat al-Nusra" in a report of 2017 means Hayat Tahrir al-Sham.
A name shared by two actors must be split by country or period (else the data is refused); context
then chooses.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import ahocorasick

from frontwatch.errors import DataFileError
from frontwatch.kb.actors_data import (
    RawActor,
    load_alignment_sides,
    load_files,
    load_forces,
    parse_date,
)
from frontwatch.kb.actors_text import (
    APOSTROPHES,
    AR_LL_PREFIXES,
    AR_PREFIXES,
    CAPITALISED_RUN,
    MIN_SKELETON,
    NAME_WORD,
    SENTENCE_END,
    drop_place_metonyms,
    is_acronym,
    is_arabic_text,
    latin_variants,
    shouting,
    skeleton,
)
from frontwatch.nlp.normalize import fold, fold_with_offsets

__all__ = ["Actor", "ActorContext", "ActorMatch", "ActorKB", "default_kb", "data_files", "THEATRES"]

THEATRES = {"SY": "syria", "IQ": "iraq"}
_RECENT_CHARS = 600  # how far back (characters) a generic mention looks for the group it stands for
_ARMED_KINDS = {"jihadist group", "rebel group", "militia", "state military", "state security", "coalition"}


@dataclass
class Actor:
    id: str
    name_en: str
    name_ar: str
    aliases_en: list[str] = field(default_factory=list)
    aliases_ar: list[str] = field(default_factory=list)
    kind: str = ""
    country: str | None = None
    parent: str | None = None
    sides: dict[str, str] = field(default_factory=dict)
    names: list[dict[str, Any]] = field(default_factory=list)  # {name, valid_from, valid_until}
    generic: bool = False
    person: bool = False
    pejorative: bool = False  # generic only: never the outlet's own side ("terrorists")
    metonyms: list[str] = field(default_factory=list)  # capitals standing for a state: "Washington"
    valid_from: str | None = None
    valid_until: str | None = None
    successor: str | None = None  # the actor it became (or merged into) on valid_until
    resolve: list[dict[str, Any]] = field(default_factory=list)  # generic entries only
    source: str = ""  # "file:line"

    def name(self, lang: str | None = None, on: str | None = None) -> str:
        """The canonical name, or the dated name in use on `on` (YYYY-MM-DD) in that language."""
        canonical = self.name_ar if lang == "ar" else self.name_en
        if not on:
            return canonical
        in_use = [n for n in self.names if is_arabic_text(n["name"]) == (lang == "ar")
                  and (n.get("valid_from") or "") <= on[:10] < (n.get("valid_until") or "9999")]
        return max(in_use, key=lambda n: n.get("valid_from") or "")["name"] if in_use else canonical


@dataclass
class ActorContext:
    country: str | None = None  # ISO2 of the article's focus
    outlet_alignment: str | None = None  # "syrian-state", "syrian-opposition", "kurdish", ...
    date: str | None = None  # YYYY-MM-DD
    nearby: list[str] = field(default_factory=list)  # actor ids near the mention, nearest first

    @property
    def theatre(self) -> str | None:
        return THEATRES.get(self.country or "")


@dataclass
class ActorMatch:
    start: int  # offsets into the original text
    end: int
    text: str
    actor_id: str
    name: str
    side: str | None
    score: float
    why: str
    generic: bool = False  # the surface form was generic ("the army"); actor_id is what context chose


@dataclass
class _Alias:
    actor_id: str
    name: str
    lang: str  # "en" | "ar"
    how: str  # "name" | "alias" | "acronym" | "metonym" | "dated name"
    score: float
    valid_from: date | None = None
    valid_until: date | None = None
    not_followed_by: tuple[str, ...] = ()
    case_sensitive: bool = False
    needs_ll: bool = False
    where: str = ""  # "file line N, field F", for errors
    acronym: bool = False  # 2-6 capitals: matches in capitals only (and as a plural: PMUs)
    variant: bool = False  # a spelling made from a listed name (Kataib ~ Kata'ib, ash-Sham ~ al-Sham)
    lead_caps: bool = False  # 'US drones': the leading acronym must be in capitals ('told us drones' is not)


def data_files() -> list[Path]:
    root = resources.files("frontwatch") / "data" / "actors"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml") and not p.name.startswith("_"))


def alignments_file() -> Path:
    return Path(str(resources.files("frontwatch") / "data" / "actors" / "_alignments.yaml"))


def _lead_acronym(name: str) -> bool:
    """'US drones', 'U.S. forces': a phrase led by an acronym that is also a word in lower case."""
    words = name.split()
    return len(words) > 1 and not is_arabic_text(name) and is_acronym(words[0].replace(".", ""))


def forces_file() -> Path:
    return Path(str(resources.files("frontwatch") / "data" / "actors" / "_forces.yaml"))


class ActorKB:
    """Actors by id, their sides and names; `find` locates every mention in a text."""

    def __init__(self, raws: list[RawActor], alignment_sides: dict[str, dict[str, str]] | None = None,
                 forces: list[tuple[str, str, str]] = ()):
        self.alignment_sides = alignment_sides or {}  # outlet alignment -> {theatre: side it speaks for}
        self.actors: dict[str, Actor] = {}
        self._index: dict[str, list[_Alias]] = {}
        for raw in raws:
            self.actors[raw.data["id"]] = self._actor(raw)
        for raw in raws:
            self._index_names(raw)
        self._check_ambiguity()
        self._add_forces(forces)
        self._skeletons = self._person_skeletons()
        self._auto = ahocorasick.Automaton()
        for key, entries in self._index.items():
            self._auto.add_word(key, (key, entries))
        self._auto.make_automaton()

    @classmethod
    def from_files(cls, paths: Iterable[Path], alignments: Path | None = None,
                   forces: Path | None = None) -> ActorKB:
        raws = load_files([Path(p) for p in paths])
        phrases = load_forces(forces, {r.data["id"] for r in raws}) if forces else []
        return cls(raws, load_alignment_sides(alignments) if alignments else None, phrases)

    def _add_forces(self, phrases: Iterable[tuple[str, str, str]]) -> None:
        """'Israeli tanks', 'المدفعية التركية': a state's adjective and a military noun name its forces,
        unless an actor file lists the phrase (a listed name is never shadowed)."""
        for aid, phrase, lang in phrases:
            key = fold(phrase)
            if key and key not in self._index:
                self._put(key, _Alias(aid, phrase, lang, "alias", 0.9, where="_forces.yaml",
                                      lead_caps=_lead_acronym(phrase)))

    # ---- building -------------------------------------------------------------------------------
    @staticmethod
    def _actor(raw: RawActor) -> Actor:
        d = raw.data
        plain = lambda xs: [x["name"] if isinstance(x, dict) else x for x in (xs or [])]  # noqa: E731
        return Actor(
            id=d["id"], name_en=d["name_en"], name_ar=d["name_ar"], aliases_en=plain(d.get("aliases_en")),
            aliases_ar=plain(d.get("aliases_ar")), kind=d["kind"], country=d["country"], parent=d.get("parent"),
            sides=dict(d.get("sides") or {}), names=list(d.get("names") or []), generic=bool(d.get("generic")),
            person=bool(d.get("person")), pejorative=bool(d.get("pejorative")), metonyms=plain(d.get("metonyms")), valid_from=d.get("valid_from"),
            valid_until=d.get("valid_until"), successor=d.get("successor"), resolve=list(d.get("resolve") or []),
            source=f"{raw.path}:{raw.line}")

    def _index_names(self, raw: RawActor) -> None:
        d, aid = raw.data, raw.data["id"]
        vf = parse_date(d["valid_from"]) if d.get("valid_from") else None
        vu = parse_date(d["valid_until"]) if d.get("valid_until") else None
        items: list[tuple[Any, str, str, str | None, date | None, date | None]] = [
            (d["name_en"], "name", "name_en", None, vf, vu), (d["name_ar"], "name", "name_ar", None, vf, vu)]
        for fld in ("aliases_en", "aliases_ar", "metonyms"):
            for i, el in enumerate(d.get(fld) or []):
                items.append((el, "metonym" if fld == "metonyms" else "alias", fld, f"{fld}[{i}]", vf, vu))
        for i, n in enumerate(d.get("names") or []):
            nf = parse_date(n["valid_from"]) if n.get("valid_from") else vf
            nu = parse_date(n["valid_until"]) if n.get("valid_until") else vu
            items.append((n["name"], "dated name", "names", f"names[{i}]", nf, nu))
        for el, how, fld, linekey, f, u in items:
            opts = el if isinstance(el, dict) else {"name": el}
            name = opts["name"]
            acronym = is_acronym(name)
            if how == "alias" and acronym:
                how = "acronym"
            base = {"name": 1.0, "dated name": 1.0, "alias": 0.95, "acronym": 0.9, "metonym": 0.6}[how]
            alias = _Alias(aid, name, "ar" if is_arabic_text(name) else "en", how, float(opts.get("score", base)),
                           f, u, tuple(fold(x) for x in opts.get("not_followed_by", []) or []),
                           bool(opts.get("case_sensitive", acronym)),
                           where=f"line {raw.lines.get(linekey or fld, raw.line)}, field '{fld}'", acronym=acronym,
                           lead_caps=_lead_acronym(name))
            self._add_keys(alias, raw)

    def _add_keys(self, alias: _Alias, raw: RawActor) -> None:
        key = fold(alias.name)
        if not key:
            raise DataFileError(f"{alias.where}: name {alias.name!r} is empty once folded", source=str(raw.path))
        self._put(key, alias)
        if alias.lang == "ar" and key.startswith("ال") and len(key) > 3:
            self._put(key[2:], _Alias(**{**alias.__dict__, "needs_ll": True}))
        variants = {fold(alias.name) + "s"} if alias.acronym else set()  # plural: PMUs
        if alias.lang == "en":
            spellings = {alias.name, *latin_variants(alias.name)}
            variants |= {fold(v) for v in spellings}
            variants |= {fold("".join(c for c in v if c not in APOSTROPHES)) for v in spellings}
        weaker = _Alias(**{**alias.__dict__, "variant": True, "score": round(alias.score - 0.05, 3)})
        for v in variants - {key}:
            if all(e.actor_id == alias.actor_id for e in self._index.get(v, [])):  # never shadow another name
                self._put(v, weaker)

    def _put(self, key: str, alias: _Alias) -> None:
        entries = self._index.setdefault(key, [])
        if not alias.variant:  # a listed name displaces spellings made from other names
            entries[:] = [e for e in entries if not (e.variant and (e.actor_id != alias.actor_id
                                                                    or e.needs_ll == alias.needs_ll))]
        if not any(e.actor_id == alias.actor_id and e.needs_ll == alias.needs_ll for e in entries):
            entries.append(alias)
        self._sources = getattr(self, "_sources", {})
        self._sources.setdefault((key, alias.actor_id), (self.actors[alias.actor_id].source, alias.where))

    def _check_ambiguity(self) -> None:
        """A name may be shared only by actors that context can split: different countries, or
        validity periods that do not overlap."""
        for key, entries in self._index.items():
            primary = [e for e in entries if not (e.needs_ll or e.variant)]
            for i, a in enumerate(primary):
                for b in primary[i + 1:]:
                    if not self._separable(a, b):
                        src, where = self._sources[(key, b.actor_id)]
                        raise DataFileError(
                            f"{where}: name {b.name!r} also names actor {a.actor_id!r} "
                            f"({self.actors[a.actor_id].source}) and neither country nor dates split them",
                            source=src.rsplit(":", 1)[0])

    def _separable(self, a: _Alias, b: _Alias) -> bool:
        ca, cb = self.actors[a.actor_id].country, self.actors[b.actor_id].country
        if ca and cb and ca != cb:
            return True
        return bool((a.valid_until and b.valid_from and a.valid_until <= b.valid_from)
                    or (b.valid_until and a.valid_from and b.valid_until <= a.valid_from))

    def _person_skeletons(self) -> dict[str, _Alias]:
        """Romanised skeletons of the Latin names of persons (two words or more), for spellings no
        alias lists ("Ahmed Abou Al Ghaith" ~ "Ahmed Aboul Gheit"); a skeleton two people share is dropped."""
        out: dict[str, _Alias | None] = {}
        for a in self.actors.values():
            if not a.person:
                continue
            for name in [a.name_en, *a.aliases_en, *(n["name"] for n in a.names)]:
                if is_arabic_text(name) or len(name.split()) < 2:
                    continue
                key = skeleton(name)
                if len(key) >= MIN_SKELETON:
                    alias = _Alias(a.id, name, "en", "spelling variant", 0.7)
                    out[key] = alias if out.get(key, alias) and out.get(key, alias).actor_id == a.id else None
        return {k: v for k, v in out.items() if v is not None}

    def _spelling_variants(self, text: str, offs: list[int], spans) -> list[tuple[int, int, list[_Alias]]]:
        """Runs of capitalised words outside other matches whose skeleton is a person's name."""
        taken = [(offs[s], offs[e - 1] + 1) for s, e, _ in spans]
        out = []
        for run in CAPITALISED_RUN.finditer(text):
            if any(ts <= run.start() and run.end() <= te for ts, te in taken):
                continue
            words = list(NAME_WORD.finditer(run.group()))
            for n in range(min(len(words), 5), 1, -1):
                found = None
                for i in range(len(words) - n + 1):
                    start, end = run.start() + words[i].start(), run.start() + words[i + n - 1].end()
                    alias = self._skeletons.get(skeleton(text[start:end]))
                    if alias and not any(ts < end and start < te for ts, te in taken):
                        found = (start, end, alias)
                        break
                if found:
                    start, end, alias = found
                    s, e = bisect.bisect_left(offs, start), bisect.bisect_left(offs, end)
                    out.append((s, e, [alias]))
                    taken.append((start, end))
                    break
        return out

    # ---- lookups -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str) -> Actor:
        try:
            return self.actors[actor_id]
        except KeyError:
            raise KeyError(f"unknown actor id {actor_id!r}") from None

    def ancestors(self, actor_id: str) -> list[str]:
        """The actor's id followed by its parent's, up the chain."""
        out, cur = [], actor_id
        while cur is not None:
            out.append(cur)
            cur = self.actors[cur].parent
        return out

    def side(self, actor_id: str, theatre: str) -> str | None:
        """Side in a theatre ("syria", "iraq"), inherited from the parent chain when not set."""
        for aid in self.ancestors(actor_id):
            if theatre in self.actors[aid].sides:
                return self.actors[aid].sides[theatre]
        return None

    def _side_for(self, actor_id: str, context: ActorContext | None) -> str | None:
        theatre = context.theatre if context else None
        if theatre is None:
            a = self.actors[actor_id]
            theatre = THEATRES.get(a.country or "")
            if theatre is None:
                theatres = {t for aid in self.ancestors(actor_id) for t in self.actors[aid].sides}
                theatre = theatres.pop() if len(theatres) == 1 else None
        return self.side(actor_id, theatre) if theatre else None

    # ---- finding -------------------------------------------------------------------------------
    def find(self, text: str, *, lang: str | None = None,
             context: ActorContext | None = None) -> list[ActorMatch]:
        """Every actor mention in `text`, longest match first, in text order."""
        folded, offs = fold_with_offsets(text)
        spans = drop_place_metonyms(text, offs, self._select(self._candidates(text, folded, offs), len(folded)))
        spans = sorted(spans + self._spelling_variants(text, offs, spans), key=lambda c: c[0])
        memo: dict[int, tuple[str, float, str]] = {}  # one resolution per alias list (per name)
        resolved = {}
        for s, _, a in spans:
            if not self.actors[a[0].actor_id].generic:
                if id(a) not in memo:
                    memo[id(a)] = self._resolve_specific(a, context)
                resolved[s] = memo[id(a)]
        plain = [(offs[s], offs[e - 1] + 1, resolved[s][0]) for s, e, _ in spans if s in resolved]
        ends = {end: aid for _, end, aid in plain}
        starts_at = {start: aid for start, _, aid in plain}
        plain_starts = [p[0] for p in plain]
        bounds = [m.end() for m in SENTENCE_END.finditer(text)] if len(plain) < len(spans) else []
        counts = Counter(aid for _, _, aid in plain)
        most = [aid for aid, _ in counts.most_common()]  # the actors the text names most, first
        out: list[ActorMatch] = []
        sides: dict[str, str | None] = {}
        for s, e, aliases in spans:
            start, end = offs[s], offs[e - 1] + 1
            actor = self.actors[aliases[0].actor_id]
            head = (self._head_of(text, start, ends) or self._idafa(text, end, starts_at)) if actor.generic else None
            if head:
                aid, score, why = head, 0.9, f"generic {actor.name_en!r} joined to the name of {head}"
            elif actor.generic:
                near = self._near(start, end, plain, plain_starts, bounds, len(text))
                ctx = ActorContext(**{**(context.__dict__ if context else {}),
                                      "nearby": near + list(context.nearby if context else [])})
                recent = [aid for ps, pe, aid in reversed(plain[:bisect.bisect_left(plain_starts, start)])
                          if start - pe <= _RECENT_CHARS]
                aid, score, why = self._resolve_generic(actor, ctx, recent, most)
                if not self.actors[aid].generic:  # later generic words may lean on this one
                    i = bisect.bisect_left(plain_starts, start)
                    plain.insert(i, (start, end, aid))
                    plain_starts.insert(i, start)
            else:
                aid, score, why = resolved[s]
            out.append(self._match(text, start, end, aid, score, why, lang, context, actor.generic, sides))
        return out

    def _match(self, text, start, end, aid, score, why, lang, context, generic, sides=None) -> ActorMatch:
        if sides is None or aid not in sides:
            side = self._side_for(aid, context)
            if sides is not None:
                sides[aid] = side
        else:
            side = sides[aid]
        return ActorMatch(start, end, text[start:end], aid, self.actors[aid].name(lang, context and context.date), side,
                          round(score, 3), why, generic)

    def _candidates(self, text: str, folded: str, offs: list[int]):
        for last, (key, entries) in self._auto.iter(folded):
            s, e = last - len(key) + 1, last + 1
            if e < len(folded) and folded[e].isalnum():
                continue
            ws = s
            while ws > 0 and folded[ws - 1].isalnum():
                ws -= 1
            prefix = folded[ws:s]
            ok = [a for a in entries if self._fits(a, prefix, text, folded, offs, s, e)]
            if ok:
                yield s, e, ok

    @staticmethod
    def _fits(a: _Alias, prefix: str, text: str, folded: str, offs: list[int], s: int, e: int) -> bool:
        if a.needs_ll:
            if prefix not in AR_LL_PREFIXES:
                return False
        elif prefix and not (a.lang == "ar" and prefix in AR_PREFIXES):
            return False
        if a.lead_caps:
            first = text[offs[s]:offs[e - 1] + 1].split()[0]
            if not first.replace(".", "").isupper():
                return False
        if a.not_followed_by:
            rest = folded[e:e + 40].lstrip()
            if any(rest.startswith(w) for w in a.not_followed_by):
                return False
        if a.case_sensitive:
            orig = text[offs[s]:offs[e - 1] + 1]
            letters = [c for c in orig if c.isalpha()]
            if not a.acronym:  # as written: "Southern Front", not "the southern front"
                return letters == [c for c in a.name if c.isalpha()]
            if letters and letters[-1] == "s" and fold(a.name)[-1:] != "s":
                letters = letters[:-1]
            if not all(c.isupper() for c in letters) or shouting(text, offs[s], offs[e - 1] + 1):
                return False
        return True

    @staticmethod
    def _select(cands, size: int) -> list[tuple[int, int, list[_Alias]]]:
        """Longest match wins; among equal lengths the earlier one."""
        chosen: list[tuple[int, int, list[_Alias]]] = []
        taken = bytearray(size)
        for s, e, al in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if taken.find(1, s, e) == -1:
                chosen.append((s, e, al))
                taken[s:e] = b"\x01" * (e - s)
        return sorted(chosen, key=lambda c: c[0])

    def _head_of(self, text: str, start: int, ends: dict[int, str]) -> str | None:
        """The armed group named right before a generic word ("ISIS terrorists"), if any."""
        for k in range(0, 3):
            aid = ends.get(start - k)
            if aid is not None:
                if not text[start - k:start].strip(" -\u2011\u00a0") and self.actors[aid].kind in _ARMED_KINDS:
                    return aid
                return None
        return None

    def _idafa(self, text: str, end: int, starts_at: dict[int, str]) -> str | None:
        """The armed group named right after an Arabic generic word ("مسلحو داعش", "عناصر النصرة")."""
        if not is_arabic_text(text[max(0, end - 2):end]):
            return None
        for k in (1, 2):
            aid = starts_at.get(end + k)
            if aid is not None and not text[end:end + k].strip() and self.actors[aid].kind in _ARMED_KINDS:
                return aid
        return None

    @staticmethod
    def _near(start: int, end: int, plain, plain_starts: list[int], bounds: list[int], size: int) -> list[str]:
        """Ids of the non-generic actors in the same sentence, nearest first."""
        i = bisect.bisect_right(bounds, start)
        left = bounds[i - 1] if i else 0
        right = bounds[i] if i < len(bounds) else size
        lo, hi = bisect.bisect_left(plain_starts, left), bisect.bisect_left(plain_starts, right)
        found = [(min(abs(start - pe), abs(ps - end)), aid) for ps, pe, aid in plain[lo:hi] if pe <= right]
        return [aid for _, aid in sorted(found)]

    # ---- resolving -----------------------------------------------------------------------------
    def _candidates_for(self, aliases: list[_Alias], context: ActorContext | None) -> list[tuple[str, float, str]]:
        when = _date(context.date) if context and context.date else None
        out = []
        for a in aliases:
            score, why = a.score, f"{a.how} {a.name!r}" + (", spelled otherwise" if a.variant else "")
            actor = self.actors[a.actor_id]
            if len({x.actor_id for x in aliases}) > 1 and context and context.country:
                if actor.country == context.country:
                    score, why = score + 0.2, why + f"; country {context.country}"
                else:
                    score -= 0.3
            if when and a.valid_until and when >= a.valid_until and a.how == "dated name":
                why += f"; name out of use since {a.valid_until}"
            if when and a.valid_from and when < a.valid_from:
                score, why = score - 0.2, why + f"; name not in use before {a.valid_from}"
            aid = a.actor_id
            if when:
                aid, why = self._successor(aid, when, why)
                if aid == a.actor_id and a.valid_until and when >= a.valid_until and a.how != "dated name":
                    score, why = score - 0.3, why + f"; not in use after {a.valid_until}"
            out.append((aid, round(max(0.0, min(1.0, score)), 3), why))
        return sorted(out, key=lambda c: -c[1])

    def _successor(self, aid: str, when: date, why: str) -> tuple[str, str]:
        seen = set()
        while aid not in seen:
            seen.add(aid)
            a = self.actors[aid]
            if not (a.successor and a.valid_until and when >= parse_date(a.valid_until)):
                break
            why += f"; {a.name_en} became part of {self.actors[a.successor].name_en} on {a.valid_until}"
            aid = a.successor
        return aid, why

    def _resolve_specific(self, aliases: list[_Alias], context: ActorContext | None) -> tuple[str, float, str]:
        return self._candidates_for(aliases, context)[0]

    def _rule_outcomes(self, actor: Actor, ctx: ActorContext, recent: list[str] = (),
                       most: list[str] = ()) -> list[dict[str, Any]]:
        """Every rule of a generic entry, whether it holds in `ctx`, and what it gives. `recent`: the
        actors named in the preceding text (a few sentences), latest first; `most`: the actors of the
        whole text, most named first."""
        own = self._own_side_filter(actor, ctx)
        nearby = [n for n in (self._speaker(n) for n in ctx.nearby if n in self.actors) if not own(n)]
        pools = {"nearest": ("near_kind", nearby, "nearest {}: {}"),
                 "recent": ("recent_kind", [n for n in recent if not own(n)], "last {} named before: {}"),
                 "main": ("main_kind", [n for n in most if not own(n)], "{} the text names most: {}")}
        near_ids = [self.ancestors(n) for n in nearby]
        out = []
        for i, rule in enumerate(actor.resolve):
            when = rule.get("when") or {}
            holds, reasons = self._conditions(when, ctx, near_ids)
            target = rule["then"]
            if target in pools:
                key, pool, says = pools[target]
                kinds = set(when[key])
                target = next((n for n in pool if self.actors[n].kind in kinds), None)
                holds &= target is not None
                reasons.append(says.format("/".join(sorted(kinds)), target or "none"))
            score = float(rule.get("score", 0.8 if len(when) else 0.5))
            out.append({"rule": i, "actor_id": target, "holds": holds, "score": score,
                        "reasons": "; ".join(reasons) or "default"})
        return out

    @staticmethod
    def _conditions(when: dict[str, Any], ctx: ActorContext, near_ids: list[list[str]]) -> tuple[bool, list[str]]:
        """Whether a rule's country / theatre / alignment / near conditions hold, and why."""
        holds, reasons = True, []
        for key, value in (("country", ctx.country), ("theatre", ctx.theatre),
                           ("outlet_alignment", ctx.outlet_alignment)):
            if key in when:
                ok = value in _as_list(when[key])
                holds &= ok
                reasons.append(f"{key.replace('outlet_alignment', 'outlet')} {value or '?'} "
                               f"{'in' if ok else 'not in'} {_as_list(when[key])}")
        for key, want in (("near", True), ("not_near", False)):
            if key in when:
                ok = any(t in chain for chain in near_ids for t in when[key]) == want
                holds &= ok
                reasons.append(f"{'near' if ok == want else 'not near'} {when[key]}")
        return holds, reasons

    def _speaker(self, aid: str) -> str:
        """A group's media wing stands for the group near a generic word ("Amaq said its fighters")."""
        a = self.actors[aid]
        if a.kind == "media" and a.parent and self.actors[a.parent].kind in _ARMED_KINDS:
            return a.parent
        return aid

    def _own_side_filter(self, actor: Actor, ctx: ActorContext):
        """For a pejorative word, a test of "this actor is on the outlet's own side"."""
        sides = self.alignment_sides.get(ctx.outlet_alignment or "", {}) if actor.pejorative else {}
        if not sides:
            return lambda aid: False
        return lambda aid: any(self.side(aid, t) == side for t, side in sides.items())

    def _resolve_generic(self, actor: Actor, ctx: ActorContext, recent: list[str] = (),
                         most: list[str] = ()) -> tuple[str, float, str]:
        for o in self._rule_outcomes(actor, ctx, recent, most):
            if o["holds"]:
                aid, why = o["actor_id"], f"generic {actor.name_en!r}: {o['reasons']}"
                if ctx.date:
                    aid, why = self._successor(aid, _date(ctx.date), why)
                return aid, o["score"], why
        return actor.id, 0.3, f"generic {actor.name_en!r}: no rule holds in this context"

    def resolve_name(self, name: str, *, context: ActorContext | None = None) -> ActorMatch | None:
        """The actor a whole name stands for (the match covering most of it), or None."""
        matches = self.find(name, context=context, lang="ar" if is_arabic_text(name) else "en")
        if not matches:
            return None
        best = max(matches, key=lambda m: (m.end - m.start, m.score))
        covered = len(fold(best.text)) / max(1, len(fold(name)))
        return best if covered >= 0.6 else None

    def explain(self, name: str, context: ActorContext | None = None) -> dict[str, Any]:
        """Candidates for `name` with scores and reasons, and the choice."""
        ctx = context or ActorContext()
        choice = self.resolve_name(name, context=ctx)
        key = fold(choice.text) if choice else fold(name)
        entries = [e for e in self._index.get(key, []) if not e.needs_ll]
        candidates: list[dict[str, Any]] = []
        for a in entries:
            actor = self.actors[a.actor_id]
            if actor.generic:
                for o in self._rule_outcomes(actor, ctx):
                    if o["actor_id"]:
                        candidates.append({"actor_id": o["actor_id"], "name": self.actors[o["actor_id"]].name_en,
                                           "score": o["score"] if o["holds"] else 0.0,
                                           "why": f"generic rule {o['rule']}: {o['reasons']}"
                                                  + ("" if o["holds"] else " (does not hold)")})
        specific = [a for a in entries if not self.actors[a.actor_id].generic]
        for aid, score, why in self._candidates_for(specific, ctx) if specific else []:
            candidates.append({"actor_id": aid, "name": self.actors[aid].name_en, "score": score, "why": why})
        return {
            "name": name, "folded": key,
            "context": {k: v for k, v in ctx.__dict__.items() if v},
            "choice": None if choice is None else {
                "actor_id": choice.actor_id, "name": choice.name, "side": choice.side,
                "score": choice.score, "why": choice.why, "text": choice.text,
                "kind": self.actors[choice.actor_id].kind, "parent": self.actors[choice.actor_id].parent},
            "candidates": _best_per_actor(candidates),
        }


def _best_per_actor(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for c in candidates:
        if c["actor_id"] not in best or c["score"] > best[c["actor_id"]]["score"]:
            best[c["actor_id"]] = c
    return sorted(best.values(), key=lambda c: -c["score"])


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else [v]


@lru_cache(maxsize=4096)
def _date(s: str) -> date:
    return parse_date(s[:10])


@lru_cache(maxsize=1)
def default_kb() -> ActorKB:
    """The bundled knowledge base (data/actors/*.yaml), loaded once."""
    return ActorKB.from_files(data_files(), alignments_file(), forces_file())
