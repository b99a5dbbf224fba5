"""The per-record work of a batch job: reading files into rows, and `process_document` on each document.

`read_files` runs as Ray tasks; `DocumentWorker` as a pool of Ray actors, so the spaCy model and the
knowledge bases load once per worker. Each returns Arrow tables of small status rows for the driver.
"""
from __future__ import annotations

import os
import resource
import traceback

from frontwatch.errors import FrontwatchError, StoreError

from frontwatch.batch.records import ROW_FIELDS, document_from_row, read_file
from frontwatch.batch.sinks import open_sink

__all__ = ["read_files", "DocumentWorker", "row_schema", "status_schema"]

STATUS_FIELDS = ("kind", "source", "doc_id", "fetched_at", "code", "reason", "stage", "count",
                 "articles", "event_mentions", "pid", "peak_rss_mb")


def row_schema():
    import pyarrow as pa

    types = {"raw": pa.binary(), "count": pa.int64()}
    return pa.schema([(f, types.get(f, pa.string())) for f in ROW_FIELDS])


def status_schema():
    import pyarrow as pa

    types = {"count": pa.int64(), "articles": pa.int64(), "event_mentions": pa.int64(), "pid": pa.int64(),
             "peak_rss_mb": pa.float64()}
    return pa.schema([(f, types.get(f, pa.string())) for f in STATUS_FIELDS])


def _table(rows: list[dict], schema):
    import pyarrow as pa

    return pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)


def read_files(batch, fetched_at: str, max_bytes: int, rows_per_block: int = 8):
    """Ray map_batches function: a table of {path} -> tables of document/failure/skipped rows."""
    for path in batch.column("path").to_pylist():
        rows: list[dict] = []
        for row in read_file(path, fetched_at, max_bytes):
            rows.append(row)
            if len(rows) >= rows_per_block:  # small blocks: the documents of one big file spread over workers
                yield _table(rows, row_schema())
                rows = []
        if rows:
            yield _table(rows, row_schema())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class DocumentWorker:
    """Ray actor: runs `process_document` (the stages of `frontwatch run`) and hands results to a sink."""

    def __init__(self, out: str):
        self.sink = open_sink(out)
        self.pid = os.getpid()

    def __call__(self, batch):
        statuses = [self._one(row) for row in batch.to_pylist()]
        try:
            self.sink.flush()
        except Exception as e:  # a Parquet write failed: every document of this batch is lost
            statuses = [self._write_failed(s, e) for s in statuses]
        rss = peak_rss_mb()
        for s in statuses:
            s.update(pid=self.pid, peak_rss_mb=rss)
        return _table(statuses, status_schema())

    def _one(self, row: dict) -> dict:
        from frontwatch.pipeline import process_document

        if row["kind"] != "document":
            return dict(row)
        doc = document_from_row(row)
        base = dict(source=doc.source, doc_id=doc.doc_id, fetched_at=doc.fetched_at)
        try:
            if not self.sink.claim(doc):
                return dict(base, kind="duplicate")
            result = process_document(doc)
            self.sink.save(doc, result)
        except Exception as e:  # anything a record can cause lands in the dead letters, with its reason
            return self._failed(base, doc, e)
        return dict(base, kind="processed", articles=len(result.articles),
                    event_mentions=len(result.event_mentions))

    def _failed(self, base: dict, doc, e: Exception) -> dict:
        if isinstance(e, FrontwatchError):
            code, reason, stage = e.code, str(e), "process"
        else:
            where = traceback.extract_tb(e.__traceback__)[-1]
            code = StoreError.code if "sqlalchemy" in type(e).__module__ else FrontwatchError.code
            reason = f"{type(e).__name__}: {e} (at {os.path.basename(where.filename)}:{where.lineno})"
            stage = "write" if code == StoreError.code else "process"
        try:
            self.sink.record_failure(doc.source, code, reason)
        except Exception:
            pass  # the dead-letter file (written by the driver) still gets it
        return dict(base, kind="failure", code=code, reason=reason.splitlines()[0][:2000], stage=stage)

    def _write_failed(self, status: dict, e: Exception) -> dict:
        if status["kind"] != "processed":
            return status
        return dict(status, kind="failure", code=StoreError.code, stage="write",
                    reason=f"cannot write Parquet: {type(e).__name__}: {e}")


class RedoWorker:
    """Ray actor for the settle pass: a document processed again with the earlier articles its links
    point to; saved only when its links come out as the driver computed them (else the driver redoes it)."""

    def __init__(self, out: str):
        from frontwatch.store import Store

        self.store = Store.open(out, migrate=False)

    def __call__(self, batch):
        return _table([self._one(row) for row in batch.to_pylist()], status_schema())

    def _one(self, row: dict) -> dict:
        import json

        from frontwatch.batch.settle import links_of
        from frontwatch.models import Article
        from frontwatch.pipeline import process_document

        doc = self.store.get_document(row["doc_id"])
        base = dict(source=doc.source, doc_id=doc.doc_id, pid=os.getpid(), peak_rss_mb=peak_rss_mb())
        try:
            result = process_document(doc, previous=[Article(**a) for a in json.loads(row["previous"])])
            if [list(x) for x in links_of(result.articles)] != json.loads(row["links"]):
                return dict(base, kind="mismatch")
            self.store.save_document_result(doc.doc_id, result.articles, result.sentences, result.event_mentions,
                                            final=False)
        except Exception as e:
            code = getattr(e, "code", FrontwatchError.code)
            self.store.record_failure(doc.source, code, str(e))
            return dict(base, kind="failure", code=code, stage="settle", reason=f"{type(e).__name__}: {e}"[:2000])
        return dict(base, kind="redone")
