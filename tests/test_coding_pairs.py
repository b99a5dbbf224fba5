"""The seed's Arabic articles and their English twins yield the same territorial events.

The seed page is split into articles by the articles stage; each English article that the splitter
links to an Arabic one (`translation_of`) forms a pair. Both sides are coded (English through
`frontwatch.coding.code_article`, Arabic through `code_article_ar`) and their capture and entry
events are compared directly, as sets of (type, place id, gained_by actor id) and by the named
parties that take each place.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from frontwatch.models import Document, EventMention

AL_BUKAMAL = "gn:174448"
AL_QAIM = "gn:92138"


def _document(path: Path) -> Document:
    raw = path.read_bytes()
    return Document(doc_id=hashlib.sha256(raw).hexdigest(), source=str(path), raw=raw,
                    text=raw.decode("utf-8"), content_type="text")


@pytest.fixture(scope="module")
def seed_articles(seed_path):
    from frontwatch.articles import link_articles, split_document
    articles = split_document(_document(seed_path))
    link_articles(articles)
    return articles


@pytest.fixture(scope="module")
def pairs(seed_articles):
    by_id = {a.article_id: a for a in seed_articles}
    out = [(a, by_id[a.translation_of]) for a in seed_articles
           if a.language == "en" and a.translation_of in by_id and by_id[a.translation_of].language == "ar"]
    assert len(out) == 2, "the seed page carries two Arabic articles with English twins"
    return out


def territorial(events: list[EventMention]) -> set[tuple]:
    """(type, place id, gained_by id) of the events that take or contest ground, as reported."""
    return {(e.type, e.place.id if e.place else None, e.control.gained_by.id if e.control.gained_by else None)
            for e in events if e.control and e.control.status in ("captured", "contested")
            and e.certainty != "hypothetical"}


def _code_both(en, ar, articles):
    from frontwatch.coding import code_article
    from frontwatch.coding.arabic import code_article_ar
    return code_article(en, page_articles=articles), code_article_ar(ar, page_articles=articles)


# What a reader of each English twin finds: Magnier's report has the Syrian army take al-Bukamal
# ("liberated the city"); Kandil's column speaks of the victory in al-Bukamal and of "the entry of
# the Syrian army and its allies" into it (a contested entry).
EXPECTED_EN = [
    {("ASSAULT", AL_BUKAMAL, "saa")},
    {("ASSAULT", AL_BUKAMAL, "saa")},
]
# Where the Arabic original says more than its English version: Magnier's Arabic text adds that
# Iraq's ground forces had taken the border at al-Qaim ("بعدما كانت سيطرت قواته البرية على الحدود من
# ناحية القائم"), a clause the English version leaves out.
ARABIC_ONLY = [
    {("ASSAULT", AL_QAIM, "iraq")},
    set(),
]


def test_english_twins_yield_the_expected_captures(pairs, seed_articles):
    from frontwatch.coding import code_article
    got = [territorial(code_article(en, page_articles=seed_articles)) for en, _ in pairs]
    assert got == EXPECTED_EN


def test_arabic_twins_yield_the_expected_captures(pairs, seed_articles):
    from frontwatch.coding.arabic import code_article_ar
    got = [territorial(code_article_ar(ar, page_articles=seed_articles)) for _, ar in pairs]
    assert got == [en | extra for en, extra in zip(EXPECTED_EN, ARABIC_ONLY)]


def test_arabic_and_english_twins_agree(pairs, seed_articles):
    """The English coder's capture events and the Arabic coder's are the same (type, place, gainer),
    apart from what only the Arabic text says."""
    for n, (en, ar) in enumerate(pairs):
        en_events, ar_events = _code_both(en, ar, seed_articles)
        en_set, ar_set = territorial(en_events), territorial(ar_events)
        assert en_set, f"pair {n}: the English twin yields no capture or entry"
        assert ar_set - ARABIC_ONLY[n] == en_set, f"pair {n}: arabic {sorted(ar_set)} vs english {sorted(en_set)}"


UMBRELLA = ("pro-government-", "generic-")  # "allied forces", "القوات الرديفة": descriptions, not named parties


def _captors(events: list[EventMention], place: str | None) -> set[str]:
    """The named parties (no umbrella descriptions) that take or enter `place`."""
    return {a.id for e in events if e.control and e.certainty != "hypothetical" and e.place is not None
            and e.place.id == place and e.control.status in ("captured", "contested") for a in e.actors
            if a.id and not a.id.startswith(UMBRELLA)}


def test_arabic_and_english_twins_name_the_same_captors(pairs, seed_articles):
    """The parties taking or entering a place in the Arabic text are those the English twin names
    for the same place, and the side that loses it is never among them."""
    for n, (en, ar) in enumerate(pairs):
        en_events, ar_events = _code_both(en, ar, seed_articles)
        for _, place, _ in territorial(en_events):
            en_c, ar_c = _captors(en_events, place), _captors(ar_events, place)
            assert ar_c and ar_c == en_c, f"pair {n} at {place}: {ar_c} vs {en_c}"
            assert "isis" not in ar_c | en_c
