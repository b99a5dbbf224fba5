"""Arabic date expressions resolved against the article's date (frontwatch.coding.arabic_dates)."""
from __future__ import annotations

import pytest

from frontwatch.coding.arabic_dates import find_dates_ar, parse_published_ar, resolve_date_ar

ANCHOR = "2017-11-20"  # a Monday


@pytest.mark.parametrize("text, date, precision", [
    # both month-name sets, and the formats Arabic news pages print
    ("نوفمبر 23, 2017", "2017-11-23", "day"),
    ("23 تشرين الثاني 2017", "2017-11-23", "day"),
    ("الخميس ٢٣ نوفمبر ٢٠١٧", "2017-11-23", "day"),
    ("في 5 كانون الثاني 2018", "2018-01-05", "day"),
    ("3 شباط 2016", "2016-02-03", "day"),
    ("12 آذار 2015", "2015-03-12", "day"),
    ("في 9 نيسان (أبريل) 2003", "2003-04-09", "day"),
    ("10 حزيران 2014", "2014-06-10", "day"),
    ("17 تموز 2016", "2016-07-17", "day"),
    ("4 آب 2020", "2020-08-04", "day"),
    ("29 أيلول 2017", "2017-09-29", "day"),
    ("1 تشرين الأول 2017", "2017-10-01", "day"),
    ("6 كانون الأول 2017", "2017-12-06", "day"),
    ("1 مايس 2017", "2017-05-01", "day"),           # Iraqi May
    ("يوليو 4, 2017", "2017-07-04", "day"),
    ("2017/11/23", "2017-11-23", "day"),
    ("23/11/2017", "2017-11-23", "day"),
    ("23 - 11 - 2017", "2017-11-23", "day"),
    ("٢٠١٧/١١/٢٣", "2017-11-23", "day"),
    ("الموافق 5 ربيع الأول 1439 هـ", None, None),   # Hijri dates are not read as Gregorian
    ("تموز 2014", "2014-07-01", "month"),
    ("العام 1979", "1979-01-01", "year"),
    # day ordinals in words
    ("في الرابع عشر من تشرين الأول الماضي", "2017-10-14", "day"),
    ("الخامس من أيلول", "2017-09-05", "day"),
    ("في الحادي والعشرين من تشرين الثاني 2016", "2016-11-21", "day"),
    ("في الثالث من الشهر الجاري", "2017-11-03", "day"),
    ("العاشر من حزيران", "2017-06-10", "day"),
    # year-less dates take the anchor's year
    ("في 19 تشرين الثاني", "2017-11-19", "day"),
    ("في الـ19 من الشهر الجاري", "2017-11-19", "day"),
    # weekdays: the last such day on or before the anchor
    ("سيطر يوم الأحد على", "2017-11-19", "day"),
    ("مساء الجمعة", "2017-11-17", "day"),
    ("يوم الاثنين", "2017-11-20", "day"),
    ("يوم الاثنين الماضي", "2017-11-13", "day"),
    ("الجمعة الماضية", "2017-11-17", "day"),
    # relative expressions
    ("أمس", "2017-11-19", "day"),
    ("وأمس", "2017-11-19", "day"),
    ("مساء أمس", "2017-11-19", "day"),
    ("أول أمس", "2017-11-18", "day"),
    ("اليوم", "2017-11-20", "day"),
    ("فجر اليوم", "2017-11-20", "day"),
    ("قبل يومين", "2017-11-18", "day"),
    ("قبل ثلاثة أيام", "2017-11-17", "day"),
    ("منذ 5 أيام", "2017-11-15", "day"),
    ("قبل أسبوع", "2017-11-13", "week"),
    ("الأسبوع الماضي", "2017-11-13", "week"),
    ("الشهر الماضي", "2017-10-01", "month"),
    ("العام الماضي", "2016-01-01", "year"),
    ("هذا الأسبوع", "2017-11-20", "week"),
    ("الشهر الجاري", "2017-11-01", "month"),
    # no date at all
    ("سيطر الجيش على البلدة", None, None),
    ("قبل أن يكتشف", None, None),
])
def test_resolve(text, date, precision):
    assert resolve_date_ar(text, ANCHOR) == (date, precision)


def test_yearless_date_in_january_article_takes_previous_year():
    assert resolve_date_ar("في 25 كانون الأول", "2018-01-05") == ("2017-12-25", "day")


@pytest.mark.parametrize("text", ["أمس", "قبل يومين", "يوم الأحد", "في 19 تشرين الثاني", "الأسبوع الماضي"])
def test_nothing_to_anchor_stays_null(text):
    assert resolve_date_ar(text, None) == (None, None)


def test_same_day_is_left_to_the_article():
    found = find_dates_ar("وفي اليوم نفسه قصف الطيران", ANCHOR)
    assert [(d.kind, d.date) for d in found] == [("same_day", None)]


def test_offsets_point_into_the_original():
    text = "سيطرت القوات في ١٩ تشرين الثاني ٢٠١٧ على المدينة"
    (d,) = find_dates_ar(text, None)
    assert text[d.start:d.end] == d.text == "١٩ تشرين الثاني ٢٠١٧"
    assert d.date == "2017-11-19"


@pytest.mark.parametrize("text, date", [
    ("نوفمبر 20, 2017", "2017-11-20"),
    ("الإثنين 20 تشرين الثاني 2017", "2017-11-20"),
    ("تموز 2014", None),
    ("أمس", None),
])
def test_parse_published(text, date):
    assert parse_published_ar(text) == date
