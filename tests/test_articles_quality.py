"""Quality pass of the articles stage: headline and byline of HTML pages, outlet credits, bare name
lines, translation pairs that share only a date. Every page here was written for this test."""
from __future__ import annotations

import hashlib

import pytest

from frontwatch.articles import split_document
from frontwatch.articles.lines import _outlet_only, classify_lines, name_like
from frontwatch.articles.links import link_articles, translation_pairs
from frontwatch.articles.outlets import default_registry
from frontwatch.articles.phrases import default_phrases
from frontwatch.models import Document


def doc_of(text: str, content_type: str = "text") -> Document:
    raw = text.encode("utf-8")
    return Document(doc_id=hashlib.sha256(raw).hexdigest(), source="test", raw=raw, text=text,
                    content_type=content_type)


STAFF_PAGE = """<!DOCTYPE html><html><head><title>Dam talks stall | Site</title></head><body>
<article>
  <h1>Talks over the Mosul dam stall again</h1>
  <div class="meta"><span class="byline">By {byline}</span>
  <time datetime="2017-09-02T10:00:00+03:00">2 September 2017</time>
  <span class="tags">Mosul, Dam, Nineveh</span></div>
  <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
  <figure><figcaption>Engineers on the crest of the dam in August. Photo: archive</figcaption></figure>
  <p>MOSUL, Iraq – Engineers and local officials failed on Saturday to agree on a timetable for the
  grouting work that keeps the dam standing, the third such failure since the spring.</p>
  <p>Officials said a new meeting would be held in Baghdad after the holiday.</p>
</article></body></html>"""


@pytest.mark.parametrize("byline,author", [
    ("Rudaw staff", "Rudaw staff"),
    ("Kurdistan 24 Newsroom", "Kurdistan 24 Newsroom"),
    ("Sara Daoud", "Sara Daoud"),
])
def test_html_headline_and_byline_not_tags(byline, author):
    (art,) = split_document(doc_of(STAFF_PAGE.format(byline=byline), "html"))
    assert art.title == "Talks over the Mosul dam stall again"
    assert art.author == author
    assert art.published == "2017-09-02"
    assert "Mosul, Dam, Nineveh" not in art.text and "Share on Facebook" not in art.text


CAPTION_FIRST = """<html><body>
<article class="compiled">
  <p>Al-Masdar News</p>
  <h2>Army convoy reaches the edge of the desert town</h2>
  <figure><figcaption>Soldiers on the road east of the town</figcaption></figure>
  <p class="date">October 3, 2017</p>
  <p class="byline">By Omar Haddad</p>
  <p>Government units reached the western edge of the town on Tuesday after a two-day march through
  the desert, a military source said, adding that engineers were clearing the road of mines.</p>
</article>
<article class="compiled">
  <h2>Second story of the day about the river crossing</h2>
  <p class="date">October 3, 2017</p>
  <p class="byline">Written by Lea Marin</p>
  <p>Boats carried a first group of fighters across the river at dawn, local sources said, while
  artillery on the western bank covered the crossing point for several hours.</p>
</article></body></html>"""


def test_block_heading_beats_caption_before_date():
    arts = split_document(doc_of(CAPTION_FIRST, "html"))
    assert [a.title for a in arts] == ["Army convoy reaches the edge of the desert town",
                                      "Second story of the day about the river crossing"]
    assert [a.author for a in arts] == ["Omar Haddad", "Lea Marin"]


@pytest.mark.parametrize("text,expected", [
    ("Kirkuk, Peshmerga, Hashd al-Shaabi", False),  # a page's tag list
    ("Raqqa, Tabqa", False),
    ("John Smith, Mary Jones and Ali Hasan", True),
    ("Omar Haddad", True),
    ("الوطن – دمشق", False),  # outlet and city, a credit line
    ("ناصر قنديل", True),
])
def test_name_like(text, expected):
    assert name_like(text, default_phrases()) is expected


@pytest.mark.parametrize("text,outlet_id", [
    ("وكالة الأنباء العراقية (واع)", "ina"),
    ("كركوك – واع", "ina"),
    ("حماة-سانا", "sana"),
    ("سانا – الوكالة العربية السورية للأنباء", "sana"),
    ("وكالة أنباء هاوار (ANHA)", "hawar"),
    ("Kirkuk – Rudaw", "rudaw"),
    ("Kirkuk – Peshmerga", None),
    ("Rudaw reporters in three towns – Kirkuk", None),
])
def test_outlet_lines(text, outlet_id):
    hit = _outlet_only(text, default_registry(), default_phrases())
    assert (hit.id if hit else None) == outlet_id


def test_staff_byline_is_a_byline_line():
    (line,) = classify_lines("By Rudaw staff", default_phrases(), default_registry())
    assert (line.kind, line.value) == ("byline", "Rudaw staff")


def test_name_above_headline_is_not_the_author():
    text = ("Gulf Review Blog\n\nFerry service resumes on the river after the battle ends\n\n"
            "Residents crossed the river by ferry for the first time in months on Sunday, local officials "
            "said, after the last mines were cleared from both banks near the old bridge.\n")
    (art,) = split_document(doc_of(text))
    assert art.title == "Ferry service resumes on the river after the battle ends"
    assert art.author is None


PAIR_SHARING_A_DATE = """Al-Masdar News

Army opens the road to the river port

November 12, 2017

By Omar Haddad

Government troops opened the road to Albu Kamal's river port on Sunday after clearing the villages of
Hamdan and Sukkariya, a field commander told Al-Masdar, adding that Hezbollah units had joined.

Related Videos

Related News

قذائف على حي سكني في دمشق

نوفمبر 12, 2017

المصدر: موقع سانا

سقطت قذائف هاون على حي القصاع في العاصمة صباح اليوم وأصيب ثلاثة مواطنين بجروح، وفق مصدر في الشرطة.
"""


def test_articles_sharing_only_a_date_are_not_a_translation_pair():
    arts = split_document(doc_of(PAIR_SHARING_A_DATE))
    assert len(arts) == 2
    assert translation_pairs(arts) == []


TRANSLATED_PAIR = """<html><body><article class="post">
<h1>The crossing reopens | المعبر يفتح من جديد</h1>
<p><strong>The crossing reopens</strong></p>
<p>Translated by Maya Karam,</p>
<p>Source: Al-Watan Website, October 9, 2017</p>
<p>The Nasib crossing with Jordan reopened on Monday for trucks for the first time since 2015, the
governor of Daraa told Al-Watan, adding that customs staff from Damascus had arrived on Sunday.</p>
<p>Traders in Amman said the first convoy of forty trucks was expected within days.</p>
<hr>
<p><strong>المعبر يفتح من جديد</strong></p>
<p>الوطن – دمشق</p>
<p>تشرين الأول 9, 2017</p>
<p>أعيد يوم الإثنين فتح معبر نصيب مع الأردن أمام الشاحنات للمرة الأولى منذ 2015، بحسب ما قال محافظ درعا لـ«الوطن»، مضيفا أن موظفي الجمارك وصلوا من دمشق يوم الأحد.</p>
<p>وقال تجار في عمان إن أول قافلة من أربعين شاحنة ستصل خلال أيام.</p>
</article></body></html>"""


def test_translation_source_line_names_the_original_outlet():
    en, ar = split_document(doc_of(TRANSLATED_PAIR, "html"))
    link_articles([en, ar])
    assert en.translation_of == ar.article_id
    assert (en.outlet, ar.outlet) == ("Al-Watan", "Al-Watan")
    assert ar.title == "المعبر يفتح من جديد"  # not the 'outlet – city' credit line above the date
    assert en.author is None and ar.author is None
    assert en.translator == "Maya Karam"


INTRO_PAGE = """Patrols resume along the river road

Joint patrols resumed along the river road on Tuesday after a pause of two weeks, local officials said,
adding that the checkpoints near the bridge had been manned again by the police.

The review below was released by SouthFront on March 4, 2018:
{between}
Written by Nadim Saleh

Fighting around the southern villages eased over the weekend as both sides moved reinforcements to the
north, according to residents who spoke by phone; several roads remained closed to civilian traffic.
"""


@pytest.mark.parametrize("between, published, source", [
    ("", "2018-03-04", "intro"),  # the intro line stands right before the article it introduces
    ("\nRelated Videos\n\nRelated News\n", None, None),  # a related block: what it introduced came before
])
def test_intro_line_date_reaches_only_the_article_right_after_it(between, published, source):
    arts = split_document(doc_of(INTRO_PAGE.format(between=between)))
    last = arts[-1]
    assert last.author == "Nadim Saleh" and last.outlet == "South Front"
    assert (last.published, last.published_source) == (published, source)


def test_outlet_line_with_an_edition_note():
    text = ("Shelling hits the old market, monitor says\nSyrian Observatory for Human Rights (English edition)\n"
            "March 2, 2018\n\nAt least nine people were killed when shells hit the old market on Friday, the "
            "monitor said, adding that the toll could rise as rescuers searched the rubble.\n")
    (art,) = split_document(doc_of(text))
    assert (art.title, art.outlet, art.published) == (
        "Shelling hits the old market, monitor says", "Syrian Observatory for Human Rights", "2018-03-02")


def test_markup_date_that_is_not_a_date_is_ignored():
    page = ('<html><body><article><h1>Ceasefire holds for a second day in the south</h1>'
            '<time datetime="\\"2018-0">yesterday</time><p>The ceasefire in the southern province held for a '
            'second day on Sunday, residents said, with no shelling reported since Friday night.</p>'
            '</article></body></html>')
    (art,) = split_document(doc_of(page, "html"))
    assert art.published is None or len(art.published) == 10 and art.published[4] == "-"
