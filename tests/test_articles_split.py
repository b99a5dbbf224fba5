"""Splitter: nothing lost or duplicated (property), malformed input, page signals, HTML blocks."""
from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.articles import extract_text, split_document
from frontwatch.articles.dates import date_line, url_date
from frontwatch.articles.lines import classify_lines
from frontwatch.articles.outlets import default_registry
from frontwatch.articles.phrases import default_phrases
from frontwatch.errors import FrontwatchError, InputError
from frontwatch.models import Document


def doc_of(text: str, content_type: str = "text", url: str | None = None) -> Document:
    raw = text.encode("utf-8", "surrogatepass")
    return Document(doc_id=hashlib.sha256(raw).hexdigest(), source="test", raw=raw, text=text,
                    content_type=content_type, url=url)


def non_blank_lines(text: str) -> Counter:
    return Counter(line.strip() for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------- property: every line accounted for

SIGNAL_LINES = [
    "Related Videos", "Related Articles", "%d bloggers like this:", "Read more »", "Share this:",
    "Click to see the full-size map", "اقرأ أيضا", "South Front", "Al-Manar", "SANA", "روداو",
    "By Jane Smith", "Written by Ali Hasan,", "Translated by Mona Zein", "Source: Al-Manar Website",
    "المصدر: سانا", "November 19, 2017", "نوفمبر 23, 2017", "20 تشرين الثاني 2017", "2. A numbered item",
    "The report below was released by SouthFront on August 27, 2017:", "(Reporting by A B; Editing by C D)",
    "BEIRUT (Reuters) - Fighting went on.", "Syrian army 222", "ناصر قنديل",
]
WORDS = st.sampled_from(["Syria", "army", "the", "took", "town", "Raqqa", "الجيش", "السوري", "مدينة",
                         "2017", "said", "،", ".", "?", "-", "Deir", "ez-Zor", "قال", "in", "on"])
FREE_LINE = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
ANY_LINE = st.one_of(FREE_LINE, st.sampled_from(SIGNAL_LINES), st.text(min_size=1, max_size=60))
PAGE = st.lists(st.tuples(ANY_LINE, st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n"])), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_bodies_plus_boilerplate_account_for_every_line(parts):
    text = "".join(line + sep for line, sep in parts)
    expected = non_blank_lines(text)
    if not expected:
        with pytest.raises(InputError):
            split_document(doc_of(text))
        return
    articles = split_document(doc_of(text))
    got = Counter()
    for art in articles:
        got += non_blank_lines(art.text)
        got += Counter(line.strip() for line in art.boilerplate)
    assert got == expected
    assert [a.index for a in articles] == list(range(len(articles)))
    assert all(0 <= a.start <= a.end <= len(text) for a in articles)
    assert [a.start for a in articles] == sorted(a.start for a in articles)


# ---------------------------------------------------------------- malformed input

@pytest.mark.parametrize("text", ["", "   \n\n  \t\n"])
def test_no_text_is_a_clear_error(text):
    with pytest.raises(InputError, match="no text"):
        split_document(doc_of(text))


@pytest.mark.parametrize("text, language", [
    ("Syrian troops entered Mayadin on Saturday.", "en"),
    ("Related Videos", None),
    ("الجيش السوري يدخل الميادين Syrian army enters Mayadin 2017 العراق", None),
    ("12345 67890", None),
])
def test_one_line_gives_one_article(text, language):
    articles = split_document(doc_of(text))
    assert len(articles) == 1
    assert non_blank_lines(articles[0].text) + Counter(articles[0].boilerplate) == non_blank_lines(text)
    if language:
        assert articles[0].language == language


def test_five_megabyte_single_line_gives_one_article():
    text = "Syrian army units advanced along the Euphrates river towards Albu Kamal " * 72000
    assert len(text) > 5_000_000
    articles = split_document(doc_of(text))
    assert len(articles) == 1 and len(articles[0].text) == len(text.strip())
    assert articles[0].language == "en"


@pytest.mark.parametrize("html", ["<html><body></body></html>", "<html><body><script>x()</script></body>",
                                  "<p>", "<div><p>Unclosed <b>tags and &bogus; entities"])
def test_broken_html_gives_one_article_or_a_clear_error(html):
    try:
        articles = split_document(doc_of(html, "html"))
    except FrontwatchError as e:
        assert "no text" in str(e)
    else:
        assert len(articles) == 1


# ---------------------------------------------------------------- line signals

@pytest.mark.parametrize("line, kind, value", [
    ("South Front", "outlet", "south-front"),
    ("Al Mayadeen", "outlet", "al-mayadeen"),
    ("Related Articles", "related", None),
    ("Read more »", "end", None),
    ("%d bloggers like this:", "end", None),
    ("Click to see the full-size map", "drop", None),
    ("Written by Elijah J. MagnierOriginally appeared in Arabic at alraimedia.com", "byline", "Elijah J. Magnier"),
    ("By Pepe Escobar", "byline", "Pepe Escobar"),
    ("By becoming an occupation force, the troops expose themselves to attacks.", "para", None),
    ("By Monday, the army had entered the town.", "para", None),
    ("By Ali Hasan | Reuters", "byline", "Ali Hasan"),
    ("By Tom Perry and Ellen Francis, Beirut Bureau", "byline", "Tom Perry and Ellen Francis"),
    ("بقلم سامر الحلبي", "byline", "سامر الحلبي"),
    ("Translated by Lina Shehadeh,", "translator", "Lina Shehadeh"),
    ("(Reporting by Tom Perry; Editing by Peter Graff)", "credit", "Tom Perry"),
    ("Source: Al-Manar Website", "source", "al-manar"),
    ("المصدر: عنب بلدي", "source", "enab-baladi"),
    ("Source: Al-Watan | 20 November 2017", "source", "al-watan-syria"),
    ("Source: Syrian army statement via SANA", "source", "sana"),
    ("November 19, 2017", "date", "2017-11-19"),
    ("نوفمبر 23, 2017", "date", "2017-11-23"),
    ("\u200fنوفمبر 23, 2017\u200f", "date", "2017-11-23"),
    ("Posted on Sunday, 19 November 2017 10:30 GMT", "date", "2017-11-19"),
    ("3. Iraqi forces reach the border", "numbered", None),
    ("Hezbollah, Syrian Army Liberate Al-Bukamal", "title", None),
    ("On November 19 the army restored control over the city.", "para", None),
])
def test_line_signals(line, kind, value):
    (ln,) = classify_lines(line, default_phrases(), default_registry())
    assert ln.kind == kind
    if value:
        got = ln.value if kind in ("byline", "translator", "credit") else ln.date if kind == "date" else ln.outlet.id
        assert got == value


@pytest.mark.parametrize("text, iso", [
    ("20 تشرين الثاني 2017", "2017-11-20"), ("2017-10-17", "2017-10-17"), ("17/10/2017", "2017-10-17"),
    ("October 32, 2017", None), ("The army entered on October 17, 2017.", None),
])
def test_date_lines(text, iso):
    assert date_line(text) == iso


def test_url_date_and_page_date_fallback_are_marked():
    assert url_date("https://example.org/2017/11/19/albu-kamal/") == "2017-11-19"
    doc = doc_of("A title line\n\nThe army entered the town on Sunday.", url="https://example.org/2017/11/19/x/")
    (art,) = split_document(doc)
    assert (art.published, art.published_source) == ("2017-11-19", "url")


# ---------------------------------------------------------------- HTML

ARTICLE_HTML = """<html><body><nav>Home | About</nav>
<article class="post hentry"><h2 class="entry-title">Raqqa declared free of Islamic State</h2>
<time datetime="2017-10-20T10:00:00">Friday</time><p>The SDF said its forces held the whole city.</p></article>
<article class="post hentry"><h2 class="entry-title">Mayadin retaken</h2><p class="byline">By Sara Nour</p>
<p>The army entered Mayadin on Saturday after days of fighting.</p><p>Share this:</p></article>
</body></html>"""


def test_html_article_blocks_split_with_offsets_into_extracted_text():
    doc = doc_of(ARTICLE_HTML, "html")
    articles = split_document(doc)
    text = extract_text(doc)
    assert [a.title for a in articles] == ["Raqqa declared free of Islamic State", "Mayadin retaken"]
    assert articles[0].published == "2017-10-20" and articles[1].author == "Sara Nour"
    assert articles[1].boilerplate == ["Share this:"]
    for a in articles:
        assert text[a.start:a.end].startswith(a.title)
    assert "Home" not in text


def test_single_article_page_uses_page_metadata():
    html = ("<html><head><title>Kirkuk handed back</title><meta name='author' content='Lara Aziz'>"
            "<meta property='article:published_time' content='2017-10-16'></head><body><div id='main'>"
            + "".join(f"<p>Iraqi forces took over the governorate building and the K1 base, paragraph {i}.</p>"
                      for i in range(6)) + "</div></body></html>")
    (art,) = split_document(doc_of(html, "html", url="https://www.rudaw.net/english/middleeast/iraq/16102017"))
    assert art.title == "Kirkuk handed back"
    assert art.published == "2017-10-16" and art.published_source == "page"
    assert art.outlet_id == "rudaw"


# ---------------------------------------------------------------- what must not split

NUMBERED_LIST = """Ceasefire terms announced

The opposition delegation set out its demands in the following points.

1. Withdrawal of foreign militias

2. Release of detainees

3. Access for aid convoys

The government side has not replied, according to people at the talks."""

QUOTED_ARABIC = """Syrian army enters Mayadin

The army said its units entered the town after days of fighting with the group on the Euphrates.

قال أحد السكان إن المدينة كانت خالية تقريبا عند دخول الجيش إليها صباح السبت بعد أيام من القصف.

Commanders said the next target was Albu Kamal, near the Iraqi border, and that engineers were clearing mines.

Updated: October 15, 2017"""


@pytest.mark.parametrize("text", [NUMBERED_LIST, QUOTED_ARABIC], ids=["numbered-list", "quoted-arabic"])
def test_one_article_stays_one(text):
    (art,) = split_document(doc_of(text))
    assert art.boilerplate == [] and non_blank_lines(art.text) == non_blank_lines(text)
    assert art.language == "en"
