"""Character-level text folding for matching names in English and Arabic, keeping offsets.

`fold` maps each input character to zero or one output characters, so `fold_with_offsets`
can give, for every character of the folded text, the index of the character it came from:
a match found in folded text maps back to the exact span of the original.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_with_offsets", "fold_arabic", "to_ascii_digits", "is_arabic"]

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel.
_AR_DROP = set(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                                 *range(0x06D6, 0x06EE), 0x0640])
_AR_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ۍ": "ي",
    "ؤ": "و", "ة": "ه", "ۀ": "ه", "ک": "ك", "گ": "ك",
}
_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
# Apostrophes, quotes, hyphens and dashes all fold to one space-like separator.
_SEPARATORS = set("-‐‑‒–—_'’‘`ʿʾʼ\"“”«».,;:()[]/\\،؛؟")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    if c in _AR_DROP:
        return ""
    if c in _AR_MAP:
        return _AR_MAP[c]
    if c in _DIGITS:
        return _DIGITS[c]
    if c in _SEPARATORS or c.isspace():
        return " "
    if "\u0600" <= c <= "\u06FF":
        return c
    base = unicodedata.normalize("NFKD", c)
    base = "".join(ch for ch in base if not unicodedata.combining(ch))
    return base[:1].lower() if base else ""


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Folds case, Latin and Arabic diacritics, alef/hamza/ya/ta-marbuta forms, digits and
    punctuation; runs of separators collapse to one space. Returns the folded text and, for each
    of its characters, the index in `text` it came from."""
    out: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        f = _fold_char(c)
        if not f:
            continue
        if f == " " and (not out or out[-1] == " "):
            continue
        out.append(f)
        offsets.append(i)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def fold(text: str) -> str:
    return fold_with_offsets(text)[0]


def fold_arabic(text: str) -> str:
    """Arabic-only normalisation (diacritics, tatweel, letter forms, digits), punctuation kept."""
    return "".join(
        "" if c in _AR_DROP else _AR_MAP.get(c, _DIGITS.get(c, c)) for c in text
    )


def to_ascii_digits(text: str) -> str:
    return "".join(_DIGITS.get(c, c) for c in text)


MAX_COUNT_DIGITS = 30  # no toll or count of anything has more; longer runs are codes, phone numbers or junk


def whole_number(raw: str) -> int | None:
    """The whole part of a run of ASCII digits with an optional decimal part ('1200' -> 1200, '2.5' -> 2),
    exactly (no float on the way); None when it is not such a run or longer than any count can be."""
    whole, _, frac = raw.partition(".")
    if not whole.isascii() or not whole.isdigit() or (frac and not (frac.isascii() and frac.isdigit())):
        return None
    if len(whole.lstrip("0")) > MAX_COUNT_DIGITS:
        return None
    return int(whole)


def is_arabic(text: str, threshold: float = 0.3) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _ARABIC_RE.match(c)) / len(letters) >= threshold
