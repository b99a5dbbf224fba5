"""Geoparsing: finding place mentions in English and Arabic text (names, area phrases such as 'northern
Hama' or 'ريف حماة الشمالي', unknown names after 'the villages of') and resolving them together."""
from __future__ import annotations

import bisect
import difflib
import functools
import re
from dataclasses import dataclass, replace

from frontwatch.kb.gazetteer_data import Place, haversine_km
from frontwatch.kb.gazetteer_names import (
    ARTICLES,
    LEADING_ARTICLES,
    exact_key,
    is_arabic_token,
    skeletons,
    strip_arabic_clitics,
)
from frontwatch.nlp.normalize import fold as _fold_uncached
from frontwatch.nlp.normalize import fold_with_offsets

fold = functools.lru_cache(maxsize=100_000)(_fold_uncached)

__all__ = ["find_mentions", "resolve_mentions", "tokenize"]

_MAX = 6
_AREA_KINDS = frozenset({"country", "governorate", "region", "continent", "border", "river"})
_SENT_END = re.compile(r"[.!?؟]+[\"'”’»)]*\s|\n")
_LIST_JOINERS = frozenset({"and", "or", "و"})
_WORD = re.compile(r"[^\s\u060C\u061B\u061F\u06D4]+")  # fold keeps Arabic comma, semicolon, question mark, full stop
_GLUE = re.compile(r"^[’'ʿʾ`‘]$")
_SPLIT = re.compile(r"[,;:.!?()\[\]\"“”«»/|،؛]|\s-\s|[–—]")


def _stop_words() -> frozenset[str]:
    from frontwatch.kb.gazetteer_data import DATA_DIR
    with open(DATA_DIR / "stopwords.txt", encoding="utf-8") as f:
        return frozenset(w for ln in f if not ln.startswith("#") for w in ln.split())


_STOP = _stop_words()


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
    split: bool = False  # punctuation (comma, bracket, stop) between this token and the previous one


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
    near: float = 0.0
    continued: bool = False  # a word of a longer name ('Human Rights'), or one capitalised only as a sentence opens
    weak: bool = False  # listed after a place only through an Arabic 'و' (which may as well start a verb)
    needs_support: bool = False  # a respelling in a headline or opening a sentence: only near the text's places
    needs_country: bool = False  # a foreign city respelt in Arabic: only with its country in the sentence  # 'near X': the radius of the area around X
    kinds: frozenset[str] = frozenset()  # 'X oil field', 'X and Y air bases': only places of these kinds


def tokenize(text: str, abbrevs: frozenset[str] | set[str] = frozenset()) -> list[Tok]:
    """Folded word tokens with original offsets, sentence numbers and capitalisation. Pieces joined by an
    apostrophe (Shu'aytat, Kata'ib) are one word, a possessive 's is not; words in capitals (a shouted
    headline) count as capitalised only when they are known abbreviations (US, UAE)."""
    folded, offs = fold_with_offsets(text)
    ends = [m.end() for m in _SENT_END.finditer(text)]
    toks: list[Tok] = []
    for m in _WORD.finditer(folded):
        s, e = offs[m.start()], offs[m.end() - 1] + 1
        w = m.group()
        ar = is_arabic_token(w)
        orig = text[s:e]
        cap = (not ar) and text[s].isupper()
        if cap and len(orig) > 1 and orig.isupper() and orig not in abbrevs:
            cap = False
        if toks and not ar and w != "s" and not toks[-1].ar and _GLUE.match(text[toks[-1].end:s] or "-"):
            prev = toks[-1]  # one word written with an apostrophe for ayn or hamza: Shu'aytat, Rif'at, Qa'im
            prev.f, prev.end = prev.f + w, e
            continue
        gap = text[toks[-1].end:s] if toks else ""
        tok = Tok(w, m.start(), s, e, cap, ar, bisect.bisect_right(ends, s))
        tok.split = bool(_SPLIT.search(gap))
        toks.append(tok)
    prev = -1
    for t in toks:
        t.initial = t.sent != prev
        prev = t.sent
    _mark_title_lines(text, toks)
    return toks


def _mark_title_lines(text: str, toks: list[Tok]) -> None:
    """Headline lines (most long words capitalised) give capitals no weight."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    by_line: dict[int, list[Tok]] = {}
    for t in toks:
        by_line.setdefault(bisect.bisect_right(newlines, t.start), []).append(t)
    for line in by_line.values():
        long = [t for t in line if not t.ar and len(t.f) >= 4]
        if len(long) >= 3 and sum(t.cap for t in long) >= 0.7 * len(long):
            for t in line:
                t.title = True


def _name_token(t: Tok) -> bool:
    return t.cap or t.f in ARTICLES


# A byline line ("By Karim Mansour", "Written by Shilan Rashid,"): its capitalised words are a person.
_BYLINE = re.compile(r"(?im)^[ \t]*(?:(?:written|reported|translated|posted|compiled|edited)[ \t]+)?by[ \t]+"
                     r"[A-Z][^\n]{0,60}$")


def _off_byline_lines(text: str, toks: list[Tok]) -> list[Tok]:
    spans = [(m.start(), m.end()) for m in _BYLINE.finditer(text) if len(m.group().split()) <= 8]
    if not spans:
        return toks
    return [t for t in toks if not any(s <= t.start < e for s, e in spans)]


def find_mentions(gaz, text: str) -> tuple[list[Mention], list[Tok]]:
    toks = _off_byline_lines(text, tokenize(text, gaz.abbrevs))
    cues = gaz.cues
    settle = cues.get("settlement", {})
    media = cues.get("media", {})
    person = _person_parts(gaz, toks)
    out: list[Mention] = []
    i = 0
    list_open = False  # inside 'the villages of A, B and C'
    while i < len(toks):
        t = toks[i]
        if i > 0 and toks[i - 1].f in media and not t.split:
            i += 1
            while i < len(toks) and (toks[i].cap or toks[i].f in ARTICLES) and not toks[i].split:
                i += 1
            continue
        if t.f in person and not list_open and (i + 1 >= len(toks) or not toks[i + 1].cap or toks[i + 1].split):
            i += 1
            continue
        cued = i > 0 and not t.split and toks[i - 1].sent == t.sent and (
            _is_cue(toks[i - 1], settle) or (toks[i - 1].f == "of" and i > 1 and toks[i - 2].f in settle))
        cued = cued or (t.cap and not t.ar and bool(_kinds_after(gaz, toks, _run_end(toks, i))))
        if t.ar:
            m = _arabic_at(gaz, toks, i, cued or list_open)
        else:
            m = _region_phrase_at(gaz, toks, i) or _latin_at(gaz, toks, i, cued or list_open)
        if m is not None:
            m.cued = cued or list_open
            m.weak = not cued and list_open == "weak"
            out.append(m)
            list_open = m.cued
            i = m.t1
            if i < len(toks) and toks[i].ar and toks[i].f.startswith("و") and list_open:
                list_open = "weak"
            elif i < len(toks) and not (toks[i].f in _LIST_JOINERS or text[toks[i - 1].end:toks[i].start].strip()
                                        in (",", "،")):
                list_open = False
            continue
        if t.f not in _LIST_JOINERS:
            list_open = False if not cued else list_open
        i += 1
    out = _repeat_unknown(toks, out)
    for m in out:
        _directional(gaz, toks, m)
        if m.area is None and not toks[m.t0].ar:
            m.kinds = _kinds_after(gaz, toks, m.t1)
            m.cued = m.cued or bool(m.kinds)
            if m.kinds:
                _with_feature_words(gaz, toks, m)
    return out, toks


def _with_feature_words(gaz, toks: list[Tok], m: Mention) -> None:
    """'al-Omar oil field' held as such: the mention takes the feature words and that place."""
    for n in (3, 2, 1):
        if m.t1 + n > len(toks) or any(t.split or t.ar for t in toks[m.t1:m.t1 + n]):
            continue
        key = exact_key(_span(toks, m.t0, m.t1 + n), folded=True)
        places = [p for p in gaz._lookup(key, "x") if p.kind in m.kinds] if gaz._has(key, "x") else []
        if places:
            m.t1, m.end, m.cands = m.t1 + n, toks[m.t1 + n - 1].end, [(p, "exact") for p in places]
            return
    name = _span(toks, m.t0, m.t1)  # 'al-Omar, the largest oil field': the place held as 'al-Omar oil field'
    for word, value in gaz.cues.get("kind", {}).items():
        key = exact_key(f"{name} {word}", folded=True)
        if frozenset(v.strip() for v in value.split(",")) == m.kinds and gaz._has(key, "x"):
            places = [p for p in gaz._lookup(key, "x") if p.kind in m.kinds]
            if places:
                m.cands = [(p, "exact") for p in places]
                return


def _run_end(toks: list[Tok], i: int) -> int:
    """End of the capitalised name run starting at token i."""
    j = i + 1
    while j < len(toks) and not toks[j].ar and _name_token(toks[j]) and not toks[j].split:
        j += 1
    return j


def _kinds_after(gaz, toks: list[Tok], j: int, hops: int = 3) -> frozenset[str]:
    """Kinds of place a feature word after a name asks for: 'Avana oil field', 'the Bai Hassan and Avana
    oil fields' (the word after a list of names applies to each), 'T4 air base'."""
    words = gaz.cues.get("kind", {})
    if not words:
        return frozenset()
    for _ in range(hops):
        if j >= len(toks) or toks[j].ar:
            return frozenset()
        for n in (3, 2, 1):
            if j + n <= len(toks) and not any(t.split for t in toks[j + 1:j + n]):
                value = words.get(" ".join(t.f for t in toks[j:j + n]))
                if value and not toks[j].cap or value and toks[j].title:
                    return frozenset(v.strip() for v in value.split(","))
        if toks[j].split and toks[j].f in ("the", "a", "an"):  # 'al-Omar, the largest oil field in Syria'
            for k in range(j + 1, min(j + 5, len(toks))):
                if toks[k].split or toks[k].ar:
                    break
                for n in (3, 2, 1):
                    value = words.get(" ".join(t.f for t in toks[k:k + n])) if k + n <= len(toks) else None
                    if value and not toks[k].cap and not any(t.split for t in toks[k + 1:k + n]):
                        return frozenset(v.strip() for v in value.split(","))
            return frozenset()
        if toks[j].f in _LIST_JOINERS or toks[j].split and toks[j].cap:  # 'A and B oil fields', 'A, B oil fields'
            k = j + 1 if toks[j].f in _LIST_JOINERS else j
            if k >= len(toks) or not toks[k].cap:
                return frozenset()
            j = _run_end(toks, k)
            continue
        return frozenset()
    return frozenset()


def _repeat_unknown(toks: list[Tok], out: list[Mention]) -> list[Mention]:
    """A name the text introduced as a village no source holds is that village again when it recurs
    ('the villages of Kashmah and Salihiyah ... between al-Mayadin and Kashmah')."""
    unknown = {tuple(t.f for t in toks[m.t0:m.t1]) for m in out if m.cued and not m.cands}
    if not unknown:
        return out
    taken = {i for m in out for i in range(m.t0, m.t1)}
    extra = []
    for words in unknown:
        n = len(words)
        for i in range(len(toks) - n + 1):
            if i not in taken and tuple(t.f for t in toks[i:i + n]) == words and (
                    toks[i].cap or toks[i].ar) and not any(k in taken for k in range(i, i + n)):
                extra.append(Mention(toks[i].start, toks[i + n - 1].end, i, i + n, [], toks[i].sent, cued=True))
                taken.update(range(i, i + n))
    return sorted(out + extra, key=lambda m: m.start)


def _is_cue(t: Tok, words: dict[str, str]) -> bool:
    if t.f in words:
        return True
    return t.ar and any(r in words for _, r in strip_arabic_clitics(t.f)[1:])


def _person_parts(gaz, toks: list[Tok]) -> set[str]:
    """Last words of capitalised names that are not places ('Qassem Soleimani', 'Haider Abadi'): in the
    same article the word alone is that person, not the town it also names (one sense per discourse)."""
    skip = set(gaz.cues.get("dir", {})) | set(gaz.cues.get("modifier", {})) | set(gaz.cues.get("settlement", {}))
    out: set[str] = set()
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and not toks[j].ar and not toks[j].title and (toks[j].cap or (
                j > i and toks[j].f in ARTICLES)) and (j == i or not toks[j].split):
            j += 1
        caps = [t for t in toks[i:j] if t.cap]
        first = toks[i].f
        if len(caps) >= 2 and toks[j - 1].cap and first not in _STOP and first not in skip \
                and first not in gaz.not_places and first not in ARTICLES:
            whole = _span(toks, i, j)
            prefix_place = any(gaz._has(exact_key(_span(toks, i, k), folded=True), "x") for k in range(i + 1, j + 1))
            tail = _span(toks, i + 1, j)
            tail_place = gaz._has(exact_key(tail, folded=True), "x") or bool(
                [p for p, _ in _skeleton_cands(gaz, whole, 4) if _close_spelling(whole, p)])
            if not prefix_place and not tail_place or len(caps) >= 3 and not gaz._has(
                    exact_key(whole, folded=True), "x"):
                out.add(toks[j - 1].f)
        i = max(j, i + 1)
    return out


def _span(toks: list[Tok], i: int, j: int) -> str:
    return " ".join(t.f for t in toks[i:j])


def _region_phrase_at(gaz, toks: list[Tok], i: int) -> Mention | None:
    """Multi-word area phrases in any case: 'east of the Euphrates', 'the Iraqi border'."""
    if toks[i].f not in gaz.phrase_heads:
        return None
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


def _inside_name(toks: list[Tok], i: int) -> bool:
    """Token i continues a capitalised name that is not a place ('Haider Abadi', 'Ahrar al-Sham')."""
    k = i - 1
    if toks[i].split:
        return False
    while k >= 0 and toks[k].f in ARTICLES:
        if toks[k].split:
            return False
        k -= 1
    if k < 0 or toks[k].title or not toks[k].cap or toks[k].f in _STOP:
        return False
    return not (toks[k].initial and toks[k].f in _STOP)


def _latin_at(gaz, toks: list[Tok], i: int, cued: bool) -> Mention | None:
    t = toks[i]
    if not t.cap and not (t.f in LEADING_ARTICLES and i + 1 < len(toks) and toks[i + 1].cap):
        return None
    if t.f in _STOP and t.f not in LEADING_ARTICLES or (not cued and _inside_name(toks, i)):
        return None
    j = i
    while j < len(toks) and j - i < _MAX and not toks[j].ar and _name_token(toks[j]) and (
            j == i or not toks[j].split):
        j += 1
    while j > i and toks[j - 1].f in ARTICLES:
        j -= 1
    if j == i:
        return None
    first = next((x.f for x in toks[i:j] if x.f not in ARTICLES), "")
    exact_possible = gaz.may_start(first)
    heads = gaz.cues.get("head", {})
    for n in range(j - i, 0, -1):  # the longest name first: exact, without a feature word, respelt
        span = _span(toks, i, i + n)
        if toks[i + n - 1].f in ARTICLES or span in gaz.not_places or (n == 1 and t.f in heads and j - i > 1):
            continue
        m = _latin_span(gaz, toks, i, n, j, span, exact_possible)
        if m is not None:
            return m or None
    if cued:
        n = min(j - i, 3)
        return Mention(t.start, toks[i + n - 1].end, i, i + n, [], t.sent)
    return None


def _latin_span(gaz, toks: list[Tok], i: int, n: int, j: int, span: str, exact_possible: bool):
    """The mention of tokens i..i+n of a capitalised run ending at j; False when the run goes on into
    a longer name that is not a place; None when nothing matches."""
    t = toks[i]
    end = toks[i + n - 1].end
    inner = i + n < j and not toks[i + n].title  # more words of the same name follow
    key = exact_key(span, folded=True)
    if i + n < j and toks[j - 1].f in gaz.cues.get("org", {}):  # 'Quds Force', 'Raqqa Brigade': a group's name
        return False
    if exact_possible and len(key) >= 2 and gaz._has(key, "x"):
        if _continues(toks, i + n):
            return False
        return Mention(t.start, end, i, i + n, [(p, "exact") for p in gaz._lookup(key, "x")], t.sent,
                       continued=inner or (n == 1 and t.initial))
    feats = gaz._feature_candidates(span.split()) if n > 1 else []
    if feats:
        return Mention(t.start, end, i, i + n, feats, t.sent)
    if n > 4 or len(key) < 5 or inner:  # a respelt word of a longer name is not taken
        return None
    cands = [(p, how) for p, how in _skeleton_cands(gaz, span, min_len=3)
             if _close_spelling(span, p, 0.6 if len(key) >= 7 else 0.8)]
    if cands:
        return Mention(t.start, end, i, i + n, cands, t.sent, continued=n == 1 and t.initial,
                       needs_support=t.title or t.initial)
    return None


def _continues(toks: list[Tok], k: int) -> bool:
    """The name goes on with 'al-' and a capitalised word ('Abu Hasan al-Iraqi'): a longer name, not this place."""
    return k + 1 < len(toks) and toks[k].f in ARTICLES and not toks[k].split and toks[k + 1].cap \
        and not toks[k + 1].split and not toks[k + 1].title


def _close_spelling(span: str, p: Place, ratio: float = 0.6) -> bool:
    """Two Latin spellings of one name share most letters (Boukamal ~ Bukamal, Shaitat ~ Shu'aytat);
    short names must share more."""
    return _close(exact_key(span, folded=True), p.names, ratio)


@functools.lru_cache(maxsize=50_000)
def _close(a: str, names: tuple[str, ...], ratio: float) -> bool:
    return any(difflib.SequenceMatcher(None, a, exact_key(n)).ratio() >= ratio
               for n in names if not is_arabic_token(n))


def _skeleton_cands(gaz, span: str, min_len: int) -> list[tuple[Place, str]]:
    out: dict[str, tuple[Place, str]] = {}
    for s in skeletons(span, folded=True):
        if len(s) >= min_len and gaz._has(s, "s"):
            for p in gaz._lookup(s, "s"):
                out.setdefault(p.id, (p, "skeleton"))
    return list(out.values())


def _arabic_at(gaz, toks: list[Tok], i: int, cued: bool) -> Mention | None:
    """An Arabic name: exact (held in Arabic) when prominent or introduced by a settlement word, else
    by skeleton against Latin names only after such a word ('قرى كفر حور وبيت سابر')."""
    t = toks[i]
    heads = gaz.cues.get("head", {})
    if t.f in gaz.cues.get("settlement", {}) or t.f in gaz.not_places:
        return None
    for skip, first in dict.fromkeys(strip_arabic_clitics(t.f)):
        if skip and len(first.removeprefix("ال")) < 4 and not (cued and first in heads) \
                or first in gaz.cues.get("settlement", {}) or first in gaz.not_places:
            continue
        j = i + 1
        while j < len(toks) and toks[j].ar and j - i < 4 and not toks[j].split:
            j += 1
        if not gaz.may_start(exact_key(first, folded=True)):
            j = i  # no name starts with this word: only the skeleton paths below remain
        for n in range(j - i, 0, -1):
            if n == 1 and first in heads and j - i > 1:
                continue  # 'عين' of 'عين الأسد' is not a place alone
            words = [first] + [x.f for x in toks[i + 1:i + n]]
            phrase = " ".join(words)
            key = exact_key(phrase, folded=True)
            if len(key) < 3 or phrase in gaz.not_places or not gaz._has(key, "x"):
                continue
            cands = [(p, "exact") for p in gaz._lookup(key, "x") if _same_article(phrase, p)
                     and (len(key) >= 4 or cued or phrase.startswith("ال") or p.source == "frontwatch"
                          or p.country in _ARAB_WORLD and p.population >= 100_000)]
            cands += _namesakes(gaz, cands)
            if not cands or not cued and not any(_well_known(p) for p, _ in cands):
                continue
            return Mention(_orig(toks[i], skip), toks[i + n - 1].end, i, i + n, cands, t.sent)
        if cued and not skip and first.startswith("و") and len(first) >= 4:
            continue  # in a list ('وبيتيما', 'وكفر حور'): the next reading, without the conjunction
        n = 2 if (first in heads and i + 1 < len(toks) and toks[i + 1].ar and not toks[i + 1].split) else 1
        words = " ".join([first] + [x.f for x in toks[i + 1:i + n]])
        if cued:
            from frontwatch.kb.gazetteer_store import SKELETON_COUNTRIES
            cands = [(p, h) for p, h in _skeleton_cands(gaz, words, min_len=3) if p.country in SKELETON_COUNTRIES]
            return Mention(_orig(t, skip), toks[i + n - 1].end, i, i + n, cands, t.sent)
        if i > 0 and toks[i - 1].f in gaz.cues.get("prep", {}) and not skip and len(first) >= 4:
            cands = [(p, h) for p, h in _skeleton_cands(gaz, words, min_len=3)
                     if (p.population >= 100_000 or p.kind == "capital") and p.country not in _ARAB_WORLD]
            if cands:  # a foreign city spelt out in Arabic ('في سوتشي – روسيا'): its country must be named too
                return Mention(t.start, toks[i + n - 1].end, i, i + n, cands, t.sent, needs_country=True)
    return None


def _namesakes(gaz, cands: list[tuple[Place, str]]) -> list[tuple[Place, str]]:
    """Places sharing the Latin name of an Arabic match: an Arabic exonym held only for one 'Washington'
    reaches the others, and priors choose among them."""
    seen = {p.id for p, _ in cands}
    out = []
    for p, _ in list(cands):
        if p.source == "frontwatch" or not p.name.isascii():
            continue
        for q in gaz._lookup(exact_key(p.name), "x"):
            if q.id not in seen and q.name == p.name:
                seen.add(q.id)
                out.append((q, "exact"))
    return out


def _same_article(phrase: str, p: Place) -> bool:
    """'السورية' (the Syrian) is not 'سورية' (Syria): a phrase with the article matches only a name
    written with it."""
    if not phrase.startswith("ال"):
        return True
    key = exact_key(phrase, folded=True)
    return any(fold(n).startswith("ال") and exact_key(n) == key for n in p.names if is_arabic_token(n))


# Where Arabic is written: a mid-sized town's Arabic name is news there; elsewhere only big cities are.
_ARAB_WORLD = frozenset(["SY", "IQ", "LB", "JO", "PS", "SA", "YE", "LY", "EG", "KW", "QA", "AE", "BH", "OM", "SD", "TN", "DZ", "MA"])


def _well_known(p: Place) -> bool:
    """An Arabic name taken without a word such as 'مدينة' before it: an area, a capital, a town of
    20,000 in the Arab world or a city of 500,000 elsewhere."""
    if p.kind in _AREA_KINDS or p.kind == "capital":
        return True
    return p.population >= (20_000 if p.country in _ARAB_WORLD else 500_000)


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
        if how == "exact" and p.kind in _AREA_KINDS:
            return p
    for p, how in sorted(m.cands, key=lambda c: -c[0].population):
        if how == "exact" and p.feature_class == "P" and p.admin1 and (p.country, p.admin1) in gaz._admin:
            return gaz._admin[(p.country, p.admin1)]
    return None


def _directional(gaz, toks: list[Tok], m: Mention) -> None:
    """Turns 'northern Hama', 'the north-eastern countryside of Hama', 'ريف حماة الشمالي الشرقي', 'near
    Damascus' into an area (point, radius) and widens the mention over the phrase."""
    near = gaz.cues.get("near", {})
    i = m.t0
    if i > 0 and toks[i - 1].f in near or (i > 1 and toks[i - 1].f in ("of", "من") and toks[i - 2].f in near):
        m.near = float(near.get(toks[i - 1].f) or near.get(toks[i - 2].f) or 25)
    base = _base_area(gaz, m)
    if base is None:
        return
    if base.kind in ("river", "border", "continent"):
        m.area = base
        return
    from_city = not any(p.id == base.id for p, _ in m.cands)
    bearing, countryside, start, end = _phrase_around(gaz, toks, m, from_city)
    if bearing is None and not countryside:
        if not from_city and base.kind in _AREA_KINDS:
            m.area = base
        return
    m.area = _sub_area(base, bearing, countryside)
    m.cands = [(m.area, "exact")]
    m.start, m.end, m.t0, m.t1 = toks[start].start, toks[end - 1].end, start, end


def _phrase_around(gaz, toks: list[Tok], m: Mention, from_city: bool) -> tuple[float | None, bool, int, int]:
    """(bearing, countryside?, first token, end token) of the compass/countryside words around a mention:
    before it ('northern', 'the north-eastern countryside of', 'ريف'), after it ("'s northern countryside",
    'province', 'الشمالي الشرقي')."""
    dirs, country_words = gaz._dirs, gaz.cues.get("countryside", {})
    i, j = m.t0, m.t1
    bearing, countryside, start, end = None, False, i, j
    k = i
    if k > 0 and toks[k - 1].f == "of":
        k -= 1
        if k > 0 and toks[k - 1].f in country_words:
            countryside, k = True, k - 1
    elif k > 0 and toks[k - 1].f in country_words:
        countryside, k = True, k - 1
    b, k2 = _dir_before(dirs, toks, k)
    if b is not None and (k != i or k2 < i):
        bearing, start = b, k2
    elif countryside:
        start = k
    e = j + 1 if j < len(toks) and toks[j].f == "s" else j
    b2, e2 = _dir_after(dirs, toks, e)
    follows = e2 < len(toks) and toks[e2].f in country_words
    if b2 is not None and (countryside or follows or (toks[e2 - 1].ar and not from_city)):
        bearing = b2 if bearing is None else bearing
        end = e2 + 1 if follows else e2
        countryside = countryside or follows
    elif e < len(toks) and toks[e].f in country_words and not toks[e].ar:
        countryside, end = True, e + 1
    return bearing, countryside, start, end


def _sub_area(base: Place, bearing: float | None, countryside: bool) -> Place:
    """The area of a phrase: the base area's countryside, or its part towards a bearing (a point 0.6 radius
    out, half the radius)."""
    from frontwatch.kb.gazetteer import _DIR_NAMES, _offset
    if bearing is None:
        return replace(base, name=f"{base.name} countryside", kind="region", precision="region")
    lat, lon = _offset(base.lat, base.lon, bearing, 0.6 * base.radius_km)
    return replace(base, id=f"{base.id}#{int(bearing)}", name=f"{base.name} ({_DIR_NAMES.get(int(bearing), '')})",
                   lat=round(lat, 4), lon=round(lon, 4), radius_km=0.5 * base.radius_km, kind="region",
                   precision="region")


# ---- resolution --------------------------------------------------------------------------------------------

def _country_focus(mentions: list[Mention], toks: list[Tok] | None = None,
                   demonyms: dict[str, str] | None = None) -> dict[str, float]:
    """Weights of the countries a text is about: countries and areas it names (1), places with one
    country (0.5), demonyms ('Iraqi army', 'الجيش السوري': 0.3)."""
    w: dict[str, float] = {}
    for t in toks or ():
        cc = (demonyms or {}).get(t.f)
        if cc:
            w[cc] = w.get(cc, 0) + 0.3
    for m in mentions:
        if m.continued or m.kinds:  # 'Avana oil field': its namesakes (Havana) say nothing of the text
            continue
        cs = {p.country for p, how in m.cands if how == "exact" and p.country}
        if m.area is not None and m.area.country:
            w[m.area.country] = w.get(m.area.country, 0) + 1.0
        elif len(cs) == 1:
            w[cs.pop()] = w.get(next(iter({p.country for p, _ in m.cands})), 0) + 0.5
    top = max(w.values(), default=0)
    return {k: v / top for k, v in w.items()} if top else {}


def _areas_for(m: Mention, by_sent: dict[int, list[int]], mentions: list[Mention],
               resolved: dict[int, object]) -> list[Place]:
    """Areas named in the mention's sentence (else the sentence before): regions, directional phrases,
    and 'near X' around a resolved X."""
    def areas_in(sent: int) -> list[Place]:
        out = []
        for k in by_sent.get(sent, ()):
            o = mentions[k]
            if o is m:
                continue
            if o.area is not None and (o.area.kind not in ("country", "continent") or "#" in o.area.id):
                out.append(o.area)
            elif o.near and resolved.get(k) is not None:
                p = resolved[k]
                out.append(replace(p, id=p.id + "~near", name=f"near {p.name}", radius_km=o.near, kind="region"))
        return out
    return areas_in(m.sent) or [replace(a, source="previous sentence") for a in areas_in(m.sent - 1)]


@dataclass
class _Text:
    """What resolving one text's mentions shares: the mentions, their sentences, the choices so far."""

    gaz: object
    text: str
    mentions: list[Mention]
    base: object  # the caller's GeoContext
    focus: dict[str, float]
    by_sent: dict[int, list[int]]
    chosen: dict[int, Place | None]

    def context(self, k: int, points: list[tuple[float, float]]):
        from frontwatch.kb.gazetteer import GeoContext
        m = self.mentions[k]
        return GeoContext(countries=self.focus, points=list(self.base.points) + points,
                          areas=list(self.base.areas) + _areas_for(m, self.by_sent, self.mentions, self.chosen))

    def siblings(self, k: int, back: int = 0) -> list[tuple[float, float]]:
        """Points of the other place mentions of k's sentence (or of the sentence `back` before it)."""
        sent = self.mentions[k].sent - back
        return [(q.lat, q.lon) for o, q in self.chosen.items() if q is not None and o != k
                and self.mentions[o].sent == sent and self.mentions[o].area is None]


def resolve_mentions(gaz, text: str, mentions: list[Mention], toks: list[Tok], context) -> list:
    """Resolves a text's mentions together: areas first, then every name; a second round with the
    places the confident ones gave."""
    from frontwatch.kb.gazetteer import GeoContext

    base = context or GeoContext()
    focus = dict(base.countries) or _country_focus(mentions, toks, gaz.cues.get("demonym"))
    by_sent: dict[int, list[int]] = {}
    for k, m in enumerate(mentions):
        by_sent.setdefault(m.sent, []).append(k)
    st = _Text(gaz, text, mentions, base, focus, by_sent, {})
    results: dict[int, tuple] = {}
    order = sorted(range(len(mentions)), key=lambda k: (mentions[k].area is None, mentions[k].near == 0))
    for rnd in (0, 1):
        owned = [(k, (p.lat, p.lon)) for k, p in st.chosen.items()
                 if p is not None and mentions[k].area is None and results[k][4]] if rnd else []
        for k in order:
            same = fold(text[mentions[k].start:mentions[k].end])  # nor the same name said again elsewhere
            points = sorted({pt for o, pt in owned if o != k and fold(text[mentions[o].start:mentions[o].end]) != same})
            results[k] = _choose_one(st, k, points)
            st.chosen[k] = results[k][0]
    _one_sense(text, mentions, results)
    return [r for k in range(len(mentions)) if (r := _resolution(st, k, results[k])) is not None]


def _one_sense(text: str, mentions: list[Mention], results: dict[int, tuple]) -> None:
    """One place per name per text: a name said again ('holding al-Omar') is the place its best-scored
    mention got ('al-Omar, the largest oil field'), not a namesake its own thinner context prefers."""
    best: dict[str, int] = {}
    for k, m in enumerate(mentions):
        if m.area is None and results[k][0] is not None:
            key = fold(text[m.start:m.end])
            if key not in best or results[k][1] > results[best[key]][1]:
                best[key] = k
    for k, m in enumerate(mentions):
        b = best.get(fold(text[m.start:m.end]))
        if b is None or b == k or m.area is not None or m.weak:
            continue
        p = results[k][0]
        if p is None or p.id != results[b][0].id:
            _, s, runners, why, confident = results[b]
            results[k] = (results[b][0], s, runners, why + ["the same name as earlier in the text"], confident)


def _choose_one(st: _Text, k: int, points: list[tuple[float, float]]) -> tuple:
    """(place or None, score, runners-up, why, confident?) for mention k."""
    m = st.mentions[k]
    if m.area is not None:
        return m.area, 1.0, [], ["an area phrase"], True
    ctx = st.context(k, points)
    if m.weak and not ctx.areas and not ctx.points:  # a weak list member needs its neighbours
        ctx.points = st.siblings(k)
    strict = m.cued or len(m.cands) > 1 or m.continued
    cands = m.cands
    if m.kinds:  # 'Avana oil field' is an oil field: not Havana; 'the Kirkuk oil fields' lie at Kirkuk
        cands = [(p, how) for p, how in cands if p.kind in m.kinds] or [
            (p, how) for p, how in cands if st.focus.get(p.country or "", 0.0) >= 0.5 or any(
                haversine_km(p.lat, p.lon, a.lat, a.lon) <= max(a.radius_km, 5) * 1.25 + 5 for a in ctx.areas)]
        if not cands and m.cands:
            why = [f"no {'/'.join(sorted(m.kinds))} of that name in the text's countries or areas: left unlocated"]
            return None, 0.0, [], why, False
    p, s, runners, why = st.gaz._choose(st.text[m.start:m.end], cands, ctx, strict=strict)
    refusal = p and _refusal(st, m, p, ctx, points)
    if refusal:
        why, p = why + [f"refused {p.name}: {refusal}"], None
    confident = p is not None and (len(m.cands) == 1 or not runners or s - runners[0][2] >= 0.3)
    return p, s, runners, why, confident


def _refusal(st: _Text, m: Mention, p: Place, ctx, points: list[tuple[float, float]]) -> str | None:
    """Why a chosen place is not taken after all, given how weak its mention is; None when it is."""
    def near(pts) -> bool:
        return any(haversine_km(p.lat, p.lon, *q) <= 60 for q in pts)
    if m.needs_support and not near(points):
        return "a respelling with no place of the text near it"
    if m.needs_country and not any(st.mentions[o].area is not None and st.mentions[o].area.kind == "country"
                                   and st.mentions[o].area.country == p.country for o in st.by_sent[m.sent]):
        return "a respelt foreign city whose country the sentence does not name"
    if m.weak and not ctx.areas and not near(ctx.points):
        return "listed with places far from it"
    if m.continued and st.focus.get(p.country or "", 0.0) < 0.5 and p.kind not in ("country", "capital") \
            and p.population < 1_000_000:
        return f"a word of a longer name ('{st.text[m.start:m.end]} ...') far from the countries of the text"
    return None


def _resolution(st: _Text, k: int, result: tuple):
    """The PlaceResolution of mention k: its place, or (for a village the text introduced) unlocated."""
    from frontwatch.kb.gazetteer import GeoContext, PlaceResolution, _ref
    m = st.mentions[k]
    p, s, runners, why, _ = result
    surface = st.text[m.start:m.end]
    if p is not None:
        ref = _ref(p, s, surface)
        if m.area is not None:
            ref.precision = "region" if p.kind != "country" or "#" in p.id else "country"
        return PlaceResolution(m.start, m.end, surface, ref, round(s, 3), runners, why, area=m.area)
    if not m.cued or m.weak:
        return None
    ctx = GeoContext(countries=st.focus, areas=list(st.base.areas) + _areas_for(m, st.by_sent, st.mentions,
                                                                                 st.chosen))
    near = st.siblings(k) or st.siblings(k, 1) or st.siblings(k, 2)  # 'the town of X' after a report nearby
    return st.gaz._unlocated(surface, m.start, m.end, ctx, near, runners, why, bare=True)
