"""Dates printed in articles: English and Arabic month names, numeric forms, date-only lines."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from frontwatch.articles.phrases import Phrases, default_phrases
from frontwatch.nlp.normalize import fold

__all__ = ["find_date", "date_line", "url_date"]

_NUMERIC = [
    (re.compile(r"\b(\d{4}) (\d{1,2}) (\d{1,2})\b"), ("y", "m", "d")),  # 2017-11-19 folds to "2017 11 19"
    (re.compile(r"\b(\d{1,2}) (\d{1,2}) (\d{4})\b"), ("d", "m", "y")),  # 19/11/2017, 19.11.2017
]
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-)")


@lru_cache(maxsize=4)
def _month_patterns(phrases: Phrases) -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(re.escape(m) for m in sorted(phrases.months, key=len, reverse=True))
    mdy = re.compile(rf"(?<!\w)({names}) (\d{{1,2}})(?:st|nd|rd|th)? (\d{{4}})(?!\d)")
    dmy = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({names}) (\d{{4}})(?!\d)")
    return mdy, dmy


def _iso(y: str, m: int | str, d: str) -> str | None:
    try:
        day = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day.isoformat() if 1990 <= day.year <= 2100 else None


def _matches(folded: str, phrases: Phrases):
    mdy, dmy = _month_patterns(phrases)
    for m in mdy.finditer(folded):
        yield m.start(), m.end(), _iso(m.group(3), phrases.months[m.group(1)], m.group(2))
    for m in dmy.finditer(folded):
        yield m.start(), m.end(), _iso(m.group(3), phrases.months[m.group(2)], m.group(1))
    for rx, order in _NUMERIC:
        for m in rx.finditer(folded):
            parts = dict(zip(order, m.groups()))
            yield m.start(), m.end(), _iso(parts["y"], parts["m"], parts["d"])


def find_date(text: str, phrases: Phrases | None = None) -> tuple[str, int, int] | None:
    """First full date (day, month, year) in `text`: (YYYY-MM-DD, start, end) in folded text."""
    phrases = phrases or default_phrases()
    folded = fold(text)
    hits = sorted((s, e, iso) for s, e, iso in _matches(folded, phrases) if iso)
    return (hits[0][2], hits[0][0], hits[0][1]) if hits else None


def date_line(text: str, phrases: Phrases | None = None) -> str | None:
    """The date when the line is only a date (plus fillers such as weekday, 'Posted on', a time)."""
    phrases = phrases or default_phrases()
    if len(text) > 80:
        return None
    folded = fold(text)
    hit = find_date(text, phrases)
    if not hit:
        return None
    rest = (folded[:hit[1]] + " " + folded[hit[2]:]).split()
    i = 0
    while i < len(rest):
        two = " ".join(rest[i:i + 2])
        if two in phrases.date_filler:
            i += 2
        elif rest[i] in phrases.date_filler or (rest[i].isdigit() and len(rest[i]) <= 2) or rest[i] in "|•":
            i += 1
        else:
            return None
    return hit[0]


def url_date(url: str | None) -> str | None:
    """A /YYYY/MM/DD/ date in a URL path."""
    m = _URL_DATE.search(url or "")
    return _iso(m.group(1), m.group(2), m.group(3)) if m else None
