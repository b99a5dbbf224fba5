"""Where batch workers put results: a database through the Store, or Parquet files that `load` imports."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from frontwatch.models import Document
from frontwatch.pipeline import DocumentResult

from frontwatch.batch.results import result_to_columns

__all__ = ["is_database", "open_sink", "StoreSink", "ParquetSink", "parquet_schema", "PARQUET_VERSION"]

PARQUET_VERSION = 1  # bumped when the columns below change; `load` refuses other versions
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def is_database(out: str) -> bool:
    """--out names a database when it is a URL or a SQLite file name; otherwise a Parquet directory."""
    return "://" in out or out.lower().endswith(DB_SUFFIXES)


def parquet_schema():
    import pyarrow as pa

    return pa.schema([
        ("format_version", pa.int32()), ("doc_id", pa.string()), ("source", pa.string()), ("url", pa.string()),
        ("content_type", pa.string()), ("encoding", pa.string()), ("raw", pa.binary()),
        ("fetched_at", pa.string()), ("articles", pa.string()), ("sentences", pa.string()),
        ("event_mentions", pa.string())])



class StoreSink:
    """Each worker writes through its own Store: a document is claimed by the worker whose insert
    created its row (INSERT ... ON CONFLICT DO NOTHING), its results saved in one transaction, as
    provisional: the settle pass links them to the articles before them and then marks them processed,
    so a batch killed before that leaves them pending and the next batch or run settles them."""

    def __init__(self, db: str):
        from frontwatch.store import Store

        self.store = Store.open(db, migrate=False)  # the driver migrated before the workers started

    def claim(self, doc: Document) -> bool:
        return self.store.add_document(doc)

    def save(self, doc: Document, result: DocumentResult) -> None:
        self.store.save_document_result(doc.doc_id, result.articles, result.sentences, result.event_mentions,
                                        final=False)

    def record_failure(self, source: str, code: str, reason: str) -> None:
        self.store.record_failure(source, code, reason)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.store.close()


class ParquetSink:
    """Rows of documents with their results as JSON columns, one file per flushed batch."""

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.rows: list[dict] = []
        self.seen: set[str] = set()

    def claim(self, doc: Document) -> bool:
        if doc.doc_id in self.seen:  # a duplicate across workers is dropped by `load` (content hash)
            return False
        self.seen.add(doc.doc_id)
        return True

    def save(self, doc: Document, result: DocumentResult) -> None:
        self.rows.append({"format_version": PARQUET_VERSION, "doc_id": doc.doc_id, "source": doc.source,
                          "url": doc.url, "content_type": doc.content_type, "encoding": doc.encoding,
                          "raw": doc.raw, "fetched_at": doc.fetched_at, **result_to_columns(result)})

    def record_failure(self, source: str, code: str, reason: str) -> None:
        pass  # the driver writes the dead-letter file

    def flush(self) -> None:
        if not self.rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = f"part-{os.getpid()}-{uuid.uuid4().hex[:12]}.parquet"
        tmp = self.directory / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(self.rows, schema=parquet_schema()), tmp)
        tmp.rename(self.directory / name)  # readers never see half a file
        self.rows = []

    def close(self) -> None:
        self.flush()


def open_sink(out: str) -> StoreSink | ParquetSink:
    return StoreSink(out) if is_database(out) else ParquetSink(out)
