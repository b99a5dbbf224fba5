"""Crash safety of `frontwatch run`, as a user meets it: SIGKILL at three points, a full disk and a
PostgreSQL connection dropped mid-transaction, each followed by a re-run. After the failure the store is
consistent (every write whole or absent); after the re-run it holds every document once, processed, and
the same articles, links, events and control as an uninterrupted run. `benchmarks/crash_safety.py`
repeats the kills at random points, 50 times and more (docs/reliability.md)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from frontwatch.models import to_dict
from frontwatch.store import Store
from frontwatch.store import schema as t

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "frontwatch.cli"]
# Cross-document links on purpose: Mayadin in English and Arabic, Rawa in Arabic and in a compilation page.
RECORDS = ["2017-10-14-mayadin-almasdar.en.txt", "2017-10-14-mayadin-sana.ar.txt",
           "2017-11-17-rawa-ina.ar.txt", "2017-11-20-compilation-wordpress.html"]
WAIT = 300  # seconds before a wait for a state of the run gives up (a hang, not a measurement)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for name in RECORDS:
        shutil.copy(ROOT / "samples" / name, d / name)
    return d


def state(store: Store) -> dict:
    """What a finished run leaves: documents, articles with their links, events and control, whole."""
    d = t.documents
    with store.engine.connect() as conn:
        docs = sorted((r.doc_id, r.processed_at is not None) for r in conn.execute(select(d.c.doc_id, d.c.processed_at)))
    return {"documents": docs,
            "articles": sorted((a.article_id, a.document, a.translation_of, a.duplicate_of) for a in store.articles()),
            "events": sorted(json.dumps(to_dict(e), sort_keys=True) for e in store.all_events()),
            "control": sorted(json.dumps(to_dict(p), sort_keys=True) for p in store.control_periods())}


@pytest.fixture(scope="module")
def expected(corpus, tmp_path_factory) -> dict:
    """An uninterrupted run over the corpus (the calls `frontwatch run` makes), on SQLite."""
    from frontwatch.pipeline import ingest, process_pending, resolve_store

    store = Store.open(str(tmp_path_factory.mktemp("baseline") / "fw.db"))
    ingest(store, [str(corpus / n) for n in RECORDS])
    process_pending(store)
    resolve_store(store)
    want = state(store)
    store.close()
    assert len(want["documents"]) == len(RECORDS) and want["events"]
    assert any(a[2] and not a[2].startswith(a[1][:12]) for a in want["articles"]), "no cross-document link"
    return want


def problems(store: Store) -> list[str]:
    """Inconsistencies a failed `run` must never leave: a source stored twice, articles of a document
    not marked processed (a half-written result), an event mention in two events or pointing at an
    event that does not list it; on SQLite, a failed integrity or foreign-key check."""
    d, a, em = t.documents, t.articles, t.event_mentions
    out = []
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            if (ok := conn.exec_driver_sql("pragma integrity_check").scalar()) != "ok":
                out.append(f"integrity: {ok}")
            if fk := conn.exec_driver_sql("pragma foreign_key_check").all():
                out.append(f"foreign keys: {fk[:3]}")
        n, sources = conn.execute(select(func.count(), func.count(d.c.source.distinct()))).one()
        if n != sources:
            out.append(f"{n - sources} sources stored twice")
        half = conn.execute(select(func.count()).select_from(a.join(d, a.c.doc_id == d.c.doc_id))
                            .where(d.c.processed_at.is_(None))).scalar_one()
        if half:
            out.append(f"{half} articles of unprocessed documents")
        assigned = dict(conn.execute(select(em.c.mention_id, em.c.event_id).where(em.c.event_id.is_not(None))).all())
    listed: dict[str, list[str]] = {}
    for e in store.all_events():
        for m in e.mentions:
            listed.setdefault(m.mention_id, []).append(e.event_id)
    out += [f"mention {m} in events {evs}" for m, evs in listed.items() if len(evs) > 1]
    out += [f"mention {m} points at {e}, which does not list it" for m, e in assigned.items() if listed.get(m) != [e]]
    return out


def fw_run(*sources, db: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "run", *map(str, sources), "--db", db, "--quiet"], capture_output=True,
                          text=True, timeout=600, **kw)


def rerun_gives_expected(db: str, corpus: Path, expected: dict) -> None:
    res = fw_run(*(corpus / n for n in RECORDS), db=db)
    assert res.returncode == 0, res.stderr
    store = Store.open(db)
    try:
        assert problems(store) == []
        assert state(store) == expected
    finally:
        store.close()


def counts(db: Path) -> tuple[int, int, int]:
    """(documents, processed, events) as a second reader sees them."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            docs, processed = con.execute("select count(*), count(processed_at) from documents").fetchone()
            return docs, processed, con.execute("select count(*) from events").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # not created, or the schema not there yet
        return 0, 0, 0


def wait_for(cond, proc: subprocess.Popen, what: str, every: float = 0.002):
    deadline = time.monotonic() + WAIT
    while not (got := cond()):
        assert proc.poll() is None, f"the run ended (exit {proc.returncode}) before {what}"
        assert time.monotonic() < deadline, f"the run never reached {what}"
        time.sleep(every)
    return got


def sigkill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


# ------------------------------------------------------------------ SIGKILL at three points


@pytest.mark.parametrize("point", ["ingesting", "processing", "resolving"])
def test_sigkill_then_rerun_gives_the_uninterrupted_result(point, corpus, expected, tmp_path):
    """Each point is reached by an event, not a delay. ingesting: the run has stored two files and waits
    on a URL (a local socket that never answers) before the other two. processing / resolving: once one
    document / every document is processed, this test takes SQLite's write lock, so the run cannot write
    past that point, and kills it."""
    db = tmp_path / "fw.db"
    files = [corpus / n for n in RECORDS]
    lock = None
    if point == "ingesting":
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/report"
        proc = subprocess.Popen([*CLI, "run", *map(str, files[:2]), url, *map(str, files[2:]), "--db", str(db),
                                 "--quiet", "--allow-private", "--timeout", str(WAIT)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            silent.settimeout(WAIT)
            conn, _ = silent.accept()  # the run is fetching the URL: the two files before it are stored
            sigkill(proc)
            conn.close()
        finally:
            silent.close()
            if proc.poll() is None:
                proc.kill()
        assert counts(db)[:2] == (2, 0)
    else:
        proc = subprocess.Popen([*CLI, "run", *map(str, files), "--db", str(db), "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            need = 1 if point == "processing" else len(RECORDS)
            wait_for(lambda: counts(db)[1] >= need, proc, f"{need} processed documents")
            lock = sqlite3.connect(db, timeout=30, isolation_level=None)
            lock.execute("BEGIN IMMEDIATE")  # the run's next write waits for this lock
            time.sleep(0.5)  # let the run reach that write (the kill is valid wherever it is before it)
            sigkill(proc)
        finally:
            if proc.poll() is None:
                proc.kill()
            if lock is not None:
                lock.execute("ROLLBACK")
                lock.close()
        docs, processed, _ = counts(db)
        assert docs == len(RECORDS)
        assert (1 <= processed < len(RECORDS)) if point == "processing" else processed == len(RECORDS)
    store = Store.open(str(db))
    assert problems(store) == []
    store.close()
    rerun_gives_expected(str(db), corpus, expected)


# ------------------------------------------------------------------ a full disk


def _tmpfs(where: Path, size_kb: int) -> bool:
    """A small tmpfs at `where` (needs root, or CAP_SYS_ADMIN); False when mounting is not permitted."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def _run_capped(db: Path, sources: list[str], pages: int, monkeypatch, capsys) -> tuple[int, str]:
    """`frontwatch run` in this process, every connection of its store capped at `pages` database pages
    (SQLite then answers SQLITE_FULL, the error of a full disk)."""
    from sqlalchemy import event

    import frontwatch.cli as cli

    real_open = Store.open.__func__

    def open_capped(cls, url, **kw):
        store = real_open(cls, url, **kw)
        event.listen(store.engine, "connect", lambda conn, _: conn.execute(f"PRAGMA max_page_count={pages}"))
        store.engine.dispose()  # the migration's connection had no cap
        return store

    monkeypatch.setattr(Store, "open", classmethod(open_capped))
    monkeypatch.setattr(sys, "argv", ["frontwatch", "run", *sources, "--db", str(db), "--quiet"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        cli.main()
    monkeypatch.undo()
    return exited.value.code, capsys.readouterr().err


def test_full_disk_fails_in_one_line_keeps_the_store_then_rerun_completes(corpus, expected, tmp_path, monkeypatch,
                                                                          capsys):
    """The store on a 4 MB tmpfs whose free space a filler file takes but for 160 kB: the run fails on a
    write. Where mounting is not permitted (not root), a loop device is not either, and a file-size limit
    (RLIMIT_FSIZE) also stops the language model's temporary file; so the run goes in this process with
    SQLite's `max_page_count` set on each of its connections to 6 pages beyond the empty store (the
    four documents take 19), which fails with the same SQLITE_FULL as a full disk."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = _tmpfs(disk, 4096)
    db = disk / "fw.db"
    sources = [str(corpus / n) for n in RECORDS]
    try:
        Store.open(str(db)).close()  # the schema first: the run fails writing data, not migrating
        if mounted:
            st = os.statvfs(disk)
            (disk / "filler").write_bytes(b"\0" * (st.f_bavail * st.f_frsize - 160 * 1024))
            res = fw_run(*sources, db=str(db))
            code, stderr = res.returncode, res.stderr
        else:
            code, stderr = _run_capped(db, sources, db.stat().st_size // 4096 + 6, monkeypatch, capsys)
        lines = stderr.strip().splitlines()
        assert code == 2, stderr
        assert len(lines) == 1 and "Traceback" not in stderr
        assert lines[0].startswith("error: database error: database or disk is full (the disk is full: free space")
        store = Store.open(str(db))
        assert problems(store) == []
        assert [p for _, p in state(store)["documents"]].count(True) < len(RECORDS)  # it did stop part way
        store.close()
        (disk / "filler").unlink(missing_ok=True)  # space freed (without the mount: no cap on the re-run)
        rerun_gives_expected(str(db), corpus, expected)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], check=False)


# ------------------------------------------------------------------ PostgreSQL: the connection dropped


def test_pg_connection_dropped_mid_transaction_rolls_back_then_rerun_completes(pg_database, corpus, expected):
    """The documents are stored first; this test then holds a row lock on them that conflicts only with
    the UPDATE that marks a document processed, the last statement of the transaction that writes its
    articles, sentences and mentions. The run blocks there, mid-transaction, and its backend is ended with
    pg_terminate_backend from this test's connection."""
    import psycopg

    from frontwatch.pipeline import ingest

    url, name = pg_database
    store = Store.open(url)
    store.wipe()
    ingest(store, [str(corpus / n) for n in RECORDS])
    store.close()
    admin_url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(admin_url) as holder, psycopg.connect(admin_url, autocommit=True) as admin:
        holder.execute("SELECT doc_id FROM documents FOR NO KEY UPDATE")  # held until the rollback below
        proc = subprocess.Popen([*CLI, "run", "--db", url, "--quiet"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        try:
            def blocked():
                return admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
                    "AND state = 'active' AND query LIKE 'UPDATE documents%%'", (name,)).fetchall()
            (pid,), = wait_for(blocked, proc, "the UPDATE of its first document", every=0.05)
            written = admin.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND locktype = 'relation' "
                                    "AND relation = 'articles'::regclass AND mode = 'RowExclusiveLock'",
                                    (pid,)).fetchone()[0]
            assert written == 1  # the transaction has already inserted articles
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0] is True
            holder.rollback()
            _, stderr = proc.communicate(timeout=WAIT)
        finally:
            if proc.poll() is None:
                proc.kill()
    lines = stderr.strip().splitlines()
    assert proc.returncode == 2, stderr
    assert len(lines) == 1 and "Traceback" not in stderr
    assert "terminating connection due to administrator command" in lines[0]
    assert "the connection to the database was lost: run again" in lines[0]
    store = Store.open(url)
    try:
        assert problems(store) == []
        assert store.stats()["articles"] == 0 and store.stats()["documents_pending"] == len(RECORDS)
    finally:
        store.close()
    rerun_gives_expected(url, corpus, expected)
