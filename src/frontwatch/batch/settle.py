"""After the workers: cross-document links exactly as `frontwatch run` makes them, then events once.

Workers process each document alone (`previous=()`), but `run` links a document's articles to every
article stored or processed before it (translations, re-posts), and a re-post adds no event
mentions. So the documents of a batch are walked in `run`'s order (fetched_at, doc_id), their articles
re-linked against the ones before; a document whose links change (or that is still pending) is
processed again with `process_document(doc, previous=...)`, the call `run` makes. Then
`resolve_store` merges event mentions into events once, over the whole store.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from frontwatch.errors import FrontwatchError
from frontwatch.models import Article
from frontwatch import pipeline
from frontwatch.pipeline import process_document, resolve_store
from frontwatch.store import Store
from frontwatch.store.bulk import articles_before, articles_of, document_states, run_order

__all__ = ["settle", "SettleReport"]


@dataclass
class SettleReport:
    documents: int = 0
    reprocessed: int = 0
    mentions_resolved: int = 0
    failures: list[dict] = field(default_factory=list)  # dead-letter rows


def _keep(articles: list[Article], window: int | None) -> list[Article]:
    return articles if window is None else articles[-window:]


def _unlinked(stored: list[Article]) -> list[Article]:
    """The articles as `split_document` gave them (links are set only by `link_articles`): a worker's
    in-page links were made without `previous`, and `link_articles` keeps links already set."""
    fresh = copy.deepcopy(stored)
    for a in fresh:
        a.translation_of = a.duplicate_of = None
    return fresh


def _links(articles: list[Article]) -> list[tuple]:
    return [(a.article_id, a.translation_of, a.duplicate_of) for a in articles]


def settle(store: Store, new_ids: Iterable[str], seen_ids: Iterable[str] = (), *,
           resolve: bool = True) -> SettleReport:
    """Re-links and, where needed, re-processes the batch's documents in `run`'s order; resolves events.
    `new_ids`: documents the batch stored; `seen_ids`: others it met, settled only if still pending."""
    from frontwatch.articles import link_articles

    new = set(new_ids)
    states = {d: st for d, st in document_states(store, [*new, *seen_ids]).items() if d in new or not st[1]}
    ids = run_order(states)
    batch = set(ids)
    pending = {d for d, (_, processed) in states.items() if not processed}
    window = getattr(pipeline, "LINK_WINDOW", None)  # how many earlier articles `run` links against
    previous = articles_before(store, batch, window)
    by_doc = articles_of(store, ids)
    report = SettleReport(documents=len(ids))
    for doc_id in ids:
        stored = by_doc.get(doc_id, [])
        if doc_id not in pending:
            linked = _unlinked(stored)
            link_articles(linked, previous)  # the call `process_document` makes, now with `previous`
            if _links(linked) == _links(stored):
                previous = _keep(previous + linked, window)
                continue
        doc = store.get_document(doc_id)
        try:
            result = process_document(doc, previous=previous)
        except FrontwatchError as e:  # as `process_pending` does: recorded, the document stays pending
            store.record_failure(doc.source, e.code, str(e))
            report.failures.append(dict(source=doc.source, code=e.code, reason=str(e), stage="settle",
                                        doc_id=doc_id))
            continue
        store.save_document_result(doc_id, result.articles, result.sentences, result.event_mentions)
        previous = _keep(previous + result.articles, window)
        report.reprocessed += 1
    if resolve:
        report.mentions_resolved = resolve_store(store)
    return report
