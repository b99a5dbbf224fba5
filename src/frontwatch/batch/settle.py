"""After the workers: cross-document links exactly as `frontwatch run` makes them, then events once.

Workers process each document alone (`previous=()`), but `run` links a document's articles to every
article stored or processed before it (translations, re-posts), and a re-post adds no event
mentions. So the documents of a batch are walked in `run`'s order (doc_id), their articles
re-linked against the ones before; a document whose links change (or that has no stored result) is
processed again with `process_document(doc, previous=...)`, the call `run` makes, unless only links
to articles of other documents change (`coding_unchanged`): then only those links are written.
Workers' results are stored provisional (the document stays pending); once every document is settled
they are all marked processed in one transaction, then `resolve_store` merges event mentions into
events once, over the whole store. A batch killed at any point leaves its documents pending: the next batch over
the same input, or a `run`, settles them as if nothing had happened.
"""
from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from frontwatch.errors import FrontwatchError
from frontwatch.models import Article
from frontwatch import pipeline
from frontwatch.pipeline import process_document, resolve_store
from frontwatch.store import Store
from frontwatch.store.bulk import articles_before, articles_of, document_states, run_order, set_translation_links

__all__ = ["settle", "SettleReport", "Redo", "serial_redo", "links_of", "coding_unchanged"]


@dataclass
class SettleReport:
    documents: int = 0
    reprocessed: int = 0
    relinked: int = 0  # documents whose new links were written without processing them again
    mentions_resolved: int = 0
    failures: list[dict] = field(default_factory=list)  # dead-letter rows
    seconds_link: float = 0.0  # re-linking in run's order (serial: each document against the ones before)
    seconds_redo: float = 0.0  # re-processing the documents whose links changed
    seconds_resolve: float = 0.0  # resolve_store: events and control over the whole store


def _unlinked(stored: list[Article]) -> list[Article]:
    """The articles as `split_document` gave them (links are set only by `link_articles`): a worker's
    in-page links were made without `previous`, and `link_articles` keeps links already set."""
    fresh = copy.deepcopy(stored)
    for a in fresh:
        a.translation_of = a.duplicate_of = None
    return fresh


def links_of(articles: list[Article]) -> list[tuple]:
    return [(a.article_id, a.translation_of, a.duplicate_of) for a in articles]


def coding_unchanged(stored: list[Article], linked: list[Article]) -> bool:
    """Whether a document's new links leave its sentences and event mentions as they were made: no
    re-post link changes (a re-post adds no mentions), and each changed translation link points to an
    article of another document before and after (coding reads translation links only between the
    articles of one page, to date an undated article by its twin: `coding.dates.page_anchor`)."""
    page = {a.article_id for a in stored}
    return all(old.duplicate_of == new.duplicate_of and (old.translation_of == new.translation_of
                                                         or not {old.translation_of, new.translation_of} & page)
               for old, new in zip(stored, linked, strict=True))


@dataclass
class Redo:
    """A document whose links change once earlier articles are known: it is processed again with
    the articles `run` would have passed as `previous`; `links` are what its articles must end up with.
    `previous` is a window of one shared timeline, so waiting redos cost no copies."""

    doc_id: str
    links: list[tuple]
    timeline: list[Article] = field(repr=False)
    end: int = 0
    window: int | None = None

    @property
    def previous(self) -> list[Article]:
        start = 0 if self.window is None else max(0, self.end - self.window)
        return self.timeline[start:self.end]

    def targets(self) -> list[Article]:
        """The few earlier articles its links point to (and re-posts of them): enough for
        `link_articles` to find the same links on a worker; the result is checked against `links`."""
        ids = {x for _, t, d in self.links for x in (t, d) if x}
        return [a for a in self.previous if a.article_id in ids or a.duplicate_of in ids]


def serial_redo(store: Store, items: list[Redo]) -> tuple[list[str], list[dict]]:
    """Processes each document again on this machine, with the full `previous` of `run`."""
    done, failures = [], []
    for item in items:
        doc = store.get_document(item.doc_id)
        try:
            result = process_document(doc, previous=item.previous)
        except FrontwatchError as e:  # as `process_pending` does: recorded, the document stays pending
            store.record_failure(doc.source, e.code, str(e))
            failures.append(dict(source=doc.source, code=e.code, reason=str(e), stage="settle", doc_id=doc.doc_id))
            continue
        store.save_document_result(item.doc_id, result.articles, result.sentences, result.event_mentions,
                                   final=False)
        done.append(item.doc_id)
    return done, failures


RedoFn = Callable[[list[Redo]], tuple[list[str], list[dict]]]


def settle(store: Store, new_ids: Iterable[str], seen_ids: Iterable[str] = (), *,
           resolve: bool = True, redo: RedoFn | None = None) -> SettleReport:
    """Re-links the batch's documents in `run`'s order, re-processes those whose links change (with
    `redo`, e.g. on the Ray workers; any it cannot match exactly are re-processed here), resolves events.
    `new_ids`: documents the batch stored; `seen_ids`: others it met, settled only if still pending."""
    from frontwatch.articles import link_articles

    new = set(new_ids)
    states = {d: st for d, st in document_states(store, [*new, *seen_ids]).items() if d in new or not st[1]}
    ids = run_order(states)
    batch = set(ids)
    pending = {d for d, (_, processed) in states.items() if not processed}
    window = getattr(pipeline, "LINK_WINDOW", None)  # how many earlier articles `run` links against
    timeline = articles_before(store, batch, window)  # then every batch article, in run's order
    by_doc = articles_of(store, ids)
    report = SettleReport(documents=len(ids))
    t0 = time.perf_counter()
    todo: list[Redo] = []
    relinks: list[tuple[str, str | None]] = []  # (article_id, translation_of)
    for doc_id in ids:
        here = Redo(doc_id, [], timeline, len(timeline), window)
        stored = by_doc.get(doc_id, [])
        if doc_id in pending and not stored:  # no worker result (a crash before it was saved): processed here
            done, failed = serial_redo(store, [here])
            report.failures += failed
            report.reprocessed += len(done)
            timeline += articles_of(store, done).get(doc_id, [])
            continue
        linked = _unlinked(stored)
        link_articles(linked, here.previous)  # the call `process_document` makes, now with `previous`
        if links_of(linked) != links_of(stored):
            if coding_unchanged(stored, linked):
                relinks += [(a.article_id, a.translation_of) for a in linked]
                report.relinked += 1
            else:
                here.links = links_of(linked)
                todo.append(here)
        timeline += linked
    t1 = time.perf_counter()
    set_translation_links(store, relinks)
    report.seconds_link = round(t1 - t0, 2)
    if todo:
        done, failed = (redo or (lambda items: serial_redo(store, items)))(todo)
        left = [item for item in todo if item.doc_id not in set(done) | {f["doc_id"] for f in failed}]
        done2, failed2 = serial_redo(store, left)
        report.reprocessed += len(done) + len(done2)
        report.failures += failed + failed2
    failed_ids = {f.get("doc_id") for f in report.failures}
    store.mark_processed([d for d in ids if d not in failed_ids])  # one transaction: all settled, or none
    t2 = time.perf_counter()
    report.seconds_redo = round(t2 - t1, 2)
    if resolve:
        report.mentions_resolved = resolve_store(store)
    report.seconds_resolve = round(time.perf_counter() - t2, 2)
    return report

