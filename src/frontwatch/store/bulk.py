"""Store queries for batch jobs: many documents at once, by id, without loading their raw bytes."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select

from frontwatch.store import Store
from frontwatch.store import schema as t

__all__ = ["document_states", "run_order"]


def _chunks(seq: list, n: int = 500) -> Iterator[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def document_states(store: Store, doc_ids: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """doc_id -> (fetched_at, processed) for the stored documents among `doc_ids`."""
    d = t.documents
    states: dict[str, tuple[str, bool]] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(list(dict.fromkeys(doc_ids))):
            q = select(d.c.doc_id, d.c.fetched_at, d.c.processed_at).where(d.c.doc_id.in_(chunk))
            for r in conn.execute(q):
                states[r.doc_id] = (r.fetched_at or "", r.processed_at is not None)
    return states


def run_order(states: dict[str, tuple[str, bool]]) -> list[str]:
    """The order in which `process_pending` takes documents: fetched_at, then doc_id."""
    return sorted(states, key=lambda doc_id: (states[doc_id][0], doc_id))
