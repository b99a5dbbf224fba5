"""Text-level helpers of actor matching: Arabic proclitics, acronyms, headlines in capitals, capitals
used as places, and romanised name skeletons."""
from __future__ import annotations

import re
from functools import lru_cache

from frontwatch.nlp.normalize import fold

__all__ = ["AR_PREFIXES", "AR_LL_PREFIXES", "SENTENCE_END", "APOSTROPHES", "MIN_SKELETON", "NAME_WORD",
           "CAPITALISED_RUN", "is_arabic_text", "is_acronym", "drop_place_metonyms", "skeleton", "shouting",
           "latin_variants"]

AR_PREFIXES = {c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")}
AR_LL_PREFIXES = {"لل", "ولل", "فلل"}  # ل + ال contracted: للجيش
SENTENCE_END = re.compile(r"[.!?؟\n]")
_WORD = re.compile(r"\w+")
APOSTROPHES = "'’‘`ʿʾʼ"
MIN_SKELETON = 6
NAME_WORD = re.compile(r"[A-Z][\w'’ʼ-]*|(?:al|el|bin|ibn|bint|abu|abou|ad|ud|ul)(?=[\s-])", re.UNICODE)
CAPITALISED_RUN = re.compile(r"[A-Z][\w'’ʼ-]*(?:[\s-]+(?:[A-Z][\w'’ʼ-]*|(?:al|el|bin|ibn|abu|abou)(?=[\s-])))+")


def is_arabic_text(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 1 < len(letters) <= 6 and all(c.isupper() and c.isascii() for c in letters)


_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|around|outside|from|to|into|towards?|between|across|through|via|at)|"
    r"(?:^|\s)(?:في|من|الى|إلى|نحو|قرب|بين|حول|عبر|داخل))\s*$", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|،)?\s*(?:and\s+|و)?$")


def drop_place_metonyms(text: str, offs: list[int], spans):
    """Drops a capital standing for a state ("Washington said") where it is a place ("in
    Washington", "between Tehran and Beirut", "بدمشق"), and the capitals listed right after it."""
    out, place_end = [], None
    for s, e, aliases in spans:
        start, end = offs[s], offs[e - 1] + 1
        if all(a.how == "metonym" for a in aliases):
            word_start = start
            while word_start > 0 and text[word_start - 1].isalpha():
                word_start -= 1
            prefix = text[word_start:start]
            if (_PLACE_BEFORE.search(text[max(0, word_start - 30):word_start]) or prefix.endswith("ب")
                    or (place_end is not None and _LIST_GAP.match(text[place_end:start]))):
                place_end = end
                continue
        out.append((s, e, aliases))
    return out


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A romanised name reduced to its consonants: spellings of one Arabic name mostly agree on it
    (Qassem Soleimani ~ Qasem Suleimani; Aboul Gheit ~ Abou Al Ghaith)."""
    s = fold(name).replace(" ", "")
    for a, b in (("th", "t"), ("dh", "d"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ph", "f"), ("ch", "s"),
                 ("q", "k"), ("j", "g"), ("ou", "u"), ("ee", "i"), ("oo", "u")):
        s = s.replace(a, b)
    s = re.sub(r"[aeiouyw'h]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def shouting(text: str, start: int, end: int) -> bool:
    """True when the words on both sides are upper case too (a headline in capitals)."""
    before = _WORD.findall(text[max(0, start - 40):start])
    after = _WORD.findall(text[end:end + 40])
    return bool(before and after and len(before[-1]) > 1 and len(after[0]) > 1
                and before[-1].isupper() and after[0].isupper())


_SUN_AL = re.compile(r"\b([Aa])l-((?:sh|th|dh|[tdrzsn])(?=[a-z']))", re.IGNORECASE)
_ASSIMILATED = re.compile(r"\b([Aa])(sh|th|dh|[tdrzsn])-(\2)", re.IGNORECASE)
_LAST_AL = re.compile(r"(?<=\S)\s+(?:al|el)-(?=\S+$)", re.IGNORECASE)


def latin_variants(name: str) -> set[str]:
    """Other common romanisations of an Arabic name: the article assimilated to a sun letter or not
    ("Ahrar al-Sham" ~ "Ahrar ash-Sham", "Jabhat an-Nusra" ~ "Jabhat al-Nusra"), and without an inner
    article before the last word of names of three words or more ("Abu Bakr al-Baghdadi" ~ "Abu Bakr
    Baghdadi")."""
    out = {_SUN_AL.sub(lambda m: f"{m.group(1)}{m.group(2).lower()}-{m.group(2)}", name),
           _ASSIMILATED.sub(lambda m: f"{m.group(1)}l-{m.group(3)}", name)}
    if len(name.split()) >= 3:
        out.add(_LAST_AL.sub(" ", name))
    out.discard(name)
    return out
