"""The Ray batch runner against `frontwatch run`: the same records (a WARC written here, and the same
records as JSON lines for `run`) give identical events, articles and control, on SQLite via Parquet
and `frontwatch load`, and on PostgreSQL written by concurrent workers; failures reach the dead letters."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# Cross-document links on purpose: Mayadin in English and Arabic, al-Bukamal reported again in a
# compilation page that also carries Rawa, and Rawa in Arabic.
RECORDS = ["2017-10-14-mayadin-almasdar.en.txt", "2017-10-14-mayadin-sana.ar.txt",
           "2017-11-10-bukamal-translated-pair.html", "2017-11-12-bukamal-counterattack.en.txt",
           "2017-11-20-compilation-wordpress.html", "2017-11-17-rawa-ina.ar.txt"]

runner = CliRunner()


def _need(module: str):
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed (pip install -e '.[cluster]')")
        pytest.skip(f"{module} is not installed (the cluster extra)")


@pytest.fixture(scope="module")
def ray_local():
    """One local Ray with 2 CPUs for the whole module (starting Ray takes seconds)."""
    _need("ray")
    _need("warcio")
    from frontwatch.batch.ray_runtime import start_ray, stop_ray

    started = start_ray(2)
    yield
    if started:
        stop_ray()


def _records() -> list[tuple[str, str, bytes]]:
    """(url, html|text, body) for each sample record."""
    return [(f"https://example.org/reports/{name}", "html" if name.endswith(".html") else "text",
             (SAMPLES / name).read_bytes()) for name in RECORDS]


def write_warc(path: Path, records, extra=()) -> Path:
    """A gzipped WARC of HTTP responses (plus a request record, an image and a redirect, skipped)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)

        def response(url, status, ctype, body):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

        w.write_record(w.create_warc_record("https://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        for url, kind, body in records:
            response(url, "200 OK", "text/html" if kind == "html" else "text/plain", body)
        response("https://example.org/map.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        response("https://example.org/old", "301 Moved Permanently", "text/html", b"moved")
        for url, status, ctype, body in extra:
            response(url, status, ctype, body)
    return path


def write_jsonl(path: Path, records) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for url, kind, body in records:
            fh.write(json.dumps({"url": url, kind: body.decode("utf-8")}, ensure_ascii=False) + "\n")
    return path


def _cli(*args: str, code: int = 0) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == code, (res.output, res.exception)
    return res.output


def snapshot(db: str) -> dict:
    """What a user gets out: every event (hypothetical ones too) as exported, articles, control."""
    from frontwatch.export import article_record, event_record
    from frontwatch.models import to_dict
    from frontwatch.store import Store

    store = Store.open(db)
    try:
        events = sorted(json.dumps(event_record(e), ensure_ascii=False, sort_keys=True)
                        for e in store.query_events(include_hypothetical=True))
        articles = sorted(json.dumps(article_record(a), ensure_ascii=False, sort_keys=True)
                          for a in store.articles())
        control = sorted(json.dumps(to_dict(p), sort_keys=True) for p in store.control_periods())
        stats = store.stats()
    finally:
        store.close()
    return {"events": events, "articles": articles, "control": control, "event_mentions": stats["event_mentions"]}


def cross_document_links(snap: dict) -> int:
    """Articles linked (translation or re-post) to an article of another document."""
    arts = [json.loads(a) for a in snap["articles"]]
    doc = {a["article_id"]: a["document"] for a in arts}
    return sum(1 for a in arts for link in (a["translation_of"], a["duplicate_of"])
               if link and doc.get(link, a["document"]) != a["document"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    recs = _records()
    return {"warc": write_warc(d / "crawl.warc.gz", recs), "jsonl": write_jsonl(d / "records.jsonl", recs)}


@pytest.fixture(scope="module")
def expected(corpus, tmp_path_factory):
    """`frontwatch run` over the same records, as JSON lines."""
    db = str(tmp_path_factory.mktemp("run") / "run.db")
    _cli("run", str(corpus["jsonl"]), "--db", db, "--quiet")
    snap = snapshot(db)
    assert len(snap["events"]) >= 3 and len(snap["articles"]) >= len(RECORDS)
    return snap


def _assert_same(got: dict, want: dict) -> None:
    assert got["event_mentions"] == want["event_mentions"]
    assert got["articles"] == want["articles"]
    assert got["events"] == want["events"]
    assert got["control"] == want["control"]


def test_batch_to_parquet_then_load_matches_run(ray_local, corpus, expected, tmp_path):
    out, dead = tmp_path / "parquet", tmp_path / "dead.jsonl"
    summary = json.loads(_cli("batch", str(corpus["warc"]), "--workers", "2", "--out", str(out),
                              "--dead-letter", str(dead), "--json"))
    assert summary["documents_processed"] == len(RECORDS)
    assert summary["skipped"] == 3  # the request, the image and the redirect
    assert summary["failed"] == 0 and dead.read_text() == ""
    assert list(out.glob("*.parquet"))
    db = str(tmp_path / "loaded.db")
    loaded = json.loads(_cli("load", str(out), "--db", db, "--json"))
    assert loaded["documents_new"] == len(RECORDS)
    if cross_document_links(expected):  # workers saw each document alone: the settle pass re-linked them
        assert loaded["documents_reprocessed"] + loaded["documents_relinked"] >= 1
    _assert_same(snapshot(db), expected)
    again = json.loads(_cli("load", str(out), "--db", db, "--json"))  # content hash: nothing twice
    assert again["documents_new"] == 0
    _assert_same(snapshot(db), expected)


@pytest.mark.postgres
def test_batch_to_postgresql_matches_run(ray_local, corpus, expected, pg_database, tmp_path):
    url, _ = pg_database
    from frontwatch.store import Store

    Store.open(url).wipe()
    dead = tmp_path / "dead.jsonl"
    # the records twice (WARC and JSON lines): two workers meet the same content, stored once
    summary = json.loads(_cli("batch", str(corpus["warc"]), str(corpus["jsonl"]), "--workers", "2",
                              "--out", url, "--dead-letter", str(dead), "--json"))
    assert summary["documents_processed"] == len(RECORDS)
    assert summary["documents_duplicate"] == len(RECORDS)
    assert summary["failed"] == 0
    assert 1 <= len(summary["worker_peak_rss_mb"]) <= 2
    _assert_same(snapshot(url), expected)


def test_dead_letters_name_source_and_reason(ray_local, tmp_path):
    good = _records()[:1]
    binary = ("https://example.org/broken", "200 OK", "text/html", bytes(range(256)) * 8)
    warc = write_warc(tmp_path / "mixed.warc.gz", good, extra=[binary])
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\ncut short")
    lines = tmp_path / "feed.jsonl"
    lines.write_text('{"url": "https://example.org/a", "html": "<p>Raqqa</p>"}\n{not json\n', encoding="utf-8")
    dead = tmp_path / "dead.jsonl"
    out = _cli("batch", str(warc), str(damaged), str(lines), str(tmp_path / "missing.warc"), "--workers", "2",
               "--out", str(tmp_path / "fw.db"), "--dead-letter", str(dead), code=1)
    assert "4 records failed" in out
    rows = [json.loads(line) for line in dead.read_text(encoding="utf-8").splitlines()]
    by_source = {r["source"].split("@")[0]: r for r in rows}
    assert set(by_source) == {f"{warc}", str(damaged), f"{lines}:2", str(tmp_path / "missing.warc")} or len(rows) == 4
    reasons = " | ".join(r["reason"] for r in rows)
    for needle in ("binary", "damaged WARC", "not JSON", "no such file"):
        assert needle in reasons
    assert all(r["code"].startswith("FW") and r["stage"] == "read" for r in rows)
    assert any("https://example.org/broken" in r["source"] for r in rows)
