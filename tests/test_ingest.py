"""Ingestion: real files of every awkward kind, and a real local HTTP server."""
from __future__ import annotations

import hashlib

import pytest

from frontwatch.errors import BlockedAddressError, FetchError, FrontwatchError, InputError, TooLargeError
from frontwatch.ingest import FetchLimits, read_sources
from frontwatch.ingest.fetch import check_url
from frontwatch.models import Document
from tests.httpserver import LocalServer, Routes, endless_body, slow

ARABIC = "سيطرت القوات الحكومية على بلدة صغيرة في ريف حماة الشمالي يوم الأحد."


def _read(*sources, **limits):
    items = list(read_sources([str(s) for s in sources], FetchLimits(**limits) if limits else None))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, FrontwatchError)]


def test_plain_text_and_html_files(tmp_path):
    (tmp_path / "a.txt").write_text("Army units entered the town on Monday.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><article><p>Shelling hit the district.</p></article></body></html>")
    docs, errors = _read(tmp_path / "a.txt", tmp_path / "b.html")
    assert not errors
    assert [d.content_type for d in docs] == ["text", "html"]
    assert docs[0].doc_id == hashlib.sha256((tmp_path / "a.txt").read_bytes()).hexdigest()


def test_directory_is_recursive_and_skips_other_files(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "x.htm").write_text("<p>One report.</p>")
    (tmp_path / "y.txt").write_text("Another report.")
    (tmp_path / "notes.md").write_text("not a source")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "z.txt").write_text("hidden")
    docs, errors = _read(tmp_path)
    assert not errors
    assert sorted(d.source.rsplit("/", 1)[1] for d in docs) == ["x.htm", "y.txt"]


@pytest.mark.parametrize("encoding", ["windows-1256", "iso-8859-6"])
def test_arabic_legacy_encodings_are_decoded(tmp_path, encoding):
    text = "تقدم الجيش في ريف حماة"  # letters both encodings hold
    path = tmp_path / "ar.txt"
    path.write_bytes(text.encode(encoding))
    docs, errors = _read(path)
    assert not errors
    assert docs[0].text == text


def test_declared_charset_in_html_is_used(tmp_path):
    html = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("windows-1256"))
    docs, _ = _read(path)
    assert ARABIC in docs[0].text and docs[0].encoding == "cp1256"


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n  ", "empty"),
    ("image.txt", bytes(range(256)) * 40, "binary"),
])
def test_unusable_files_fail_with_a_reason_and_others_go_on(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("A clear report of an attack.")
    docs, errors = _read(tmp_path / name, tmp_path / "good.txt")
    assert len(docs) == 1 and len(errors) == 1
    assert isinstance(errors[0], InputError) and reason in str(errors[0]) and name in str(errors[0])


def test_file_over_the_size_cap_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.seek(50 * 1024 * 1024)
        f.write(b"x")
    docs, errors = _read(big)
    assert not docs and isinstance(errors[0], TooLargeError) and "limit" in str(errors[0])


def test_malformed_html_is_still_a_document(tmp_path):
    (tmp_path / "bad.html").write_text("<html><body><div><p>Clashes <b>near the <i>airport</p></div")
    docs, errors = _read(tmp_path / "bad.html")
    assert not errors and docs[0].content_type == "html"


def test_missing_path_is_named(tmp_path):
    docs, errors = _read(tmp_path / "nope.txt")
    assert not docs and "nope.txt: no such file or directory" in str(errors[0])


def test_json_lines_records_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"url": "https://example.org/a", "html": "<p>First report.</p>"}\n'
        "not json\n"
        '{"url": "https://example.org/b", "text": "Second report."}\n'
        '{"url": "https://example.org/c"}\n', encoding="utf-8")
    docs, errors = _read(path)
    assert [d.url for d in docs] == ["https://example.org/a", "https://example.org/b"]
    assert [d.content_type for d in docs] == ["html", "text"]
    assert [str(e).split(": ")[0] for e in errors] == [f"{path}:2", f"{path}:4"]


def test_same_content_has_same_id(tmp_path):
    (tmp_path / "one.txt").write_text("Identical text.")
    (tmp_path / "two.txt").write_text("Identical text.")
    docs, _ = _read(tmp_path)
    assert docs[0].doc_id == docs[1].doc_id


# ------------------------------------------------------------------ URLs, against a real local server

PAGE = b"<html><head><title>T</title></head><body><article><p>Forces took the hill.</p></article></body></html>"


@pytest.fixture(scope="module")
def server():
    routes = Routes()
    with LocalServer(routes) as srv:
        base = srv.base
        feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>'
                f'<item><link>{base}/page</link></item><item><link>{base}/text</link></item>'
                f'<item><link>{base}/missing</link></item></channel></rss>').encode()
        routes.update({
            "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
            "/text": (200, {"Content-Type": "text/plain; charset=utf-8"}, "Plain report.".encode()),
            "/loop1": (302, {"Location": "/loop2"}, b""),
            "/loop2": (302, {"Location": "/loop1"}, b""),
            "/moved": (301, {"Location": "/page"}, b""),
            "/binary": (200, {"Content-Type": "application/octet-stream"}, b"\x00\x01"),
            "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
            "/feed": (200, {"Content-Type": "application/rss+xml"}, feed),
            "/slow": (200, {}, slow(3)),
            "/endless": (200, {}, endless_body),
            "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        })
        yield srv


def test_private_addresses_refused_by_default(server):
    docs, errors = _read(f"{server.base}/page")
    assert not docs and isinstance(errors[0], BlockedAddressError) and "--allow-private" in str(errors[0])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "http://169.254.169.254/",
                                 "http://[::1]/", "http://10.1.2.3/", "http://0.0.0.0/", "http://localhost/"])
def test_refused_schemes_and_addresses(url):
    with pytest.raises((BlockedAddressError, FetchError)):
        check_url(url)


def test_page_fetched_when_allowed(server):
    docs, errors = _read(f"{server.base}/page", allow_private=True)
    assert not errors and docs[0].content_type == "html" and b"hill" in docs[0].raw


def test_redirect_followed_and_final_url_kept(server):
    docs, _ = _read(f"{server.base}/moved", allow_private=True)
    assert docs[0].url.endswith("/page")


@pytest.mark.parametrize("path,reason", [
    ("/missing", "HTTP 404"), ("/loop1", "redirect loop"), ("/binary", "not HTML"), ("/pdf", "not HTML"),
    ("/to-file", "scheme 'file' refused"),
])
def test_bad_urls_fail_with_reason(server, path, reason):
    docs, errors = _read(f"{server.base}{path}", allow_private=True)
    assert not docs and reason in str(errors[0]) and path in str(errors[0])


def test_timeout(server):
    docs, errors = _read(f"{server.base}/slow", allow_private=True, timeout=0.5)
    assert not docs and "timed out" in str(errors[0])


def test_too_large_answer_is_cut(server):
    docs, errors = _read(f"{server.base}/endless", allow_private=True, max_bytes=200_000)
    assert not docs and isinstance(errors[0], TooLargeError)


def test_feed_items_are_fetched_and_failures_kept(server):
    docs, errors = _read(f"{server.base}/feed", allow_private=True)
    assert sorted(d.url.rsplit("/", 1)[1] for d in docs) == ["page", "text"]
    assert len(errors) == 1 and "/missing" in str(errors[0]) and "404" in str(errors[0])
