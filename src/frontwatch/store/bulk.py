"""Store queries for batch jobs: many documents at once, by id, without loading their raw bytes."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, update

from frontwatch.models import Article
from frontwatch.store import Store, _chunks
from frontwatch.store import schema as t

__all__ = ["document_states", "run_order", "articles_of", "articles_before", "set_translation_links"]


def document_states(store: Store, doc_ids: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """doc_id -> (fetched_at, processed) for the stored documents among `doc_ids`."""
    d = t.documents
    states: dict[str, tuple[str, bool]] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(list(dict.fromkeys(doc_ids)), 500):
            q = select(d.c.doc_id, d.c.fetched_at, d.c.processed_at).where(d.c.doc_id.in_(chunk))
            for r in conn.execute(q):
                states[r.doc_id] = (r.fetched_at or "", r.processed_at is not None)
    return states


def run_order(states: dict[str, tuple[str, bool]]) -> list[str]:
    """The order in which `process_pending` takes documents: by doc_id (content hash)."""
    return sorted(states)


def articles_of(store: Store, doc_ids: Iterable[str]) -> dict[str, list[Article]]:
    """doc_id -> its stored articles in order, for many documents in a few queries."""
    from frontwatch.store import _article_from_row

    a = t.articles
    found: dict[str, list[Article]] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(list(dict.fromkeys(doc_ids)), 500):
            for r in conn.execute(select(a).where(a.c.doc_id.in_(chunk)).order_by(a.c.doc_id, a.c.idx)):
                art = _article_from_row(r)
                found.setdefault(art.document, []).append(art)
    return found


def articles_before(store: Store, batch: set[str], window: int | None) -> list[Article]:
    """The articles `process_pending` starts from, as if the `batch` documents were not stored yet:
    all stored articles, or (with a window) those of the most recently stored documents, oldest first."""
    if window is None:
        return [art for art in store.articles() if art.document not in batch]
    extra = sum(len(v) for v in articles_of(store, batch).values())
    recent = [art for art in store.recent_articles(window + extra) if art.document not in batch]
    return recent[:window][::-1]


def set_translation_links(store: Store, links: list[tuple[str, str | None]]) -> None:
    """Sets `translation_of` of stored articles, (article_id, translation_of) pairs, in one transaction."""
    if not links:
        return
    a = t.articles
    q = update(a).where(a.c.article_id == bindparam("b_article")).values(translation_of=bindparam("b_translation"))
    with store.engine.begin() as conn:
        for chunk in _chunks(links, 500):
            conn.execute(q, [{"b_article": aid, "b_translation": tr} for aid, tr in chunk])
