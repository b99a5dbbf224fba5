"""Batch pieces without Ray: WARC records, source expansion, output kinds, result columns, dead letters,
and the settle pass (workers' per-document results + settle == `run`) on SQLite."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from frontwatch.batch.deadletter import DeadLetters
from frontwatch.batch.records import expand_sources, read_file
from frontwatch.batch.sinks import is_database

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def warcio():
    try:
        import warcio
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("warcio is not installed (pip install -e '.[cluster]')")
        pytest.skip("warcio is not installed (the cluster extra)")
    return warcio


def _warc(path: Path, records) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for rec_type, url, status, ctype, body in records:
            if rec_type == "response":
                headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            else:
                rec = w.create_warc_record(url, rec_type, payload=io.BytesIO(body),
                                           warc_content_type=ctype or "application/octet-stream")
            w.write_record(rec)
    return path


ARABIC = "سيطرت القوات العراقية على بلدة راوة غربي الأنبار".encode("windows-1256")

WARC_CASES = [
    # (record, expected row kind, expected detail)
    (("response", "https://example.org/a", "200 OK", "text/html", b"<html><body><p>Raqqa news</p></body></html>"),
     "document", "html"),
    (("response", "https://example.org/b", "200 OK", "text/plain; charset=utf-8", b"Deir ez-Zor report"),
     "document", "text"),
    (("response", "https://example.org/ar", "200 OK", "text/plain; charset=windows-1256", ARABIC),
     "document", "text"),
    (("resource", "https://example.org/r", None, "text/html", b"<html><body><p>Resource page</p></body></html>"),
     "document", "html"),
    (("response", "https://example.org/c", "404 Not Found", "text/html", b"<p>gone</p>"), "skipped", "HTTP status 404"),
    (("response", "https://example.org/d", "200 OK", "image/jpeg", b"\xff\xd8\xff"), "skipped", "image/jpeg"),
    (("request", "https://example.org/e", None, "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"),
     "skipped", "request record"),
    (("response", "https://example.org/f", "200 OK", "text/html", bytes(range(256)) * 4), "failure", "binary"),
    (("response", "https://example.org/g", "200 OK", "text/html", b"   "), "failure", "empty response body"),
]


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("record,kind,detail", WARC_CASES)
def test_warc_records(warcio, tmp_path, record, kind, detail, gz):
    path = _warc(tmp_path / ("one.warc.gz" if gz else "one.warc"), [record])
    rows = list(read_file(str(path), "2026-01-01T00:00:00+00:00"))
    assert len(rows) == 1 and rows[0]["kind"] == kind
    row = rows[0]
    if kind == "document":
        assert row["content_type"] == detail and row["url"] == record[1] and row["source"] == record[1]
        assert row["fetched_at"] == "2026-01-01T00:00:00+00:00"
        if record[1].endswith("/ar"):
            assert row["encoding"] == "cp1256"
    elif kind == "skipped":
        assert detail in row["reason"] and row["count"] == 1
    else:
        assert detail in row["reason"] and record[1] in row["source"] and row["code"].startswith("FW1")


@pytest.mark.parametrize("content,reason", [
    (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9000\r\n\r\ntoo short", "damaged WARC"),
    (b"just some text, not an archive\n", "not a WARC record"),
])
def test_damaged_warc_is_one_failure(warcio, tmp_path, content, reason):
    path = tmp_path / "bad.warc"
    path.write_bytes(content)
    rows = list(read_file(str(path), "t"))
    assert [r["kind"] for r in rows] == ["failure"]
    assert reason in rows[0]["reason"] and str(path) in rows[0]["source"]


def test_expand_sources(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / ".hidden").mkdir()
    for name in ("d/a.html", "d/sub/b.txt", "d/sub/c.warc.gz", "d/.hidden/x.txt", "d/notes.pdf"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "empty").mkdir()
    files, failures = expand_sources([str(tmp_path / "d"), str(tmp_path / "empty"), "https://example.org/x",
                                      str(tmp_path / "nope.warc")])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["d/a.html", "d/sub/b.txt", "d/sub/c.warc.gz"]
    reasons = {Path(f["source"]).name if "://" not in f["source"] else f["source"]: f["reason"] for f in failures}
    assert "holds no" in reasons["empty"] and "no such file" in reasons["nope.warc"]
    assert "fetch URLs" in reasons["https://example.org/x"]
    assert all(f["kind"] == "failure" and f["stage"] == "read" for f in failures)


def test_jsonl_lines_are_documents_or_failures(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"url": "https://example.org/1", "text": "Hama report"}\n[1, 2]\n{broken\n', encoding="utf-8")
    kinds = [(r["kind"], r["source"]) for r in read_file(str(path), "t")]
    assert kinds == [("document", "https://example.org/1"), ("failure", f"{path}:2"), ("failure", f"{path}:3")]


@pytest.mark.parametrize("out,db", [("postgresql://u@h/db", True), ("sqlite:///x.db", True), ("fw.db", True),
                                    ("store.SQLITE", True), ("out/parquet", False), ("results", False)])
def test_out_is_database_or_parquet(out, db):
    assert is_database(out) is db


def test_dead_letters_file(tmp_path):
    path = tmp_path / "x" / "dead.jsonl"
    with DeadLetters(path) as dead:
        dead.write({"source": "a.warc@12", "code": "FW100", "reason": "binary", "stage": "read", "extra": 1})
    assert path.exists()
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert rows[0]["source"] == "a.warc@12" and rows[0]["reason"] == "binary" and "extra" not in rows[0]
    assert set(rows[0]) == {"source", "code", "reason", "stage", "doc_id", "at"}
    DeadLetters(path).close()  # a new batch starts a new file
    assert path.read_text() == ""


# ------------------------------------------------------------------ settle (the driver's part), no Ray

SETTLE_RECORDS = ["2017-10-14-mayadin-almasdar.en.txt", "2017-10-14-mayadin-sana.ar.txt",
                  "2017-11-17-rawa-ina.ar.txt", "2017-11-20-compilation-wordpress.html"]


def _snapshot(store) -> tuple:
    from frontwatch.export import article_record, event_record

    return (sorted(json.dumps(event_record(e), sort_keys=True) for e in store.query_events(include_hypothetical=True)),
            sorted(json.dumps(article_record(a), sort_keys=True) for a in store.articles()))


@pytest.fixture(scope="module")
def documents():
    from frontwatch.ingest import make_document

    docs = [make_document((SAMPLES / n).read_bytes(), source=n, kind="html" if n.endswith(".html") else "text")
            for n in SETTLE_RECORDS]
    # a re-post of the first report on another site: a link across documents that changes the mentions
    repost = (SAMPLES / SETTLE_RECORDS[0]).read_bytes() + "\n\nShare this: Facebook, Twitter\n".encode()
    docs.append(make_document(repost, source="repost.txt", kind="text"))
    for d in docs:
        d.fetched_at = "2026-01-01T00:00:00+00:00"
    return docs


@pytest.fixture(scope="module")
def run_snapshot(documents, tmp_path_factory):
    from frontwatch.pipeline import process_pending, resolve_store
    from frontwatch.store import Store

    store = Store.open(str(tmp_path_factory.mktemp("run") / "run.db"))
    for d in documents:
        store.add_document(d)
    process_pending(store)
    resolve_store(store)
    return _snapshot(store)


@pytest.mark.parametrize("redo", ["serial", "workers-fail-to-match"])
def test_settle_gives_runs_result(documents, run_snapshot, tmp_path, redo):
    """Each document processed alone (as a worker does), then settled: the store equals `run`'s."""
    from frontwatch.batch.settle import settle
    from frontwatch.pipeline import process_document
    from frontwatch.store import Store

    store = Store.open(str(tmp_path / "batch.db"))
    for d in documents:
        assert store.add_document(d)
        r = process_document(d)
        store.save_document_result(d.doc_id, r.articles, r.sentences, r.event_mentions)
    calls = []
    no_match = (lambda items: calls.append(len(items)) or ([], [])) if redo != "serial" else None
    report = settle(store, [d.doc_id for d in documents], redo=no_match)
    assert _snapshot(store) == run_snapshot
    assert report.documents == len(documents) and not report.failures
    if no_match:
        assert calls == [report.reprocessed]  # what the workers could not match, the driver redid


def test_batch_killed_before_settling_is_settled_by_the_next(documents, run_snapshot, tmp_path):
    """Workers stored two documents' results and claimed a third, then the batch died before its settle
    pass: the results stay provisional (pending, never resolved), and the next batch over the same input,
    meeting them as already stored, settles them all to `run`'s result."""
    from frontwatch.batch.settle import settle
    from frontwatch.pipeline import process_document, resolve_store
    from frontwatch.store import Store

    store = Store.open(str(tmp_path / "batch.db"))
    done, claimed, rest = documents[:2], documents[2], documents[3:]
    for d in [*done, claimed]:
        assert store.add_document(d)
    for d in done:
        r = process_document(d)
        store.save_document_result(d.doc_id, r.articles, r.sentences, r.event_mentions, final=False)
    resolve_store(store)  # a run or another batch meanwhile leaves provisional results alone
    stats = store.stats()
    assert (stats["documents_pending"], stats["events"]) == (3, 0) and stats["event_mentions"] > 0
    for d in rest:  # the next batch: the workers claim what is not stored yet
        assert store.add_document(d)
        r = process_document(d)
        store.save_document_result(d.doc_id, r.articles, r.sentences, r.event_mentions, final=False)
    settle(store, [d.doc_id for d in rest], [d.doc_id for d in documents])
    assert store.stats()["documents_pending"] == 0
    assert _snapshot(store) == run_snapshot


@pytest.mark.parametrize("out", ["fw.db", "sqlite:///tmp/fw.db"])
def test_cluster_refuses_local_sqlite(tmp_path, out):
    from frontwatch.batch.job import run_batch
    from frontwatch.batch.ray_runtime import ClusterError

    with pytest.raises(ClusterError, match="SQLite"):
        run_batch([str(tmp_path)], out, ray_address="10.0.0.1:6379", dead_letter=str(tmp_path / "d.jsonl"))


def test_settle_writes_links_across_documents_without_processing_again(documents, run_snapshot, tmp_path):
    """Documents whose only new links are translations of other documents' articles keep the workers'
    sentences and mentions: settle writes their links and hands only the others to `redo`."""
    from frontwatch.batch.settle import settle
    from frontwatch.pipeline import process_document
    from frontwatch.store import Store

    store = Store.open(str(tmp_path / "batch.db"))
    for d in documents:
        assert store.add_document(d)
        r = process_document(d)
        store.save_document_result(d.doc_id, r.articles, r.sentences, r.event_mentions, final=False)
    handed = []

    def redo(items):
        handed.extend(item.doc_id for item in items)
        return [], []

    report = settle(store, [d.doc_id for d in documents], redo=redo)
    assert report.relinked >= 1 and handed  # the re-post is processed again, the translations are not
    assert report.reprocessed == len(handed)
    assert _snapshot(store) == run_snapshot
    assert store.stats()["documents_pending"] == 0


def _art(aid: str, translation_of=None, duplicate_of=None):
    from frontwatch.models import Article

    return Article(article_id=aid, document=aid[:1], index=int(aid[-1]), text="t",
                   translation_of=translation_of, duplicate_of=duplicate_of)


@pytest.mark.parametrize("stored, linked, unchanged", [
    ([_art("p0"), _art("p1")], [_art("p0", "q0"), _art("p1")], True),  # a translation of another page
    ([_art("p0", "q0")], [_art("p0", "q1")], True),  # another page's article than the worker's guess
    ([_art("p0", "p1"), _art("p1")], [_art("p0", "q0"), _art("p1")], False),  # the page twin is lost
    ([_art("p0"), _art("p1")], [_art("p0", "p1"), _art("p1")], False),  # a twin on the page is found
    ([_art("p0")], [_art("p0", duplicate_of="q0")], False),  # a re-post adds no mentions
])
def test_coding_unchanged_by_links_to_other_pages_only(stored, linked, unchanged):
    from frontwatch.batch.settle import coding_unchanged

    assert coding_unchanged(stored, linked) is unchanged


def test_coding_ignores_translation_links_to_other_documents(documents):
    """What `coding_unchanged` relies on: a document processed with the article it translates (in
    another document) gets the link, and exactly the sentences and mentions it gets alone."""
    from frontwatch.pipeline import process_document

    en, ar = documents[0], documents[1]  # al-Mayadin in English and in Arabic
    original = process_document(ar).articles
    alone, linked = process_document(en), process_document(en, previous=original)
    assert any(a.translation_of in {o.article_id for o in original} for a in linked.articles)
    assert alone.sentences == linked.sentences
    assert alone.event_mentions == linked.event_mentions
