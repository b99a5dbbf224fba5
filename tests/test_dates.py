"""Dates in English sentences: explicit, year-less, relative to the report, and unanchored."""
from __future__ import annotations

import pytest

from frontwatch.coding.dates import find_dates, nearest


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
