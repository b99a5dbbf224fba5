"""The command line as a user runs it: real processes, a real SQLite file, SIGKILL mid-run."""
from __future__ import annotations

import json

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CLI = [sys.executable, "-m", "frontwatch.cli"]


def fw(*args, db: Path, check: bool = False, **kw) -> subprocess.CompletedProcess:
    res = subprocess.run([*CLI, *args, "--db", str(db)], capture_output=True, text=True, timeout=600, **kw)
    if check and res.returncode != 0:
        raise AssertionError(f"{args}: exit {res.returncode}\n{res.stderr}")
    return res


def _count(db: Path, table: str = "documents") -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute(f"select count(*) from {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def test_seed_ingested_twice_is_stored_once(tmp_path, seed_path):
    db = tmp_path / "fw.db"
    for _ in range(2):
        res = fw("ingest", str(seed_path), "--json", db=db, check=True)
        assert json.loads(res.stdout)["documents"] == 1
    assert _count(db) == 1


def test_bad_inputs_named_one_line_each_and_others_kept(tmp_path):
    db = tmp_path / "fw.db"
    (tmp_path / "good.txt").write_text("Artillery hit the outskirts of the town on Monday.")
    (tmp_path / "empty.txt").write_bytes(b"")
    res = fw("ingest", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "missing.html"),
             "--quiet", db=db)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2 and "empty.txt: empty input" in lines[0] and "missing.html: no such file" in lines[1]
    assert "Traceback" not in res.stderr
    assert _count(db) == 1 and _count(db, "failures") == 2


def test_sigkill_mid_ingest_then_rerun_completes_each_document_once(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    filler = " ".join(["Clashes were reported along the front line."] * 4000)  # ~180 kB each
    for i in range(200):
        (src / f"r{i:03d}.txt").write_text(f"Report {i}. {filler}", encoding="utf-8")
    db = tmp_path / "fw.db"
    proc = subprocess.Popen([*CLI, "ingest", str(src), "--db", str(db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        seen = _count(db)
        if seen >= 20:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    partial = con.execute("select count(*) from documents").fetchone()[0]
    con.close()
    assert 0 < partial < 200
    fw("ingest", str(src), "--quiet", db=db, check=True)
    con = sqlite3.connect(db)
    assert con.execute("select count(*), count(distinct source) from documents").fetchone() == (200, 200)
    con.close()



def test_export_refuses_unknown_format_clearly(tmp_path):
    res = fw("export", "events", "--format", "xml", db=tmp_path / "fw.db")
    assert res.returncode != 0 and "--format xml" in res.stderr and "Traceback" not in res.stderr
