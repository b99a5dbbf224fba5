"""The stages chained: Document -> Articles -> Sentences -> EventMentions (per document), then
EventMentions -> Events -> ControlPeriods (over the store). Each stage is a plain function, so the
CLI, the web server and the batch job run the same code."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from frontwatch.errors import FrontwatchError
from frontwatch.ingest import FetchLimits, read_sources
from frontwatch.models import Article, Document, EventMention, Sentence
from frontwatch.store import Store

LINK_WINDOW = 2000  # stored articles each new one is compared with for translations and re-posts

__all__ = ["DocumentResult", "process_document", "ingest", "process_pending", "resolve_store", "RunReport"]


@dataclass
class DocumentResult:
    doc_id: str
    articles: list[Article]
    sentences: list[Sentence]
    event_mentions: list[EventMention]


@dataclass
class RunReport:
    documents_new: int = 0
    documents_seen: int = 0
    documents_processed: int = 0
    failures: list[FrontwatchError] = field(default_factory=list)


def process_document(doc: Document, *, previous: Iterable[Article] = ()) -> DocumentResult:
    """All per-document stages: articles (split, attributed, linked), sentences, event mentions."""
    from frontwatch.articles import link_articles, split_document
    from frontwatch.coding import code_article
    from frontwatch.nlp.sentences import split_sentences

    articles = split_document(doc)
    link_articles(articles, previous)
    sentences: list[Sentence] = []
    mentions: list[EventMention] = []
    for article in articles:
        sents = split_sentences(article)
        sentences += sents
        if article.duplicate_of is None:  # a re-post adds no reports of its own
            mentions += code_article(article, sents, page_articles=articles)
    return DocumentResult(doc.doc_id, articles, sentences, mentions)


def ingest(store: Store, sources: Iterable[str], limits: FetchLimits | None = None,
           report: RunReport | None = None, on_item: Callable[[str], None] | None = None) -> tuple[RunReport, list[str]]:
    """Reads the sources into the store (raw documents, once each); returns the report and doc ids."""
    report = report or RunReport()
    doc_ids: list[str] = []
    for item in read_sources(sources, limits):
        if isinstance(item, FrontwatchError):
            report.failures.append(item)
            store.record_failure(item.source or "?", item.code, str(item))
        else:
            report.documents_seen += 1
            report.documents_new += store.add_document(item)
            doc_ids.append(item.doc_id)
        if on_item:
            on_item(item.source if isinstance(item, Document) else (item.source or "?"))
    return report, doc_ids


def process_pending(store: Store, doc_ids: Iterable[str] | None = None, report: RunReport | None = None,
                    on_item: Callable[[str], None] | None = None) -> RunReport:
    """Processes every stored document not yet processed (resumes after a crash), one transaction each."""
    report = report or RunReport()
    previous = store.recent_articles(LINK_WINDOW)[::-1]  # oldest first; new ones are appended
    for doc in store.pending_documents(doc_ids):
        try:
            result = process_document(doc, previous=previous)
        except FrontwatchError as e:
            e.source = e.source or doc.source
            report.failures.append(e)
            store.record_failure(doc.source, e.code, str(e))
            continue
        store.save_document_result(doc.doc_id, result.articles, result.sentences, result.event_mentions)
        previous = (previous + result.articles)[-LINK_WINDOW:]
        report.documents_processed += 1
        if on_item:
            on_item(doc.source)
    return report


def resolve_store(store: Store) -> int:
    """Attaches unassigned event mentions to events (incrementally) and rebuilds the control timeline."""
    from frontwatch.resolve import control_timeline, resolve_mentions
    from frontwatch.resolve.grading import user_reliability

    reliability = user_reliability()
    pending = store.event_mentions(unassigned=True, processed=True)
    if pending:
        articles = {a.article_id: a for a in store.articles()}
        existing = store.all_events()
        events = resolve_mentions([m for _, m in pending], articles, existing=existing, reliability=reliability)
        pending_ids = {mid for mid, _ in pending}
        assignments = {ref.mention_id: ev.event_id for ev in events for ref in ev.mentions
                       if ref.mention_id in pending_ids}
        store.save_events(events, assignments)
    store.replace_control(control_timeline(store.all_events(), baseline=store.baseline()))
    return len(pending)

