"""WARC files (news crawls) -> Documents: HTML and text responses become documents, the rest is skipped."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from frontwatch.errors import FrontwatchError, InputError
from frontwatch.ingest import make_document
from frontwatch.models import Document

__all__ = ["WARC_SUFFIXES", "is_warc", "read_warc", "Skipped"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
TEXT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}


@dataclass
class Skipped:
    """A record that holds no article (request, metadata, image, redirect, error page): counted, not failed."""

    source: str
    reason: str


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def _media_type(value: str | None) -> tuple[str, str | None]:
    """'text/html; charset=windows-1256' -> ('text/html', 'windows-1256')."""
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset or None


def _read_at_most(stream, limit: int) -> bytes:
    """Reads until EOF or `limit` bytes (a decompressing stream may return short reads)."""
    chunks, size = [], 0
    while size < limit:
        chunk = stream.read(min(65536, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _record(record, where: str, max_bytes: int, arc: bool) -> Document | FrontwatchError | Skipped:
    """One WARC record: a Document for a 2xx HTML/text response (or resource), else why not."""
    if record.format != ("arc" if arc else "warc"):
        return InputError("not a WARC record (no WARC/1.x header line)", source=where)
    url = record.rec_headers.get_header("WARC-Target-URI")
    source = url or where
    label = f"{where} ({url})" if url else where  # where a failure is reported: file@offset and URL
    if record.rec_type not in ("response", "resource"):
        return Skipped(source, f"{record.rec_type} record")
    if record.rec_type == "response":
        if record.http_headers is None:
            return Skipped(source, "response record without HTTP headers")
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return Skipped(source, f"HTTP status {status}")
        ctype = record.http_headers.get_header("Content-Type")
    else:
        ctype = record.rec_headers.get_header("Content-Type")
    media, charset = _media_type(ctype)
    if media not in TEXT_TYPES:
        return Skipped(source, f"content type {media or 'missing'}")
    raw = _read_at_most(record.content_stream(), max_bytes + 1)
    if len(raw) > max_bytes:
        return InputError(f"record over the {max_bytes} byte limit", source=label)
    if not raw.strip():
        return InputError("empty response body", source=label)
    try:
        return make_document(raw, source=source, url=url, kind=TEXT_TYPES[media], declared=charset)
    except FrontwatchError as e:
        e.source = label
        return e


def read_warc(path: str | Path, max_bytes: int = 20 * 1024 * 1024) -> Iterator[Document | FrontwatchError | Skipped]:
    """Every record of a WARC (or ARC) file, gzipped or not; a damaged file ends in one error naming the offset."""
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    try:
        fh = open(path, "rb")
    except OSError as e:
        yield InputError(f"cannot read: {e.strerror or e}", source=source)
        return
    with fh:
        arc = source.lower().endswith((".arc", ".arc.gz"))
        it = ArchiveIterator(fh, arc2warc=arc)
        offset = 0
        try:
            for record in it:
                offset = it.offset  # (get_record_offset() would consume the record)
                yield _record(record, f"{source}@{offset}", max_bytes, arc)
        except Exception as e:  # warcio raises ArchiveLoadFailed (and zlib/IO errors) on damaged input
            yield InputError(f"damaged WARC after offset {offset}: {type(e).__name__}: {e}".rstrip(": "),
                             source=source)
