"""Dates in Arabic text: explicit dates, weekdays and relative expressions, resolved against an anchor.

Both month-name sets are known: the Levantine/Iraqi one (كانون الثاني … كانون الأول) and the
transliterated one (يناير … ديسمبر, with Iraqi مايس). A date without a year takes the anchor's year;
a relative date without an anchor stays None rather than invented.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from frontwatch.nlp.arabic import normalize_ar, parse_number_ar

__all__ = ["DateMention", "find_dates_ar", "resolve_date_ar", "parse_published_ar", "MONTHS_AR"]

_MONTH_NAMES = {
    1: ["كانون الثاني", "يناير", "كانون ثاني", "جانفي"],
    2: ["شباط", "فبراير", "فيفري"],
    3: ["آذار", "مارس"],
    4: ["نيسان", "أبريل", "إبريل", "ابريل", "أفريل"],
    5: ["أيار", "مايو", "مايس", "ماي"],
    6: ["حزيران", "يونيو", "يونيه", "جوان"],
    7: ["تموز", "يوليو", "يوليه", "جويلية"],
    8: ["آب", "أغسطس", "اغسطس", "أوت"],
    9: ["أيلول", "سبتمبر"],
    10: ["تشرين الأول", "أكتوبر", "اكتوبر", "تشرين أول"],
    11: ["تشرين الثاني", "نوفمبر", "تشرين ثاني"],
    12: ["كانون الأول", "ديسمبر", "كانون أول", "دجنبر"],
}
MONTHS_AR = {normalize_ar(n): m for m, names in _MONTH_NAMES.items() for n in names}
_WEEKDAYS = {normalize_ar(n): d for n, d in [
    ("الاثنين", 0), ("الإثنين", 0), ("الثلاثاء", 1), ("الأربعاء", 2), ("الخميس", 3),
    ("الجمعة", 4), ("السبت", 5), ("الأحد", 6)]}

_ORDINALS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_UNIT_ORD = ["الحادي"] + _ORDINALS[1:9]  # in compounds: الحادي عشر، الحادي والعشرين


def _ordinal_days() -> dict[str, int]:
    """Day ordinals in words, normalised: "الأول" 1 … "العاشر" 10, "الحادي عشر" 11 … "الحادي والثلاثين" 31."""
    out = {normalize_ar(w): n for n, w in enumerate(_ORDINALS, 1)}
    for n, w in enumerate(_UNIT_ORD, 1):
        out[normalize_ar(f"{w} عشر")] = 10 + n
        out[normalize_ar(f"{w} والعشرين")] = 20 + n
    out[normalize_ar("العشرين")] = 20
    out[normalize_ar("الثلاثين")] = 30
    out[normalize_ar("الحادي والثلاثين")] = 31
    return out


ORDINAL_DAYS = _ordinal_days()

# The text is normalised first (alef/hamza/ya/ta marbuta folded, digits ASCII); patterns are too.
_MON = "|".join(sorted((re.escape(k) for k in MONTHS_AR), key=len, reverse=True))
_DAY_WORD = "|".join(re.escape(k) for k in _WEEKDAYS)
_P = r"(?<![\w])"  # start of a word (clitics such as و/ف/ب/في are separate words or allowed below)
_CL = r"(?:[وفب])?"  # a conjunction or preposition glued to the expression
_N = r"(?:ال(?:ـ)? ?)?(\d{1,2})"  # "الـ19", "19"
_YEAR = r"(?:\s*(?:م|ميلادي)?\s*)"
_MONTH_RE = rf"({_MON})(?:\s*\((?:{_MON})\))?"
_PAST = r"(?:الماضيه|الماضي|الفايته|الفايت|المنصرم)"  # "last" (normalised)
_PART_OF_DAY = r"(?:يوم|صباح|مساء|فجر|ليل|ليله|ظهر|عصر|نهار)"
_YEAR_WORD = r"(?:(?:العام|عام|سنه)\s+)?"

_ORD = "|".join(sorted((re.escape(k) for k in ORDINAL_DAYS), key=len, reverse=True))

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"(?<!\d)(\d{4})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,2})(?!\d)")),
    ("dmy_num", re.compile(r"(?<!\d)(\d{1,2})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{4})(?!\d)")),
    ("d_month_y", re.compile(rf"{_P}{_CL}{_N}\s*(?:من\s+)?(?:شهر\s+)?{_MONTH_RE}[\s,،]*{_YEAR_WORD}(\d{{4}})")),
    ("month_d_y", re.compile(rf"{_P}{_CL}{_MONTH_RE}\s+(\d{{1,2}})\s*[,،]?\s*(\d{{4}})")),
    ("ord_month_y", re.compile(rf"{_P}{_CL}({_ORD})\s+من\s+(?:شهر\s+)?{_MONTH_RE}[\s,،]*{_YEAR_WORD}(\d{{4}})")),
    ("ord_month", re.compile(rf"{_P}{_CL}({_ORD})\s+من\s+(?:شهر\s+)?{_MONTH_RE}")),
    ("ord_this_month", re.compile(rf"{_P}{_CL}({_ORD})\s+من\s+(?:الشهر|هذا الشهر)\s+(?:الجاري|الحالي)")),
    ("d_month", re.compile(rf"{_P}{_CL}{_N}\s*(?:من\s+)?(?:شهر\s+)?{_MONTH_RE}")),
    ("d_this_month", re.compile(rf"{_P}{_CL}{_N}\s+من\s+(?:الشهر|هذا الشهر)\s+(?:الجاري|الحالي)")),
    ("month_y", re.compile(rf"{_P}{_CL}(?:شهر\s+)?{_MONTH_RE}\s+{_YEAR_WORD}(\d{{4}})")),
    ("weekday", re.compile(rf"{_P}(?:{_CL}{_PART_OF_DAY}\s+)({_DAY_WORD})(\s+{_PAST})?")),
    ("weekday_past", re.compile(rf"{_P}{_CL}({_DAY_WORD})\s+{_PAST}")),
    ("same_day", re.compile(rf"{_P}{_CL}(?:في\s+)?(?:(?:اليوم|النهار)\s+(?:نفسه|ذاته)|نفس\s+اليوم)")),
    ("day_before_yesterday", re.compile(rf"{_P}{_CL}(?:اول\s+(?:من\s+)?امس)")),
    ("yesterday", re.compile(rf"{_P}{_CL}(?:(?:صباح|مساء|فجر|ليل|ليله|ظهر|عصر|يوم)\s+)?(?:امس|الامس|البارحه)(?![\w])")),
    ("last_night", re.compile(rf"{_P}{_CL}الليله\s+الماضيه")),
    ("today", re.compile(rf"{_P}{_CL}(?:(?:صباح|مساء|فجر|ظهر|عصر|ليل|ليله|نهار)\s+)?اليوم(?![\w])")),
    ("ago", re.compile(rf"{_P}{_CL}(?:قبل|منذ)\s+(\S+(?:\s+\S+)?)")),
    ("this_week", re.compile(rf"{_P}{_CL}(?:هذا\s+الاسبوع|الاسبوع\s+(?:الجاري|الحالي))")),
    ("this_month", re.compile(rf"{_P}{_CL}(?:هذا\s+الشهر|الشهر\s+(?:الجاري|الحالي))")),
    ("this_year", re.compile(rf"{_P}{_CL}(?:هذا\s+العام|(?:العام|السنه)\s+(?:الجاري|الحالي|الحاليه))")),
    ("last_week", re.compile(rf"{_P}{_CL}الاسبوع\s+(?:الماضي|الفايت|المنصرم)")),
    ("last_month", re.compile(rf"{_P}{_CL}الشهر\s+(?:الماضي|الفايت|المنصرم)")),
    ("last_year", re.compile(rf"{_P}{_CL}(?:العام|السنه)\s+(?:الماضي|الماضيه|الفايت|المنصرم)")),
    ("year", re.compile(rf"{_P}{_CL}(?:العام|عام|سنه)\s+(\d{{4}})")),
]

_UNITS_AGO = [("ساع", 0, "day"), ("يوم", 1, "day"), ("ايام", 1, "day"), ("اسبوع", 7, "week"),
              ("اسابيع", 7, "week"), ("شهر", 30, "month"), ("اشهر", 30, "month"), ("شهور", 30, "month"),
              ("عام", 365, "year"), ("اعوام", 365, "year"), ("سنه", 365, "year"), ("سنوات", 365, "year")]


@dataclass
class DateMention:
    start: int  # offsets into the original text
    end: int
    text: str
    date: str | None  # YYYY-MM-DD (first day of the week/month/year for coarser precision)
    precision: str  # day | week | month | year
    kind: str


def _d(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _ago(phrase: str, anchor: dt.date) -> tuple[dt.date, str] | None:
    words = phrase.split()
    if not words or any(re.match(r"\d{4}", w) for w in words):
        return None  # "منذ عام 2013" is a year, not a span of time
    first = words[0]
    for unit, days, prec in _UNITS_AGO:
        if first in (unit + "ين", unit + "ان"):  # dual: يومين، أسبوعين، شهرين
            return anchor - dt.timedelta(days=2 * days), prec
    for unit, days, prec in _UNITS_AGO:
        if first in (unit, unit + "ه", unit + "ا", unit + "اً") and days:  # one unit: يوم، أسبوع، شهر
            return anchor - dt.timedelta(days=days), prec
    n = parse_number_ar(phrase)
    if n is not None and len(words) > 1:
        for unit, days, prec in _UNITS_AGO:
            if words[1].startswith(unit):
                return anchor - dt.timedelta(days=n * days), prec
    return None


def _year_for(month: int, anchor: dt.date) -> int:
    """A year-less date takes the anchor's year, or the one before when it would fall more than two
    months after the anchor (a January article speaking of "25 كانون الأول")."""
    return anchor.year - 1 if month > anchor.month + 2 else anchor.year


def _resolve(kind: str, g: tuple, anchor: dt.date | None) -> tuple[dt.date | None, str] | None:
    year = anchor.year if anchor else None
    if kind == "iso":
        return _d(int(g[0]), int(g[1]), int(g[2])), "day"
    if kind == "dmy_num":
        return _d(int(g[2]), int(g[1]), int(g[0])), "day"
    if kind == "d_month_y":
        return _d(int(g[2]), MONTHS_AR[g[1]], int(g[0])), "day"
    if kind == "month_d_y":
        return _d(int(g[2]), MONTHS_AR[g[0]], int(g[1])), "day"
    if kind == "ord_month_y":
        return _d(int(g[2]), MONTHS_AR[g[1]], ORDINAL_DAYS[g[0]]), "day"
    if kind == "ord_month":
        month = MONTHS_AR[g[1]]
        return (_d(_year_for(month, anchor), month, ORDINAL_DAYS[g[0]]) if year else None), "day"
    if kind == "ord_this_month":
        return (_d(anchor.year, anchor.month, ORDINAL_DAYS[g[0]]) if anchor else None), "day"
    if kind == "d_month":
        return (_d(_year_for(MONTHS_AR[g[1]], anchor), MONTHS_AR[g[1]], int(g[0])) if year else None), "day"
    if kind == "same_day":
        return None, "day"  # the date of the previous event: the article coder fills it in
    if kind == "d_this_month":
        return (_d(anchor.year, anchor.month, int(g[0])) if anchor else None), "day"
    if kind == "month_y":
        return _d(int(g[1]), MONTHS_AR[g[0]], 1), "month"
    if kind == "year":
        return _d(int(g[0]), 1, 1), "year"
    if anchor is None:
        return None, "day"
    if kind in ("weekday", "weekday_past"):
        back = (anchor.weekday() - _WEEKDAYS[g[0]]) % 7
        if back == 0 and (kind == "weekday_past" or (len(g) > 1 and g[1])):
            back = 7
        return anchor - dt.timedelta(days=back), "day"
    if kind in ("yesterday", "last_night"):
        return anchor - dt.timedelta(days=1), "day"
    if kind == "day_before_yesterday":
        return anchor - dt.timedelta(days=2), "day"
    if kind == "today":
        return anchor, "day"
    if kind == "ago":
        return _ago(g[0], anchor)
    if kind == "this_week":
        return anchor - dt.timedelta(days=anchor.weekday()), "week"
    if kind == "this_month":
        return anchor.replace(day=1), "month"
    if kind == "this_year":
        return anchor.replace(month=1, day=1), "year"
    if kind == "last_week":
        return anchor - dt.timedelta(days=7), "week"
    if kind == "last_month":
        first = anchor.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), "month"
    if kind == "last_year":
        return dt.date(anchor.year - 1, 1, 1), "year"
    return None


def find_dates_ar(text: str, anchor: str | dt.date | None = None) -> list[DateMention]:
    """Every date expression of `text`, resolved against `anchor` (the article's published date),
    in text order; overlapping matches keep the earlier-listed (more specific) pattern."""
    if isinstance(anchor, str):
        anchor = _parse_iso(anchor)
    norm = normalize_ar(text)
    offsets = _offsets(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(norm):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            got = _resolve(kind, m.groups(), anchor)
            if got is None:
                continue
            date, prec = got
            taken.append((s, e))
            os_, oe = offsets[s], offsets[e - 1] + 1
            found.append(DateMention(os_, oe, text[os_:oe], date.isoformat() if date else None, prec, kind))
    return sorted(found, key=lambda d: d.start)


def resolve_date_ar(text: str, anchor: str | dt.date | None = None) -> tuple[str | None, str | None]:
    """(date, precision) of the first resolvable date expression in `text`, else (None, None)."""
    for d in find_dates_ar(text, anchor):
        if d.date:
            return d.date, d.precision
    return None, None


def parse_published_ar(text: str) -> str | None:
    """A full date as Arabic news pages print it ("نوفمبر 23, 2017", "23 تشرين الثاني 2017",
    "الخميس ٢٣ نوفمبر ٢٠١٧", "2017/11/23"); None unless day, month and year are all given."""
    for d in find_dates_ar(text, None):
        if d.date and d.precision == "day" and d.kind in ("iso", "dmy_num", "d_month_y", "month_d_y", "ord_month_y"):
            return d.date
    return None


def _parse_iso(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def _offsets(text: str) -> list[int]:
    """For each character of normalize_ar(text), the index in `text` it came from."""
    out: list[int] = []
    for i, c in enumerate(text):
        out.extend([i] * len(normalize_ar(c)))
    return out
