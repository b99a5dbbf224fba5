"""Dates in English sentences: explicit, year-less and relative ones, anchored on the article's date."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from frontwatch.coding.numbers import parse_number

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NUMW = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several)"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("my", re.compile(rf"\b{_MON}\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|by|until|early|late|mid)[\s-]+(?:early\s+|late\s+|mid-?)?{_MON}\b"
                         r"(?![\s,]+\d)", re.I)),
    ("later", re.compile(rf"\b{_NUMW}\s+(?P<unit>day|week)s?\s+later\b", re.I)),
    ("next", re.compile(r"\b(?:the\s+)?(?:next|following)\s+day\b|\bthe\s+day\s+after\b", re.I)),
    ("before", re.compile(r"\b(?:the\s+)?(?:previous|preceding)\s+day\b|\bthe\s+day\s+before\b", re.I)),
    ("same", re.compile(r"\b(?:on\s+)?the\s+same\s+day\b|\bthe\s+same\s+day\b", re.I)),
    ("ago", re.compile(rf"\b{_NUMW}\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("last", re.compile(r"\b(?:last|past|previous)\s+(?P<unit>week|month|year)\b", re.I)),
    ("this", re.compile(r"\b(?:earlier\s+)?this\s+(?P<unit>week|month|year)\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b|\blast\s+night\b", re.I)),
    ("today", re.compile(r"\btoday\b|\btonight\b|\bthis\s+(?:morning|afternoon|evening)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+past\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|"
                           r"saturday|sunday)\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|by|during)\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
]


@dataclass
class DateExpr:
    """One date expression found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    kind: str
    date: str | None
    precision: str | None


def _month_num(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")[:4] if s.lower().startswith("sept") else s.lower().rstrip(".")[:3]]


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, anchor: dt.date) -> int:
    """A year-less date takes the anchor's year, or the one before when it would fall >2 months after it."""
    cand = _safe(anchor.year, month, min(day, 28)) or anchor
    return anchor.year - 1 if (cand - anchor).days > 62 else anchor.year


def _resolve(kind: str, m: re.Match, anchor: dt.date | None, year_anchor: dt.date | None,
             previous: tuple[str, str] | None) -> tuple[dt.date | None, str | None]:
    g = m.groupdict()
    if kind == "iso":
        return _safe(int(g["y"]), int(g["m"]), int(g["d"])), "day"
    if kind in ("mdy", "dmy"):
        month, day = _month_num(g["mon"]), int(g["d"])
        if g.get("y"):
            return _safe(int(g["y"]), month, day), "day"
        base = anchor or year_anchor
        return (_safe(_year_for(month, day, base), month, day), "day") if base else (None, None)
    if kind == "month":
        base = anchor or year_anchor
        if base is None:
            return None, None
        month = _month_num(g["mon"])
        year = base.year - 1 if month > base.month else base.year
        return _safe(year, month, 1), "month"
    if kind == "my":
        return _safe(int(g["y"]), _month_num(g["mon"]), 1), "month"
    if kind == "year":
        return _safe(int(g["y"]), 1, 1), "year"
    if kind == "later":
        if previous and previous[0]:
            n = parse_number(g["n"]) or 1
            days = n * (7 if g["unit"].lower() == "week" else 1)
            return dt.date.fromisoformat(previous[0]) + dt.timedelta(days=days), g["unit"].lower()
        return None, None
    if kind in ("next", "before"):
        if previous and previous[0] and previous[1] == "day":
            shift = 1 if kind == "next" else -1
            return dt.date.fromisoformat(previous[0]) + dt.timedelta(days=shift), "day"
        return None, None
    if kind == "same":
        if previous and previous[0]:
            return dt.date.fromisoformat(previous[0]), previous[1]
        return None, None
    if anchor is None:
        return None, None
    if kind == "today":
        return anchor, "day"
    if kind == "yesterday":
        return anchor - dt.timedelta(days=1), "day"
    if kind == "weekday":
        back = (anchor.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        return anchor - dt.timedelta(days=back), "day"
    unit = g["unit"].lower()
    if kind == "ago":
        n = parse_number(g["n"]) or 1
        if unit == "day":
            return anchor - dt.timedelta(days=n), "day"
        if unit == "week":
            return anchor - dt.timedelta(weeks=n), "week"
        if unit == "month":
            return _month_back(anchor, n), "month"
        return _safe(anchor.year - n, 1, 1), "year"
    shift = 1 if kind == "last" else 0
    if unit == "week":
        return anchor - dt.timedelta(weeks=shift), "week"
    if unit == "month":
        return _month_back(anchor, shift), "month"
    return _safe(anchor.year - shift, 1, 1), "year"


def _month_back(anchor: dt.date, n: int) -> dt.date:
    y, m = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
    return dt.date(y, m + 1, 1)


def _as_date(s: str | dt.date | None) -> dt.date | None:
    if s is None or isinstance(s, dt.date):
        return s
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def find_dates(text: str, anchor: str | dt.date | None = None, *, year_anchor: str | dt.date | None = None,
               previous: tuple[str, str] | None = None) -> list[DateExpr]:
    """All date expressions of `text`, resolved against `anchor` (the article's published date).

    `year_anchor` lends only its year to year-less dates (the nearest dated article of the page);
    `previous` is the (date, precision) of the previous event, for "on the same day".
    Expressions that cannot be anchored are returned with date None."""
    anchor_d, year_d = _as_date(anchor), _as_date(year_anchor)
    taken: list[tuple[int, int]] = []
    out: list[DateExpr] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if kind == "dmy" and text[m.end():m.end() + 1].isalpha():
                continue
            if kind == "weekday" and not m.group(0).lower().startswith(("on", "last", "this")) \
                    and not _weekday_ok(text, m):
                continue
            d, prec = _resolve(kind, m, anchor_d, year_d, previous)
            taken.append((m.start(), m.end()))
            out.append(DateExpr(m.start(), m.end(), m.group(0), kind, d.isoformat() if d else None, prec))
    return sorted(out, key=lambda e: e.start)


def _weekday_ok(text: str, m: re.Match) -> bool:
    """A bare weekday name counts when it stands as a time adverbial ('managed Sunday to ...')."""
    before = text[:m.start()].rstrip().lower()
    return not before.endswith(("every", "each"))


def nearest(exprs: list[DateExpr], pos: int) -> DateExpr | None:
    """The resolved expression closest to character `pos` (a trigger's offset)."""
    cands = [e for e in exprs if e.kind != "year"] or exprs
    if not cands:
        return None
    return min(cands, key=lambda e: min(abs(e.start - pos), abs(e.end - pos)))


def page_anchor(article, page_articles: list | None) -> str | None:
    """The date that anchors an article's year-less dates: its own published date, else its translation
    twin's (the article it translates or that translates it), else that of the nearest dated article."""
    if article.published:
        return article.published
    others = [a for a in page_articles or [] if a.published and a.article_id != article.article_id]
    twin = next((a for a in others if article.translation_of == a.article_id
                 or a.translation_of == article.article_id), None)
    if twin is not None:
        return twin.published
    if not others:
        return None
    return min(others, key=lambda a: abs(a.index - article.index)).published
