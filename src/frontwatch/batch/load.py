"""`frontwatch load`: a batch's Parquet directory into a store, then settled like a database batch."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from frontwatch.errors import InputError
from frontwatch.store import Store

from frontwatch.batch.records import document_from_row
from frontwatch.batch.results import result_from_columns
from frontwatch.batch.settle import settle
from frontwatch.batch.sinks import PARQUET_VERSION, parquet_schema

__all__ = ["load_parquet", "LoadReport"]


@dataclass
class LoadReport:
    files: int = 0
    documents: int = 0
    documents_new: int = 0
    documents_reprocessed: int = 0
    documents_relinked: int = 0
    mentions_resolved: int = 0
    failures: list[dict] = field(default_factory=list)
    settle_breakdown: dict[str, float] = field(default_factory=dict)


def _files(directory: str | Path) -> list[Path]:
    path = Path(directory)
    if not path.is_dir():
        raise InputError("not a directory of Parquet files", source=str(directory))
    files = sorted(p for p in path.glob("*.parquet") if not p.name.startswith("."))
    if not files:
        raise InputError("no .parquet files (was it written by `frontwatch batch --out DIR`?)",
                         source=str(directory))
    return files


def _rows(path: Path):
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:
        raise InputError(f"not a Parquet file: {e}", source=str(path)) from e
    missing = set(parquet_schema().names) - set(pf.schema_arrow.names)
    if missing:
        raise InputError(f"not a frontwatch batch file (missing columns: {', '.join(sorted(missing))})",
                         source=str(path))
    for batch in pf.iter_batches(batch_size=64):
        for row in batch.to_pylist():
            if row["format_version"] != PARQUET_VERSION:
                raise InputError(f"batch format {row['format_version']}, this frontwatch reads "
                                 f"{PARQUET_VERSION}", source=str(path))
            yield row


def load_parquet(directory: str | Path, store: Store) -> LoadReport:
    """Imports every document with its results (each document once, by content hash), then settles."""
    report = LoadReport()
    new_ids: list[str] = []
    seen_ids: list[str] = []
    for path in _files(directory):
        report.files += 1
        for row in _rows(path):
            report.documents += 1
            doc = document_from_row(row)
            seen_ids.append(doc.doc_id)
            if not store.add_document(doc):
                continue
            res = result_from_columns(doc.doc_id, row["articles"], row["sentences"], row["event_mentions"])
            store.save_document_result(doc.doc_id, res.articles, res.sentences, res.event_mentions, final=False)
            new_ids.append(doc.doc_id)
    report.documents_new = len(new_ids)
    settled = settle(store, new_ids, seen_ids)
    report.documents_reprocessed = settled.reprocessed
    report.documents_relinked = settled.relinked
    report.mentions_resolved = settled.mentions_resolved
    report.failures = settled.failures
    report.settle_breakdown = {"link": settled.seconds_link, "redo": settled.seconds_redo,
                               "resolve": settled.seconds_resolve}
    return report
