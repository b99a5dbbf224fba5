"""The store on SQLite and on a real PostgreSQL server: documents once, atomic writes, events, control."""
from __future__ import annotations

import threading

from frontwatch.ingest import make_document
from frontwatch.models import (ActorRef, Article, Control, ControlPeriod, Event, EventMention, MentionRef, PlaceRef,
                               Sentence, mention_key)
from frontwatch.store import db_url


def _doc(text: str, source: str = "mem"):
    return make_document(text.encode("utf-8"), source=source)


def _article(doc_id: str, i: int = 0, text: str = "The army took the town.") -> Article:
    return Article(article_id=f"{doc_id[:12]}-{i:02d}", document=doc_id, index=i, text=text, language="en",
                   outlet="Example Wire", published="2017-11-19", start=0, end=len(text), boilerplate=["Share"])


def _mention(article_id: str, place: str = "Town") -> EventMention:
    return EventMention(article_id=article_id, sentence_index=0, start=0, end=23, text="The army took the town.",
                        type="ASSAULT", mode="firearms", date="2017-11-19", date_precision="day",
                        actors=[ActorRef("saa", "Syrian Arab Army", "pro-government")],
                        place=PlaceRef(f"p:{place}", place, 34.45, 40.92, "SY"),
                        control=Control(ActorRef("saa", "Syrian Arab Army"), None, "captured"))


def test_db_url_forms(tmp_path):
    assert db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db_url(str(tmp_path / "x.db")).startswith("sqlite:////")
    assert db_url("sqlite:///rel.db") == "sqlite:///rel.db"


def test_document_stored_once(store):
    doc = _doc("A report of shelling.")
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    assert store.stats()["documents"] == 1
    got = store.get_document(doc.doc_id)
    assert got.raw == doc.raw and got.text == doc.text


def test_results_replace_and_mark_processed(store):
    doc = _doc("Report one.")
    store.add_document(doc)
    assert [d.doc_id for d in store.pending_documents()] == [doc.doc_id]
    art = _article(doc.doc_id)
    m = _mention(art.article_id)
    for _ in range(2):  # processing twice leaves one copy
        store.save_document_result(doc.doc_id, [art], [Sentence(art.article_id, 0, 0, 23, art.text)], [m])
    assert list(store.pending_documents()) == []
    s = store.stats()
    assert (s["articles"], s["sentences"], s["event_mentions"]) == (1, 1, 1)
    assert store.articles()[0] == art
    (mid, back), = store.event_mentions()
    assert mid == mention_key(m) and back == m


def test_failed_write_leaves_nothing_half_done(store):
    doc = _doc("Report two.")
    store.add_document(doc)
    art = _article(doc.doc_id)
    bad = _article("0" * 64)  # its document does not exist: the foreign key refuses the whole write
    try:
        store.save_document_result(doc.doc_id, [art, bad], [], [])
    except Exception:
        pass
    assert store.stats()["articles"] == 0
    assert [d.doc_id for d in store.pending_documents()] == [doc.doc_id]


def test_events_saved_queried_and_linked(store):
    doc = _doc("Report three.")
    store.add_document(doc)
    art = _article(doc.doc_id)
    m = _mention(art.article_id, "Abu Kamal")
    store.save_document_result(doc.doc_id, [art], [], [m])
    ev = Event(event_id="e1", type="ASSAULT", date="2017-11-19", date_precision="day", actors=m.actors,
               place=m.place, control=m.control, sources=1, independent_sources=1, grade="C3",
               mentions=[MentionRef(art.article_id, "Example Wire", "en", 0, 23, m.text, 0, mention_key(m))])
    hypo = Event(event_id="e2", type="THREATEN", certainty="hypothetical", date="2017-11-20")
    store.save_events([ev, hypo], {mention_key(m): "e1"})
    store.save_events([ev], {})  # re-saving is an update, not a duplicate
    assert [e.event_id for e in store.query_events()] == ["e1"]
    assert [e.event_id for e in store.query_events(include_hypothetical=True)] == ["e1", "e2"]
    assert store.query_events(place="kamal")[0] == ev
    assert store.query_events(actor="syrian arab")[0].event_id == "e1"
    assert store.query_events(actor="isis") == []
    assert store.query_events(date_from="2017-11-20") == []
    assert store.event_mentions(unassigned=True) == []


def test_control_periods_replace(store):
    p = ControlPeriod("p1", "Abu Kamal", "saa", "Syrian Arab Army", "2017-11-19", None, "held", ["e1"])
    store.replace_control([p, p])
    store.replace_control([p])
    assert store.control_periods() == [p]


def test_concurrent_writers_store_each_document_once(store):
    docs = [_doc(f"Report number {i}.") for i in range(30)]
    results = []

    def worker():
        results.extend(store.add_document(d) for d in docs)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(results) == 30 and store.stats()["documents"] == 30


def test_pending_and_recent_order_is_by_content_hash_not_storage_time(store):
    """Links depend on processing order; a run killed while storing its inputs stores the rest later,
    so the order must not follow fetched_at (else the resumed run links differently)."""
    docs = sorted((_doc(f"Report {i} on the front.") for i in range(5)), key=lambda d: d.doc_id, reverse=True)
    for i, d in enumerate(docs):  # stored in reverse hash order, a second apart
        d.fetched_at = f"2026-01-01T00:00:0{i}+00:00"
        store.add_document(d)
    order = [d.doc_id for d in store.pending_documents()]
    assert order == sorted(order)
    for doc_id in order:
        store.save_document_result(doc_id, [_article(doc_id)], [], [])
    assert [a.document for a in store.recent_articles()[::-1]] == order  # `previous` of a resumed run


def test_provisional_results_stay_pending_until_marked(store):
    doc = _doc("Report four.")
    store.add_document(doc)
    art = _article(doc.doc_id)
    store.save_document_result(doc.doc_id, [art], [], [_mention(art.article_id)], final=False)
    assert [d.doc_id for d in store.pending_documents()] == [doc.doc_id]
    assert len(store.event_mentions(unassigned=True)) == 1
    assert store.event_mentions(unassigned=True, processed=True) == []  # not resolved while provisional
    assert store.recent_articles() == []  # nor linked against
    store.mark_processed([doc.doc_id])
    assert list(store.pending_documents()) == []
    assert len(store.event_mentions(unassigned=True, processed=True)) == 1
