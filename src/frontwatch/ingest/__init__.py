"""Sources named by the user -> Documents: files, directories, JSON lines, URLs and RSS/Atom feeds.

`read_sources` yields a `Document` or an `InputError` per input, so one bad input never stops the
others and every failure can be reported with its source and reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from frontwatch.errors import FrontwatchError, InputError, TooLargeError
from frontwatch.ingest.decode import decode, looks_like_html
from frontwatch.ingest.fetch import FetchLimits, fetch
from frontwatch.models import Document

__all__ = ["read_sources", "make_document", "FetchLimits", "FILE_SUFFIXES"]

FILE_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                 ".json": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def make_document(raw: bytes, *, source: str, url: str | None = None, kind: str | None = None,
                  declared: str | None = None) -> Document:
    """A Document from raw bytes: decoded, typed (text or HTML), keyed by its SHA-256."""
    text, encoding = decode(raw, source=source, declared=declared)
    if kind not in ("text", "html"):
        kind = "html" if looks_like_html(text) else "text"
    return Document(doc_id=hashlib.sha256(raw).hexdigest(), source=source, raw=raw, text=text,
                    content_type=kind, encoding=encoding, url=url, fetched_at=_now())


def _read_file(path: Path, limits: FetchLimits) -> Iterator[Document | FrontwatchError]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            yield TooLargeError(f"{size} bytes, over the {limits.max_bytes} byte limit (--max-bytes)",
                                source=source)
            return
        with open(path, "rb") as f:  # stat can under-report (files in /proc, a file still growing)
            raw = f.read(limits.max_bytes + 1)
    except OSError as e:
        yield InputError(f"cannot read: {e.strerror or e}", source=source)
        return
    if len(raw) > limits.max_bytes:
        yield TooLargeError(f"over the {limits.max_bytes} byte limit (--max-bytes)", source=source)
        return
    kind = FILE_SUFFIXES.get(path.suffix.lower())
    if kind == "jsonl":
        yield from _read_jsonl(raw, source)
        return
    try:
        yield make_document(raw, source=source, kind=kind)
    except FrontwatchError as e:
        yield e


def _read_jsonl(raw: bytes, source: str) -> Iterator[Document | FrontwatchError]:
    """JSON lines of {url, html|text}: each record is a document of its own."""
    try:
        text, _ = decode(raw, source=source)
    except FrontwatchError as e:
        yield e
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(f"not JSON ({e.msg})", source=where)
            continue
        body = rec.get("html") if isinstance(rec, dict) else None
        kind = "html"
        if body is None and isinstance(rec, dict):
            body, kind = rec.get("text"), "text"
        if not isinstance(body, str) or not body.strip():
            yield InputError("record has no 'html' or 'text' string", source=where)
            continue
        url = rec.get("url") if isinstance(rec.get("url"), str) else None
        try:
            yield make_document(body.encode("utf-8"), source=url or where, url=url, kind=kind)
        except FrontwatchError as e:
            yield e


def _walk(path: Path) -> Iterator[Path]:
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in FILE_SUFFIXES and not any(
                part.startswith(".") for part in p.relative_to(path).parts):
            yield p


def _read_url(url: str, limits: FetchLimits) -> Iterator[Document | FrontwatchError]:
    try:
        got = fetch(url, limits)
    except FrontwatchError as e:
        yield e
        return
    head = got.content[:1024].lstrip().lower()
    is_feed = got.content_type in FEED_TYPES or (
        got.content_type in ("application/xml", "text/xml", "") and (b"<rss" in head or b"<feed" in head))
    if is_feed:
        yield from _read_feed(got.content, url, limits)
        return
    kind = "text" if got.content_type == "text/plain" else "html"
    try:
        yield make_document(got.content, source=url, url=got.url, kind=kind, declared=got.charset)
    except FrontwatchError as e:
        yield e


def _read_feed(content: bytes, url: str, limits: FetchLimits) -> Iterator[Document | FrontwatchError]:
    import feedparser

    feed = feedparser.parse(content)
    links = [e.get("link") for e in feed.entries if e.get("link")]
    if not links:
        yield InputError("feed has no item links", source=url)
        return
    for link in links:
        yield from _read_url(link, limits)


def read_sources(sources: Iterable[str], limits: FetchLimits | None = None) -> Iterator[Document | FrontwatchError]:
    """Each source named by the user: a path (file or directory, recursive) or an http(s) URL."""
    limits = limits or FetchLimits()
    for source in sources:
        if "://" in source:
            yield from _read_url(source, limits)
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            found = False
            for p in _walk(path):
                found = True
                yield from _read_file(p, limits)
            if not found:
                yield InputError("directory holds no .txt, .html, .htm or .json(l) files", source=source)
        elif path.is_file():
            yield from _read_file(path, limits)
        else:
            yield InputError("no such file or directory", source=source)
