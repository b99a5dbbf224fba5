"""Dates in English sentences: explicit, year-less, relative to the report, and unanchored."""
from __future__ import annotations

import pytest

from frontwatch.coding.dates import find_dates, nearest, page_anchor
from frontwatch.models import Article


@pytest.mark.parametrize("text, anchor, year_anchor, previous, date, precision", [
    ("On November 19, 2017, the army advanced", None, None, None, "2017-11-19", "day"),
    ("on 3 October 2016 the town fell", None, None, None, "2016-10-03", "day"),
    ("reported 2018-02-04 by the agency", None, None, None, "2018-02-04", "day"),
    ("On November 19, the army advanced", "2017-11-23", None, None, "2017-11-19", "day"),
    ("On November 19, the army advanced", None, "2017-11-23", None, "2017-11-19", "day"),
    ("On November 19, the army advanced", None, None, None, None, None),
    ("On December 30, the group said", "2018-01-02", None, None, "2017-12-30", "day"),
    ("managed on Sunday to regain the city", "2017-11-19", None, None, "2017-11-19", "day"),
    ("on Friday the militants withdrew", "2017-11-20", None, None, "2017-11-17", "day"),
    ("Two days ago, the army took the town", "2017-11-21", None, None, "2017-11-19", "day"),
    ("One week ago, the army took the town", "2017-11-21", None, None, "2017-11-14", "week"),
    ("Two days ago, the army took the town", None, None, None, None, None),
    ("last month the rebels left", "2017-11-21", None, None, "2017-10-01", "month"),
    ("yesterday the army shelled the town", "2017-11-21", None, None, "2017-11-20", "day"),
    ("On the same day, the army advanced", None, None, ("2017-11-19", "day"), "2017-11-19", "day"),
    ("On the same day, the army advanced", None, None, None, None, None),
    ("The next day, the army advanced", None, None, ("2017-11-19", "day"), "2017-11-20", "day"),
    ("Two days later, the army advanced", None, None, ("2017-10-03", "day"), "2017-10-05", "day"),
    ("the day before, the army advanced", None, None, ("2017-11-19", "day"), "2017-11-18", "day"),
    ("in October 2017 the city fell", None, None, None, "2017-10-01", "month"),
    ("it lost the city in July after a long battle", "2017-10-26", None, None, "2017-07-01", "month"),
    ("it lost the city in December", "2018-01-10", None, None, "2017-12-01", "month"),
    ("it lost the city in July", None, None, None, None, None),
])
def test_date_resolution(text, anchor, year_anchor, previous, date, precision):
    found = find_dates(text, anchor, year_anchor=year_anchor, previous=previous)
    assert found, text
    assert (found[0].date, found[0].precision) == (date, precision)


@pytest.mark.parametrize("text", [
    "The army may advance soon", "every Sunday the market opens", "the 12 villages", "a march on the capital"])
def test_no_date_where_there_is_none(text):
    assert find_dates(text, "2017-11-21") == []


def test_nearest_expression_to_the_trigger():
    text = "The first took place on November 18 and the second on November 20."
    found = find_dates(text, "2017-11-21")
    assert [e.date for e in found] == ["2017-11-18", "2017-11-20"]
    assert nearest(found, text.index("on November 20")).date == "2017-11-20"
    assert nearest(found, text.index("took")).date == "2017-11-18"


def _art(i, published=None, translation_of=None, lang="en"):
    return Article(article_id=f"a{i}", document="d", index=i, text="", published=published, language=lang,
                   translation_of=translation_of)


# page: a0 dated 2016-05-02, a1 undated English original, a2 dated 2017-11-20 beside it,
# a3 undated Arabic translation of a4, a4 dated 2018-03-01 far below, a5 undated, nothing linked
_PAGE = [_art(0, "2016-05-02"), _art(1), _art(2, "2017-11-20"), _art(3, translation_of="a6", lang="ar"),
         _art(4, "2016-05-03"), _art(5), _art(6, "2018-03-01"), _art(7, translation_of="a1", lang="ar")]


@pytest.mark.parametrize("index, expected", [
    (0, "2016-05-02"),   # its own date first
    (3, "2018-03-01"),   # a translation takes its original's date, not the nearer a2/a4
    (5, "2016-05-03"),   # nothing linked: the nearest dated article
    (1, "2016-05-02"),   # nearest on a tie: the first of a0/a2
])
def test_page_anchor(index, expected):
    assert page_anchor(_PAGE[index], _PAGE) == expected


def test_page_anchor_twin_of_an_undated_original_falls_back_to_the_nearest():
    assert page_anchor(_PAGE[7], _PAGE) == "2018-03-01"
    assert page_anchor(_art(9), None) is None


def test_original_takes_its_dated_translation():
    page = [_art(0, "2015-01-01"), _art(1), _art(2), _art(3, "2019-09-09", translation_of="a1")]
    assert page_anchor(page[1], page) == "2019-09-09"
