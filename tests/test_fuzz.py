"""Property-based fuzzing (hypothesis) of the text folding, the Arabic tokenizer and sentence splitter, the
date resolvers, the number parsers and the HTML/article path; plus replay of the atheris crash files kept
under tests/fixtures/fuzz/."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.errors import FrontwatchError

FUZZ_DIR = Path(__file__).parent / "fixtures" / "fuzz"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

# Text that looks like what the parsers meet: Arabic and Latin words, digits of three scripts, diacritics,
# tatweel, separators, dates and numbers, mixed with any other character.
_PIECES = ["في", "يوم", "الأحد", "تشرين الثاني", "نوفمبر", "٢٠١٧", "۱۹", "أمس", "قبل", "أيام", "ثلاثة", "عشرين",
           "مئة", "ألف", "وبالمدينة", "ـــ", "\u064b\u0651", "November", "19th", "2017-11-19", "last week",
           "three days ago", "fifty-two", "1,200", "dozens", "between 10 and 15", "Sunday", "the next day", " ",
           "\n", ",", ".", "،", "؟", "-", "'", "\u200f", "\u202e", "\x00", "\ufeff", "é", "İ", "ß", "ﷺ", "ﻻ"]
text = st.one_of(st.text(max_size=300),
                 st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40).map("".join))
anchors = st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
                    st.text(max_size=12))


def _valid_iso(s) -> bool:
    if s is None:
        return True
    if not isinstance(s, str) or not ISO.fullmatch(s):
        return False
    dt.date.fromisoformat(s)
    return True


# ------------------------------------------------------------------------------------------ folding


@FAST
@given(text)
def test_fold_offsets_map_back_in_range_and_increase(s):
    from frontwatch.nlp.normalize import fold, fold_with_offsets

    folded, offsets = fold_with_offsets(s)
    assert len(offsets) == len(folded)
    assert all(0 <= i < len(s) for i in offsets)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    assert fold(s) == folded
    assert "  " not in folded and not folded.startswith(" ") and not folded.endswith(" ")


@FAST
@given(text)
def test_fold_is_idempotent_on_its_own_output(s):
    from frontwatch.nlp.normalize import fold

    once = fold(s)
    assert fold(once) == once


@FAST
@given(text)
def test_arabic_normalise_and_tokenize_never_raise(s):
    from frontwatch.nlp.arabic import normalize_ar, normalize_ar_with_offsets, tokenize_ar

    norm = normalize_ar(s)
    norm2, offsets = normalize_ar_with_offsets(s)
    assert norm2 == norm and len(offsets) == len(norm)
    assert all(0 <= i < len(s) for i in offsets) and all(a < b for a, b in zip(offsets, offsets[1:]))
    for tok in tokenize_ar(s):
        assert isinstance(tok.norm, str)


@FAST
@given(text)
def test_arabic_sentences_are_spans_of_the_text(s):
    from frontwatch.nlp.arabic import split_sentences_ar

    prev = 0
    for i, sent in enumerate(split_sentences_ar(s, "a1")):
        assert sent.index == i and prev <= sent.start <= sent.end <= len(s)
        assert s[sent.start:sent.end] == sent.text
        prev = sent.end


# ------------------------------------------------------------------------------------------ dates


@FAST
@given(text, anchors, anchors)
def test_english_dates_never_raise_and_are_iso(s, anchor, year_anchor):
    from frontwatch.coding.dates import find_dates

    for e in find_dates(s, anchor, year_anchor=year_anchor):
        assert 0 <= e.start < e.end <= len(s) and s[e.start:e.end] == e.text
        assert _valid_iso(e.date), e


@FAST
@given(text, anchors)
def test_arabic_dates_never_raise_and_are_iso(s, anchor):
    from frontwatch.coding.arabic_dates import find_dates_ar, parse_published_ar, resolve_date_ar

    for d in find_dates_ar(s, anchor):
        assert 0 <= d.start < d.end <= len(s) and s[d.start:d.end] == d.text
        assert _valid_iso(d.date), d
    date, precision = resolve_date_ar(s, anchor)
    assert _valid_iso(date) and (date is None) == (precision is None)
    assert _valid_iso(parse_published_ar(s))


# ------------------------------------------------------------------------------------------ numbers


@FAST
@given(text)
def test_english_number_parsers_never_raise(s):
    from frontwatch.coding.numbers import no_casualties, parse_number, parse_range

    n = parse_number(s)
    assert n is None or (isinstance(n, int) and n >= 0)
    r = parse_range(s)
    assert r is None or (isinstance(r[0], int) and r[1] in s)
    assert no_casualties(s) is None or no_casualties(s) in s


@FAST
@given(text)
def test_arabic_number_parser_never_raises(s):
    from frontwatch.nlp.arabic import parse_number_ar

    n = parse_number_ar(s)
    assert n is None or (isinstance(n, int) and n >= 0)


@pytest.mark.parametrize("n", [0, 7, 52, 1200, 1_000_000, 123_456_789_012])
def test_number_parsers_read_digits_back(n):
    from frontwatch.coding.numbers import parse_number
    from frontwatch.nlp.arabic import parse_number_ar

    assert parse_number(str(n)) == n
    assert parse_number_ar(f"قتل {n} شخصا") == n
    assert parse_number_ar(str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))) == n


# Digits were once read through float(): wrong past 2**53, OverflowError past ~309 digits.
@pytest.mark.parametrize("parse", ["en", "ar", "range"])
def test_very_long_digit_runs_do_not_crash(parse):
    from frontwatch.coding.numbers import parse_number, parse_range
    from frontwatch.nlp.arabic import parse_number_ar

    digits = "9" * 400
    got = {"en": lambda: parse_number(digits), "ar": lambda: parse_number_ar(f"قتل {digits} شخصا"),
           "range": lambda: parse_range(f"{digits} to {digits}9")}[parse]()
    assert got is None  # 400 digits are no count of anything


def test_large_digit_runs_are_exact():
    from frontwatch.coding.numbers import parse_number
    from frontwatch.nlp.arabic import parse_number_ar

    assert parse_number(str(10**29)) == 10**29
    assert parse_number(str(2**53 + 1)) == 2**53 + 1
    assert parse_number_ar(f"قتل {2**53 + 1} شخصا") == 2**53 + 1
    assert parse_number("12.9") == 12


# ------------------------------------------------------------------------------------------ HTML / articles


_TAGS = ["<html>", "</html>", "<body>", "<article>", "</article>", "<p>", "</p>", "<div class='entry'>", "</div>",
         "<h1>", "</h1>", "<br>", "<script>x()</script>", "<!--", "-->", "<![CDATA[", "]]>", "<meta charset='x'>",
         "<time datetime='2017-11-19'>", "</time>", "<a href='javascript:x'>", "</a>", "&amp;", "&#0;", "&#x110000;",
         "&nbsp;", "<", ">", "<p dir='rtl'>", "<table><tr><td>", "<svg><foreignObject>", "<?xml version='1.0'?>"]
html = st.lists(st.one_of(st.sampled_from(_TAGS), st.sampled_from(_PIECES), st.text(max_size=8)),
                max_size=60).map("".join)


def _split(raw: bytes, kind: str) -> None:
    from frontwatch.articles import split_document
    from frontwatch.ingest import make_document

    try:
        doc = make_document(raw, source="fuzz", kind=kind)
        arts = split_document(doc)
    except FrontwatchError:
        return
    assert arts
    for i, a in enumerate(arts):
        assert a.index == i and 0 <= a.start <= a.end
        assert _valid_iso(a.published), a.published


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html)
def test_html_path_raises_only_frontwatch_errors(s):
    _split(s.encode("utf-8", "surrogatepass"), "html")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text)
def test_text_path_raises_only_frontwatch_errors(s):
    _split(s.encode("utf-8", "surrogatepass"), "text")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_raise_only_frontwatch_errors(raw):
    _split(raw, "html" if raw[:1] == b"<" else "text")


# ------------------------------------------------------------------------------------------ atheris crash files


def _crash_files() -> list[Path]:
    return sorted(p for p in FUZZ_DIR.glob("*/*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("path", _crash_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saved_fuzz_inputs_replay_without_crashing(path):
    """Each file is an input that once crashed a stage (benchmarks/fuzz_atheris.py saved it); the folder names
    the target. A file listed in KNOWN is a crash not fixed yet, in code owned elsewhere."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "fuzz_atheris", Path(__file__).parents[1] / "benchmarks" / "fuzz_atheris.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    target = mod.TARGETS[path.parent.name]
    known = (FUZZ_DIR / "KNOWN").read_text().split() if (FUZZ_DIR / "KNOWN").exists() else []
    if f"{path.parent.name}/{path.name}" in known:
        pytest.xfail("known crash, reported, not fixed yet (see tests/fixtures/fuzz/KNOWN)")
    target(path.read_bytes())
