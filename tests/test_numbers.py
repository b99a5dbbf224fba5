"""Numbers and tolls: digits, words, vague quantities, ranges, and 'no casualties'."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontwatch.coding import numbers
from frontwatch.coding.english import code_english_sentence


@pytest.mark.parametrize("text, value", [
    ("50", 50), ("1,200", 1200), ("fifty", 50), ("fifty-two", 52), ("two hundred", 200),
    ("three thousand five hundred", 3500), ("a hundred", 100), ("dozens", 24), ("several", 3),
    ("twelve", 12), ("banana", None), ("", None),
])
def test_parse_number(text, value):
    assert numbers.parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**7))
def test_digits_round_trip(n):
    assert numbers.parse_number(str(n)) == n
    assert numbers.parse_number(f"{n:,}") == n


@pytest.mark.parametrize("text, low", [
    ("between 10 and 15 people", 10), ("10-15 dead", 10), ("ten to fifteen soldiers", 10), ("12 or 13", 12)])
def test_ranges_keep_the_lower_figure_and_the_text(text, low):
    got = numbers.parse_range(text)
    assert got is not None and got[0] == low and got[1] in text


@pytest.mark.parametrize("text, found", [
    ("The SAA suffered no casualties.", True), ("Nobody was killed in the raid.", True),
    ("There were no deaths.", True), ("Many casualties were reported.", False)])
def test_no_casualties(text, found):
    assert (numbers.no_casualties(text) is not None) == found


@pytest.mark.parametrize("sentence, toll", [
    ("The army captured the town of Mayadin, killing 50 militants.", 50),
    ("Airstrikes on the town of Ariha killed twelve civilians.", 12),
    ("Between 10 and 15 soldiers were killed when ISIS attacked the town of Qaryatayn.", 10),
    ("Turkish artillery shelled the village of Jindires, causing no casualties.", 0),
])
def test_tolls_in_sentences(sentence, toll):
    events = code_english_sentence(sentence, date="2017-11-20")
    assert any(e.fatalities == toll for e in events), [(e.type, e.fatalities, e.rule) for e in events]
