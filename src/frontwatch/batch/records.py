"""Batch inputs: sources expanded to files, each file read into plain rows (documents, failures, skips).

Files other than WARC go through `frontwatch.ingest.read_sources`, the reader of `frontwatch run`;
rows are plain dicts so Ray can ship them between machines.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from frontwatch.errors import FrontwatchError, InputError
from frontwatch.ingest import FILE_SUFFIXES, FetchLimits, read_sources
from frontwatch.models import Document

from frontwatch.batch.warc import Skipped, is_warc, read_warc

__all__ = ["expand_sources", "read_file", "document_from_row", "ROW_FIELDS"]

ROW_FIELDS = ("kind", "source", "doc_id", "url", "raw", "content_type", "encoding", "fetched_at",
              "code", "reason", "stage", "count")


def _row(kind: str, **values) -> dict:
    return {k: values.get(k) for k in ROW_FIELDS} | {"kind": kind}


def failure_row(source: str, code: str, reason: str, stage: str, doc_id: str | None = None) -> dict:
    return _row("failure", source=source, code=code, reason=reason, stage=stage, doc_id=doc_id)


def _wanted(p: Path, root: Path) -> bool:
    hidden = any(part.startswith(".") for part in p.relative_to(root).parts)
    return p.is_file() and not hidden and (p.suffix.lower() in FILE_SUFFIXES or is_warc(p))


def expand_sources(sources: Iterable[str]) -> tuple[list[str], list[dict]]:
    """Files to read (directories walked in sorted order) and failure rows for unusable sources."""
    files: list[str] = []
    failures: list[dict] = []
    for source in sources:
        path = Path(source).expanduser()
        if "://" in source:
            failures.append(failure_row(source, InputError.code, "batch reads files, directories, JSON lines "
                                        "and WARC; fetch URLs with `frontwatch run`", "read"))
        elif path.is_dir():
            found = [str(p.resolve()) for p in sorted(path.rglob("*")) if _wanted(p, path)]
            if not found:
                failures.append(failure_row(source, InputError.code, "directory holds no .txt, .html, .json(l) "
                                            "or .warc(.gz) files", "read"))
            files += found
        elif path.is_file():
            files.append(str(path.resolve()))
        else:
            failures.append(failure_row(source, InputError.code, "no such file or directory", "read"))
    return files, failures


def _items(path: str, limits: FetchLimits) -> Iterator[Document | FrontwatchError | Skipped]:
    if is_warc(path):
        yield from read_warc(path, limits.max_bytes)
    else:
        yield from read_sources([path], limits)


def read_file(path: str, fetched_at: str, max_bytes: int = 20 * 1024 * 1024) -> Iterator[dict]:
    """Rows for one file: a 'document' row per document, a 'failure' row per unreadable record,
    one 'skipped' row counting records without articles (images, redirects, requests)."""
    skipped: Counter[str] = Counter()
    for item in _items(path, FetchLimits(max_bytes=max_bytes)):
        if isinstance(item, Skipped):
            skipped[item.reason] += 1
        elif isinstance(item, FrontwatchError):
            yield failure_row(item.source or path, item.code, str(item), "read")
        else:
            yield _row("document", source=item.source, doc_id=item.doc_id, url=item.url, raw=item.raw,
                       content_type=item.content_type, encoding=item.encoding, fetched_at=fetched_at)
    if skipped:
        reasons = "; ".join(f"{n} {why}" for why, n in skipped.most_common())
        yield _row("skipped", source=path, reason=reasons, count=sum(skipped.values()))


def document_from_row(row: dict) -> Document:
    """The Document as the store gives it back to `frontwatch run` (text decoded from the raw bytes)."""
    raw = bytes(row["raw"])
    text = raw.decode(row["encoding"] or "utf-8", errors="replace")
    return Document(doc_id=row["doc_id"], source=row["source"], raw=raw, text=text,
                    content_type=row["content_type"], encoding=row["encoding"], url=row["url"],
                    fetched_at=row["fetched_at"])
