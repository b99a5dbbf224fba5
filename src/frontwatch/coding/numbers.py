"""Numbers in English text (digits and words) and fatality counts: "killing 50", "no casualties", ranges."""
from __future__ import annotations

import re

from frontwatch.nlp.normalize import whole_number

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities keep their lower bound: "dozens" is at least 24, "scores" at least 40.
_VAGUE = {"a": 1, "an": 1, "a dozen": 12, "dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200,
          "thousands": 2000, "several": 3, "a few": 2, "few": 2, "a couple": 2, "couple": 2}
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|" \
        r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|" \
        r"hundred|thousand|million|and|a)"
NUMBER_RE = re.compile(
    rf"\b(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_WORD}[\s-]+)*(?:{_WORD[3:-1]})|a dozen|dozens|scores|hundreds|thousands|several)\b",
    re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """'50' -> 50, 'fifty-two' -> 52, 'two hundred' -> 200, '1,200' -> 1200, 'dozens' -> 24; else None."""
    t = text.strip().lower().replace(",", "")
    if not t:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return whole_number(t)
    if t in _VAGUE:
        return _VAGUE[t]
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", t):
        if w == "and" or (w in ("a", "an") and not seen):
            if w in ("a", "an"):
                current = 1
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


_NW = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_NW})(?:[\s-](?:{_NW})){{0,2}})"
_RANGE = re.compile(rf"\b(?:between\s+)?(?P<lo>{_NUM})\s*(?:-|–|to|and|or)\s*(?P<hi>{_NUM})\b", re.I)
_NONE = re.compile(r"\b(?:no|without(?:\s+any)?|zero)\s+(?:casualties|deaths|fatalities|losses|one\s+(?:was\s+)?killed|"
                   r"injuries\s+or\s+deaths|dead)\b|\bnobody\s+(?:was\s+)?killed|\bno\s+one\s+(?:was\s+)?(?:killed|hurt)",
                   re.I)
_DEATH_WORDS = ("kill", "dead", "death", "die", "fatalit", "casualt", "bodies", "slain", "massacre", "neutraliz",
                "neutralis", "eliminat")


def parse_range(text: str) -> tuple[int, str] | None:
    """'10-15' / 'between 10 and 15' / 'ten to fifteen' -> (10, text); lower figure kept."""
    m = _RANGE.search(text)
    if not m:
        return None
    lo, hi = parse_number(m.group("lo")), parse_number(m.group("hi"))
    if lo is None or hi is None or hi < lo:
        return None
    return lo, m.group(0)


def no_casualties(text: str) -> str | None:
    """The phrase saying nobody died ('no casualties', 'nobody was killed'), if any."""
    m = _NONE.search(text)
    return m.group(0) if m else None


def is_death_word(lemma: str) -> bool:
    """True for lemmas that count the dead ('kill', 'death', 'casualty', ...)."""
    return lemma.lower().startswith(_DEATH_WORDS)
