"""Place-name keys: an exact key (folded, articles dropped) and a romanised consonant skeleton shared by
Latin and Arabic spellings (الشعيطات ~ Shu'aytat ~ Shaitat), so a Latin-only village is found from Arabic."""
from __future__ import annotations

import functools
import re

from frontwatch.nlp.normalize import fold

__all__ = ["ARTICLES", "exact_key", "is_arabic_token", "name_fold", "skeleton", "skeletons", "strip_arabic_clitics", "tokens"]

# Romanised forms of the Arabic article, written as a separate token ("al-Bukamal", "Deir ez-Zor").
ARTICLES = frozenset(["al", "el", "ul", "il", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an", "en", "adh", "ath", "dh"])
# Article tokens that may open a place mention in running English text ("al-Qaim", "el-Arish").
LEADING_ARTICLES = frozenset({"al", "el"})

_AR_RE = re.compile(r"[\u0600-\u06FF]")
# Arabic letters to one consonant class each; long vowels, hamza and ayn carry nothing.
_AR_SKEL = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "X", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "G",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "",
    "ا": "", "ء": "", "پ": "b", "چ": "S", "ژ": "j", "ڤ": "f",
}
# Latin digraphs first, then single letters; vowels and the glides y/w carry nothing.
_LAT_DIGRAPHS = [("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "X"), ("gh", "G"), ("th", "t"),
                 ("dh", "d"), ("dj", "j"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("ee", "i"), ("oo", "u")]
_LAT_SKEL = {"q": "k", "c": "k", "g": "G", "p": "b", "v": "f", "x": "ks", "a": "", "e": "", "i": "",
             "o": "", "u": "", "y": "", "w": ""}
_LATIN_END = re.compile(r"(?:[aeiouy]|[ae]h)$")


_APOSTROPHES = re.compile(r"(?<=\w)[’'ʿʾ`‘](?=\w)")


def name_fold(name: str) -> str:
    """`fold` of a name, an apostrophe inside a word (for ayn or hamza) joining rather than splitting it,
    as the tokenizer of running text does: 'Rif‘at' -> 'rifat', 'al-Qa'im' -> 'al qaim'."""
    return fold(_APOSTROPHES.sub("", name))


def is_arabic_token(tok: str) -> bool:
    return bool(_AR_RE.search(tok))


def tokens(folded: str) -> list[str]:
    return folded.split()


def _drop_articles(toks: list[str]) -> list[str]:
    kept = [t for t in toks if t not in ARTICLES]
    out = []
    for t in kept or toks:
        if is_arabic_token(t) and t.startswith("ال") and len(t) > 3:
            t = t[2:]
        out.append(t)
    return out


@functools.lru_cache(maxsize=200_000)
def exact_key(name: str, *, folded: bool = False) -> str:
    """Folded name with articles dropped and separators removed: 'al-Qa'im' and 'Al Qaim' -> 'qaim'."""
    toks = tokens(name if folded else name_fold(name))
    return "".join(_drop_articles(toks))


def _skel_word(word: str, last: bool) -> tuple[str, str]:
    """(consonants, end mark): the end mark 'a' stands for a final vowel or ta marbuta."""
    end = ""
    if is_arabic_token(word):
        if last and word[-1] in "اهى" or (last and len(word) > 2 and word[-1] == "ي"):
            end = "a"
            word = word[:-1] if word[-1] == "ه" else word
        word = word.replace("تش", "ش")  # 'ch' of foreign names (سوتشي ~ Sochi)
        return "".join(_AR_SKEL.get(c, "") for c in word), end
    if last and len(word) > 2 and _LATIN_END.search(word):
        end = "a"
        word = word.removesuffix("h")
    for a, b in _LAT_DIGRAPHS:
        word = word.replace(a, b)
    return "".join(_LAT_SKEL.get(c, c) for c in word if c.isalpha()), end


@functools.lru_cache(maxsize=200_000)
def skeletons(name: str, *, folded: bool = False) -> frozenset[str]:
    """Consonant skeletons of a name in either script: 'Kafr Hawar' and 'كفر حور' -> {'kfrhr'}. A Latin
    name whose first word opens with an attached article ('Albu Kamal') also gets the reading without it."""
    toks = _drop_articles(tokens(name if folded else name_fold(name)))
    if not toks:
        return set()
    readings = [toks]
    first = toks[0]
    if not is_arabic_token(first) and re.match(r"[ae]l[^aeiouy]", first) and len(first) > 3:
        readings.append([first[2:], *toks[1:]])
    out = set()
    for ws in readings:
        parts = [_skel_word(w, i == len(ws) - 1) for i, w in enumerate(ws)]
        body = re.sub(r"(.)\1+", r"\1", "".join(p for p, _ in parts))
        if body:
            out.add(body + parts[-1][1])
    return frozenset(out)


def skeleton(name: str, *, folded: bool = False) -> str:
    """The main skeleton of a name (see `skeletons`)."""
    toks = _drop_articles(tokens(name if folded else name_fold(name)))
    parts = [_skel_word(w, i == len(toks) - 1) for i, w in enumerate(toks)]
    body = re.sub(r"(.)\1+", r"\1", "".join(p for p, _ in parts))
    return body + parts[-1][1] if body else ""


_AR_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "لل", "و", "ف", "ب")


def strip_arabic_clitics(tok: str) -> list[tuple[int, str]]:
    """Readings of an Arabic token without leading conjunction/preposition clitics, with the number of
    characters removed: 'والبوكمال' -> [(0, 'والبوكمال'), (1, 'البوكمال')]; the article stays."""
    out = [(0, tok)]
    for p in _AR_PREFIXES:
        if tok.startswith(p) and len(tok) - len(p) >= 3:
            rest = tok[len(p):]
            if p.endswith("ال"):
                out.append((len(p) - 2, "ال" + rest))
            elif p == "لل":
                out.append((1, "ال" + rest[0:]))
            else:
                out.append((len(p), rest))
    return out
