"""A document's stage results to and from JSON text, for Parquet files and Ray rows."""
from __future__ import annotations

import json

from frontwatch.models import Article, Sentence, to_dict
from frontwatch.pipeline import DocumentResult
from frontwatch.store import event_mention_from_dict

__all__ = ["result_to_columns", "result_from_columns"]


def _dump(items: list) -> str:
    return json.dumps(to_dict(items), ensure_ascii=False)


def result_to_columns(result: DocumentResult) -> dict[str, str]:
    return {"articles": _dump(result.articles), "sentences": _dump(result.sentences),
            "event_mentions": _dump(result.event_mentions)}


def result_from_columns(doc_id: str, articles: str, sentences: str, event_mentions: str) -> DocumentResult:
    return DocumentResult(
        doc_id=doc_id,
        articles=[Article(**a) for a in json.loads(articles)],
        sentences=[Sentence(**s) for s in json.loads(sentences)],
        event_mentions=[event_mention_from_dict(m) for m in json.loads(event_mentions)])
