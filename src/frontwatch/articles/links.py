"""Links between articles: translations (same names and numbers in order across languages) and
near-duplicate re-posts (MinHash LSH), so that no report is counted twice."""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from frontwatch.models import Article
from frontwatch.nlp.normalize import to_ascii_digits

__all__ = ["link_articles", "translation_pairs", "translation_score", "DUPLICATE_THRESHOLD"]

TRANSLATION_THRESHOLD = 0.12
DUPLICATE_THRESHOLD = 0.8
_LENGTH_RATIO = (0.45, 1.3)  # length of an Arabic text over its English counterpart, in characters
_MAX_WORDS = 20000
_NUM_PERM = 128
# Features are a function of the text alone and are cached by it, so each article's are computed once
# however many windows it is linked in. Twice the run's link window (pipeline.LINK_WINDOW) keeps a
# whole window cached; a larger window still links correctly, only recomputing features.
_FEATURE_CACHE = 4096

# Consonant skeletons: a name spelt in Latin and in Arabic letters reduces to the same classes.
_LAT_DIGRAPHS = (("sh", "S"), ("kh", "X"), ("gh", "K"), ("th", "T"), ("dh", "D"), ("ph", "F"), ("ch", "S"))
_LAT = dict(zip("bptdkcqgjhszxrlmnfv", "BBTDKKKKJHSZXRLMNFF"))
_AR = dict(zip("بتثطدذضظكقغجهحخسصشزرلمنف", "BTTTDDDDKKKJHHXSSSZRLMNF"))
_CAP_WORD = re.compile(r"(?<![\w’'])([A-Z][\w’'-]+)")
_AR_WORD = re.compile(r"[\u0621-\u064A]+")
_ARTICLE_PARTS = {"al", "el", "ad", "as", "ash", "an", "ar", "at", "az"}
_STOP_CAPS = set("""the a an in on at of and but for to by with from this that these those it its he she
they we i as if so or not no is was are were be been has have had will would can could may might must
there their his her our after before first second third however thus moreover today yet when while
according""".split())


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


def _latin_skeleton(word: str) -> str:
    w = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    for a, b in _LAT_DIGRAPHS:
        w = w.replace(a, b)
    return _collapse("".join(_LAT.get(c, c if c.isupper() else "") for c in w))


def _arabic_skeleton(word: str) -> str:
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
    if word[:1] in "بلكف" and word[1:3] == "ال" and len(word) > 4:
        word = word[1:]
    if word.startswith("لل") and len(word) > 4:
        word = word[2:]
    elif word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return _collapse("".join(_AR.get(c, "") for c in word))


def _name_skeletons(text: str) -> list[str]:
    """Skeletons of the text's names: capitalised words in Latin script, every word in Arabic."""
    out = []
    for m in _CAP_WORD.finditer(text):
        if m.group(1).lower() in _STOP_CAPS:
            continue
        for part in re.split(r"[-’']", m.group(1)):
            s = _latin_skeleton(part) if part.lower() not in _ARTICLE_PARTS else ""
            if len(s) >= 2:
                out.append(s)
    out.extend(s for s in (_arabic_skeleton(w) for w in _AR_WORD.findall(text)) if len(s) >= 2)
    return out


def _numbers(text: str) -> set[str]:
    """Figures of the text, years left out: any two reports of the same period share the year."""
    return {n for n in re.findall(r"\d{2,}", to_ascii_digits(text)) if not re.fullmatch(r"(19|20)\d\d", n)}


@lru_cache(maxsize=1)
def _month_skeletons() -> frozenset[str]:
    """Month names (English and Arabic) as skeletons: every article of a month shares them."""
    from frontwatch.articles.phrases import default_phrases

    out = set()
    for name in default_phrases().months:
        for word in name.split():
            out.add(_arabic_skeleton(word) if _AR_WORD.fullmatch(word) else _latin_skeleton(word))
    return frozenset(s for s in out if len(s) >= 2)


_MASK_BITS = 4096


@dataclass(frozen=True)
class _Names:
    """What translation scores compare: name skeletons in text order (months left out), the distinct
    skeletons and the figures. `mask` has one bit per distinct skeleton (its hash modulo _MASK_BITS),
    `crowded` the bits of several: see `_two_shared`."""

    skeletons: tuple[str, ...]
    distinct: frozenset[str]
    numbers: frozenset[str]
    mask: int
    crowded: int


@lru_cache(maxsize=_FEATURE_CACHE)
def _names_of(text: str) -> _Names:
    months = _month_skeletons()
    skeletons = tuple(s for s in _name_skeletons(text[:50000]) if s not in months)
    distinct = frozenset(skeletons)
    mask = crowded = 0
    for s in distinct:
        bit = 1 << (hash(s) % _MASK_BITS)
        crowded |= mask & bit
        mask |= bit
    return _Names(skeletons, distinct, frozenset(_numbers(text)), mask, crowded)


def _two_shared(a: _Names, b: _Names) -> bool:
    """False only when the texts share fewer than two skeletons: shared skeletons on two bits or more
    leave two common bits, and two on one bit leave a bit crowded in both."""
    common = a.mask & b.mask
    return common.bit_count() >= 2 or bool(common & a.crowded & b.crowded)


def translation_score(a: Article, b: Article) -> float:
    """How likely one article translates the other: shared names in the same order, shared numbers,
    plausible length ratio. 0 when the languages are the same or the lengths are implausible."""
    if not a.language or not b.language or a.language == b.language or not a.text or not b.text:
        return 0.0
    ratio = len(b.text) / len(a.text)
    if b.language == "ar" or a.language == "ar":
        ratio = ratio if b.language == "ar" else 1 / ratio
        if not _LENGTH_RATIO[0] <= ratio <= _LENGTH_RATIO[1]:
            return 0.0
    elif not 0.6 <= ratio <= 1.6:
        return 0.0
    fa, fb = _names_of(a.text), _names_of(b.text)
    shared = fa.distinct & fb.distinct
    small = min(len(fa.distinct), len(fb.distinct))
    if len(shared) < 2 or not small:  # one name in common (a city, or a word like مصدر ~ Masdar) is chance
        return 0.0
    coverage = len(shared) / small
    xa, xb = [s for s in fa.skeletons if s in shared], [s for s in fb.skeletons if s in shared]
    matcher = difflib.SequenceMatcher(None, xa, xb, autojunk=False)
    order = 2 * sum(m.size for m in matcher.get_matching_blocks()) / (len(xa) + len(xb))
    na, nb = fa.numbers, fb.numbers
    numbers = len(na & nb) / len(na | nb) if na and nb else 0.0
    names = coverage * order
    if names < TRANSLATION_THRESHOLD / 2:  # a shared figure or two (a day of the month) only corroborates names
        return names
    return names + 0.2 * numbers


def _is_translation(x: Article, y: Article) -> bool:
    """Whether x is the translation (y the original): a translator line, a later date, else the
    non-Arabic side (on these pages Arabic originals are translated into English, rarely the reverse)."""
    if bool(x.translator) != bool(y.translator):
        return bool(x.translator)
    if x.published and y.published and x.published != y.published:
        return x.published > y.published
    return y.language == "ar" and x.language != "ar"


def _plausible(a: Article, lengths: np.ndarray, languages: np.ndarray) -> np.ndarray:
    """Positions of the articles (given by text length and language) `translation_score` may score
    above 0 against `a`: another language, a length ratio in range. A superset (bounds widened by
    1e-9), so the score itself still decides; it only spares the calls that would return 0."""
    if not a.language or not a.text:
        return np.empty(0, dtype=np.intp)
    ratio, eps = lengths / len(a.text), 1e-9
    if a.language == "ar":  # the other side is the non-Arabic one: its ratio is the inverse
        ok = (ratio >= 1 / _LENGTH_RATIO[1] - eps) & (ratio <= 1 / _LENGTH_RATIO[0] + eps)
    else:
        ok = np.where(languages == "ar", (ratio >= _LENGTH_RATIO[0] - eps) & (ratio <= _LENGTH_RATIO[1] + eps),
                      (ratio >= 0.6 - eps) & (ratio <= 1.6 + eps))
    return np.flatnonzero(ok & (languages != a.language) & (languages != "") & (lengths > 0))


def translation_pairs(articles: list[Article], previous: Iterable[Article] = ()) -> list[tuple[Article, Article]]:
    """(translation, original) pairs, each article in at most one pair, best-scoring pairs first.
    Every new article is compared with every other and with each of `previous` (quadratic: pass a
    recent window of stored articles, not the whole store)."""
    pool = [*articles, *previous]
    lengths = np.fromiter((len(x.text) for x in pool), dtype=np.float64, count=len(pool))
    languages = np.array([x.language or "" for x in pool], dtype=str)
    scored = []
    for i, a in enumerate(articles):
        near = _plausible(a, lengths[i + 1:], languages[i + 1:])
        names = _names_of(a.text) if len(near) else None
        for j in near:
            b = pool[i + 1 + j]
            if not _two_shared(names, _names_of(b.text)):
                continue  # translation_score needs two names in common
            s = translation_score(a, b)
            if s >= TRANSLATION_THRESHOLD:
                scored.append((s, a, b))
    used: set[int] = set()
    pairs = []
    for _, a, b in sorted(scored, key=lambda t: -t[0]):
        if id(a) in used or id(b) in used:
            continue
        used.update((id(a), id(b)))
        pairs.append((a, b) if _is_translation(a, b) else (b, a))
    return pairs


_FOLD_TABLE = str.maketrans({**{c: "ا" for c in "أإآٱ"}, "ى": "ي", "ة": "ه", "ـ": None,
                             **{chr(c): None for c in range(0x064B, 0x0653)}})
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """Lower-cased words with Arabic letter variants and diacritics folded (fast; for shingles)."""
    return _WORD.findall(text[:400000].lower().translate(_FOLD_TABLE))[:_MAX_WORDS]


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """datasketch draws a MinHash's permutations from its seed on every construction; drawn once here."""
    return MinHash(num_perm=_NUM_PERM, seed=1).permutations


@lru_cache(maxsize=1)
def _band_ranges() -> tuple[tuple[int, int], ...]:
    """The LSH bands datasketch chooses for the duplicate threshold (computing them costs a quarter second)."""
    lsh = MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=_NUM_PERM)
    return tuple(lsh.hashranges)


@dataclass(frozen=True)
class _Signature:
    """A text's MinHash values and its LSH band keys (band number + that band's values): two texts
    are candidate re-posts when they share a band key, as in a `MinHashLSH` built with `_band_ranges`."""

    hashvalues: np.ndarray
    bands: frozenset[bytes]

    def jaccard(self, other: _Signature) -> float:  # as MinHash.jaccard
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(len(self.hashvalues))


@lru_cache(maxsize=_FEATURE_CACHE)
def _signature(text: str) -> _Signature | None:
    """None for a blank text (never a re-post, never re-posted)."""
    if not text.strip():
        return None
    words = _words(text)
    shingles = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
    m = MinHash(num_perm=_NUM_PERM, seed=1, permutations=_permutations())
    m.update_batch([s.encode("utf-8") for s in shingles])
    hv = m.hashvalues
    bands = frozenset(i.to_bytes(2, "big") + hv[a:b].tobytes() for i, (a, b) in enumerate(_band_ranges()))
    return _Signature(hv, bands)


def _link_duplicates(articles: list[Article], previous: list[Article]) -> None:
    """Each new article not yet linked becomes a re-post of the first earlier article (in window order,
    then page order) that shares an LSH band with it, has its language and a MinHash Jaccard estimate of
    at least DUPLICATE_THRESHOLD; it points to that article's original if that one is a re-post itself.
    Blank articles take no part; of the articles with one id, only the first counts as earlier. Only
    the articles sharing a band with a new one are indexed: a call costs a set test per earlier article."""
    entries = [*previous, *articles]
    sigs = [_signature(x.text) for x in entries]
    queries = {i for i in range(len(previous), len(entries))
               if sigs[i] is not None and entries[i].duplicate_of is None}
    if not queries:
        return
    wanted = frozenset().union(*(sigs[i].bands for i in queries))
    near = [i for i, sig in enumerate(sigs) if sig is not None and not wanted.isdisjoint(sig.bands)]
    ids = [x.article_id for x in entries]
    if len(set(ids)) < len(ids):
        first: dict[str, int] = {}
        for i, sig in enumerate(sigs):
            if sig is not None:
                first.setdefault(ids[i], i)
        near = [i for i in near if first[ids[i]] == i]
    indexed = set(near)
    index: dict[bytes, list[int]] = {}
    for i in sorted(queries | indexed):
        art, sig = entries[i], sigs[i]
        if i in queries and art.duplicate_of is None:
            for k in sorted({k for key in sig.bands for k in index.get(key, ())}):
                other = entries[k]
                if other.language == art.language and sigs[k].jaccard(sig) >= DUPLICATE_THRESHOLD:
                    art.duplicate_of = other.duplicate_of or other.article_id
                    break
        if i in indexed:
            for key in sig.bands & wanted:
                index.setdefault(key, []).append(i)


def link_articles(articles: list[Article], previous: Iterable[Article] = ()) -> None:
    """Sets `translation_of` and `duplicate_of` on `articles` (in place). `previous` are articles
    already stored: re-posts and translations across documents link to them too."""
    ids = {a.article_id for a in articles}
    prev = [p for p in previous if p.article_id not in ids]
    _link_duplicates(articles, prev)
    new_ids = {id(a) for a in articles}
    originals = [a for a in articles if a.duplicate_of is None]
    for translation, original in translation_pairs(originals, [p for p in prev if p.duplicate_of is None]):
        if id(translation) in new_ids and translation.translation_of is None:
            translation.translation_of = original.article_id
        # a stored article found to be the translation of a new one is left as stored
