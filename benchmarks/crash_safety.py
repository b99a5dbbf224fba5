"""Crash safety of `frontwatch run` and `frontwatch batch`: SIGKILL at random points, then a re-run; the
store must stay consistent and end equal to an uninterrupted run's. Prints the figures.

    .venv/bin/python benchmarks/crash_safety.py                          # 50 kills of `run` on a copy of samples/
    .venv/bin/python benchmarks/crash_safety.py --kills 10 --seed 7
    .venv/bin/python benchmarks/crash_safety.py --kills 50 --batch-kills 8   # and 8 of `batch` (local Ray)

Each trial starts the command on a fresh SQLite store in its own session and SIGKILLs every process of
that session (for `batch`: the driver, Ray's GCS, raylet and the worker actors, all at once) either after
a random delay or at a random point of a chosen phase (the n-th document stored or processed, resolution).

After each kill: SQLite `PRAGMA integrity_check` is ok and foreign keys hold; no source is stored twice;
a document has all its articles or none (one transaction each; a batch's worker results may be stored
but still pending, until its settle pass marks them processed); no mention of a pending document is in
an event; every event mention points at an event that lists it and no mention is in two events. After
each re-run, also: the re-run exits 0, every input document is stored once and processed, every mention
belongs to an event, control evidence points at stored events, and documents, articles (with their
translation/re-post links), events (whole records) and control periods equal those of an uninterrupted
`frontwatch run`.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONTWATCH = [str(Path(sys.executable).with_name("frontwatch"))]
if not Path(FRONTWATCH[0]).exists():
    FRONTWATCH = [sys.executable, "-m", "frontwatch.cli"]


def run_cmd(corpus: Path, db: Path) -> list[str]:
    return [*FRONTWATCH, "run", str(corpus), "--db", str(db), "--quiet"]


def batch_cmd(corpus: Path, db: Path) -> list[str]:
    return [*FRONTWATCH, "batch", str(corpus), "--out", str(db), "--workers", "2", "--quiet",
            "--dead-letter", f"{db}.dead-letter.jsonl"]


def full_run(cmd: list[str], ok=(0,)) -> tuple[float, str | None]:
    """Runs to the end; returns the time and, when the run failed, its exit status and first error line."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    _, stderr = proc.communicate()
    took = time.monotonic() - t0
    kill_session(proc.pid)  # a batch's Ray processes, should any outlive the driver
    err = None
    if proc.returncode not in ok:
        lines = [ln for ln in stderr.strip().splitlines() if ln.strip() and "WARNING" not in ln]
        err = f"exit {proc.returncode}: {lines[-1][:200] if lines else '?'}"
    return took, err


def timed_run(cmd: list[str], db: Path) -> dict:
    """An uninterrupted run, watched: its time, when the last document's results were stored, how many
    documents have results, and its error if it failed."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seen = []
    while proc.poll() is None:
        seen.append((time.monotonic() - t0, progress(db)[1]))
        time.sleep(0.05)
    took = time.monotonic() - t0
    kill_session(proc.pid)
    final = progress(db)[1]
    return dict(seconds=took, with_results=final, all_results=min((t for t, n in seen if n >= final), default=took),
                error=None if proc.returncode == 0 else f"exit {proc.returncode}")


# ---------------------------------------------------------------------------------------- processes


def session_members(sid: int) -> list[int]:
    """Every process of session `sid` (the command was started as its leader): Ray's GCS, raylet and
    workers included, which move to process groups of their own but stay in the session."""
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def kill_session(sid: int, wait: float = 20) -> int:
    """SIGKILLs every process of the session until none is left; returns how many were killed."""
    killed: set[int] = set()
    deadline = time.monotonic() + wait
    while (members := session_members(sid)) and time.monotonic() < deadline:
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    left = session_members(sid)
    if left:
        raise RuntimeError(f"processes {left} of session {sid} survived SIGKILL")
    for d in Path(tempfile.gettempdir(), "ray").glob(f"session_*_{sid}"):  # this driver's Ray session only
        shutil.rmtree(d, ignore_errors=True)
    return len(killed)


# ---------------------------------------------------------------------------------------- the store


def _q(con: sqlite3.Connection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def progress(db: Path) -> tuple[int, int, int, int]:
    """(documents, documents with results, processed documents, events) as another reader sees them now.
    A batch's workers store results first (provisional); its settle pass marks them processed."""
    if not db.exists():
        return 0, 0, 0, 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            docs, processed = _q(con, "select count(*), count(processed_at) from documents")[0]
            results = _q(con, "select count(distinct doc_id) from articles")[0][0]
            events = _q(con, "select count(*) from events")[0][0]
            return docs, results, processed, events
        finally:
            con.close()
    except sqlite3.Error:
        return 0, 0, 0, 0


def check(db: Path, want: dict | None = None) -> list[str]:
    """Consistency problems of a store at any moment (empty list: consistent). With `want` (the
    uninterrupted run's snapshot), a processed document must have all its articles."""
    problems = []
    con = sqlite3.connect(str(db), timeout=30)
    try:
        integrity = _q(con, "pragma integrity_check")
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:3]}")
        fk = _q(con, "pragma foreign_key_check")
        if fk:
            problems.append(f"foreign_key_check: {len(fk)} rows, e.g. {fk[:2]}")
        names = {r[0] for r in _q(con, "select name from sqlite_master where type='table'")}
        if not {"documents", "articles", "event_mentions", "events"} <= names:
            return problems  # killed before (or while) the schema was made: nothing stored yet
        n, distinct = _q(con, "select count(*), count(distinct source) from documents")[0]
        if n != distinct:
            problems.append(f"documents: {n - distinct} sources stored twice")
        n, distinct = _q(con, "select count(*), count(distinct doc_id || ':' || idx) from articles")[0]
        if n != distinct:
            problems.append(f"articles: {n - distinct} stored twice")
        resolved = _q(con, "select count(*) from event_mentions m join articles a using (article_id) join documents d "
                           "using (doc_id) where d.processed_at is null and m.event_id is not null")[0][0]
        if resolved:
            problems.append(f"{resolved} event mentions of unprocessed documents already in events")
        if want is not None:  # a document's results are stored in one transaction: all its articles or none
            expected = Counter(doc for _, doc, *_ in want["articles"])
            stored = dict(_q(con, "select d.doc_id, count(a.article_id) from documents d left join articles a "
                                  "using (doc_id) group by d.doc_id"))
            processed = {r[0] for r in _q(con, "select doc_id from documents where processed_at is not null")}
            partial = [d for d, n in stored.items() if (n or d in processed) and n != expected.get(d, 0)]
            if partial:
                problems.append(f"{len(partial)} documents with part of their articles")
        events = {eid: json.loads(data) for eid, data in _q(con, "select event_id, data from events")}
        listed: dict[str, list[str]] = {}
        for eid, data in events.items():
            for m in data.get("mentions", []):
                listed.setdefault(m.get("mention_id"), []).append(eid)
        doubled = [m for m, evs in listed.items() if len(evs) > 1]
        if doubled:
            problems.append(f"{len(doubled)} mentions in more than one event, e.g. {doubled[:2]}")
        column = dict(_q(con, "select mention_id, event_id from event_mentions"))
        dangling = [m for m, e in column.items() if e is not None and e not in events]
        if dangling:
            problems.append(f"{len(dangling)} mentions point to missing events")
        disagree = [m for m, e in column.items() if e is not None and e in events and listed.get(m) != [e]]
        if disagree:
            problems.append(f"{len(disagree)} mentions not listed by the event they point to")
        unknown = [m for m in listed if m not in column or column[m] is None]
        if unknown:
            problems.append(f"{len(unknown)} mentions listed by events but missing or unassigned in the store")
    finally:
        con.close()
    return problems


def snapshot(db: Path) -> dict:
    """What a finished run must produce: documents, articles, events (whole records), control periods."""
    con = sqlite3.connect(str(db), timeout=30)
    try:
        events = {r[0] for r in _q(con, "select event_id from events")}
        return {
            "documents": sorted(r[0] for r in _q(con, "select doc_id from documents")),
            "unprocessed": _q(con, "select count(*) from documents where processed_at is null")[0][0],
            "articles": sorted(_q(con, "select article_id, doc_id, coalesce(translation_of, ''), "
                                       "coalesce(duplicate_of, '') from articles")),
            "events": sorted((eid, json.dumps(json.loads(d), sort_keys=True)) for eid, d in
                             _q(con, "select event_id, data from events")),
            "unassigned": _q(con, "select count(*) from event_mentions where event_id is null")[0][0],
            "control": sorted(json.dumps(r[1:], default=str) for r in _q(con, "select * from control_periods")),
            "bad_evidence": sum(e not in events for (ev,) in _q(con, "select evidence from control_periods")
                                for e in json.loads(ev or "[]")),
        }
    finally:
        con.close()


def compare(got: dict, want: dict) -> list[str]:
    out = []
    for key in ("documents", "articles", "events", "control"):
        if got[key] != want[key]:
            g, w = set(got[key]), set(want[key])
            out.append(f"{key}: {len(g - w)} extra or changed, {len(w - g)} missing or changed (of {len(w)})")
    for key in ("unprocessed", "unassigned", "bad_evidence"):
        if got[key]:
            out.append(f"{got[key]} {key}")
    return out


# ---------------------------------------------------------------------------------------- kills


def phase(p: tuple[int, int, int, int], total: int) -> str:
    docs, results, processed, events = p
    if docs == 0:
        return "start-up"  # imports, migration, Ray start: nothing stored yet
    if docs < total and results == 0:
        return "ingesting"
    if results < total:
        return "processing"  # documents being processed (run), or claimed and processed (batch workers)
    if processed < total:
        return "settling"  # batch: every result stored, links being checked, documents redone
    if events == 0:
        return "resolving"  # every document processed, events not written yet
    return "finishing"  # events written: control timeline, exit


def kill_at(cmd: list[str], db: Path, *, delay: float | None = None, when=None, extra: float = 0.0,
            limit: float = 600, total: int = 0, poll: float = 0.02) -> tuple[str, float, int]:
    """Starts `cmd` as a session leader, SIGKILLs the whole session after `delay` seconds, or `extra`
    seconds after `when(progress)` first holds; returns (phase at the kill, time, processes killed).
    Phase 'finished' if the command ended first."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    t0 = time.monotonic()
    fire_at = t0 + delay if delay is not None else None
    try:
        while proc.poll() is None:
            now = time.monotonic()
            if fire_at is None and when is not None and when(progress(db)):
                fire_at = now + extra
            if (fire_at is not None and now >= fire_at) or now - t0 > limit:
                killed = kill_session(proc.pid)
                proc.wait()
                return phase(progress(db), total), now - t0, killed
            time.sleep(0.005 if fire_at is not None else poll)
        return "finished", time.monotonic() - t0, 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        kill_session(proc.pid)


def plan(rng: random.Random, i: int, total: int, base: dict) -> tuple[dict, str]:
    """The i-th kill point: every third at a random time over the whole run, the others at a random
    moment of one phase (so the short phases, some a few hundred ms long, are hit too). `base`: the
    uninterrupted run's timings (`timed_run`)."""
    kind = ("time", "ingest", "process", "time", "process", "late")[i % 6]
    if kind == "time":
        t = rng.uniform(0.2, base["seconds"] * 1.05)
        return dict(delay=t), f"at {t:.1f} s"
    if kind == "ingest":
        k = rng.randint(1, total - 1)
        return dict(when=lambda p: p[0] >= k, poll=0.001), f"{k} documents stored"
    if kind == "process":
        k = rng.randint(1, base["with_results"] - 1)
        x = rng.uniform(0, 0.5)
        return dict(when=lambda p: p[1] >= k, extra=x), f"{k} with results +{x:.2f} s"
    n = base["with_results"]
    x = rng.uniform(0, (base["seconds"] - base["all_results"]) / 2)  # resolution, then control and exit
    return dict(when=lambda p: p[1] >= n, extra=x), f"all results +{x:.2f} s"


def trials(name: str, cmd_of, corpus: Path, tmp: Path, kills: int, want: dict, base: dict,
           rng: random.Random) -> dict:
    total = len(want["documents"])
    phases, after_kill, after_rerun, rerun_times, failures, procs = Counter(), 0, 0, [], [], []
    finished_first = 0
    for i in range(kills):
        db = tmp / f"{name}-{i:03d}.db"
        for _ in range(5):  # a point the command did not reach (it ended first) is drawn again
            how, label = plan(rng, i, total, base)
            ph, at, killed = kill_at(cmd_of(corpus, db), db, total=total, limit=base["seconds"] * 3, **how)
            if ph != "finished":
                break
            finished_first += 1
            for f in tmp.glob(f"{db.name}*"):
                f.unlink(missing_ok=True)
        phases[ph] += 1
        procs.append(killed)
        p1 = check(db, want) if db.exists() else []
        after_kill += bool(p1)
        took, err = full_run(cmd_of(corpus, db))
        rerun_times.append(took)
        p2 = [err] if err else []
        try:
            p2 += check(db, want) + compare(snapshot(db), want)
        except sqlite3.Error as e:
            p2.append(f"store unreadable: {e}")
        after_rerun += bool(p2)
        if p1 or p2:
            failures.append((name, i, ph, label, round(at, 2), p1, p2))
        print(f"{name} kill {i + 1:3d}/{kills} ({label:<24}) at {at:5.1f} s, {killed} processes, phase "
              f"{ph:<10} after-kill: {'ok' if not p1 else p1}  re-run {took:4.1f} s: {'ok' if not p2 else p2}",
              flush=True)
        for f in tmp.glob(f"{db.name}*"):
            f.unlink(missing_ok=True)
    rerun_times.sort()
    return dict(name=name, kills=kills, phases=dict(phases), finished_first=finished_first,
                after_kill=after_kill, after_rerun=after_rerun,
                rerun_median=rerun_times[len(rerun_times) // 2] if rerun_times else 0,
                rerun_max=rerun_times[-1] if rerun_times else 0, processes=(min(procs, default=0),
                                                                            max(procs, default=0)),
                base=base["seconds"], failures=failures)


def make_corpus(where: Path) -> Path:
    corpus = where / "corpus"
    shutil.copytree(ROOT / "samples", corpus, ignore=shutil.ignore_patterns("README.md"))
    return corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=50, help="SIGKILLs of `frontwatch run`")
    ap.add_argument("--batch-kills", type=int, default=0, help="SIGKILLs of `frontwatch batch` (local Ray)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    tmp = Path(tempfile.mkdtemp(prefix="fwcrash-"))
    corpus = make_corpus(tmp)
    base_db = tmp / "baseline.db"
    base = timed_run(run_cmd(corpus, base_db), base_db)
    if base["error"]:
        sys.exit(f"the uninterrupted run failed: {base['error']}")
    want = snapshot(base_db)
    base_problems = check(base_db, want) + compare(want, want)
    print(f"corpus: {len(list(corpus.iterdir()))} files; uninterrupted run {base['seconds']:.1f} s (last results "
          f"stored at {base['all_results']:.1f} s): {len(want['documents'])} documents, {len(want['articles'])} "
          f"articles, {len(want['events'])} events, {len(want['control'])} control periods; baseline problems: "
          f"{base_problems or 'none'}", flush=True)
    results = []
    if a.kills:
        results.append(trials("run", run_cmd, corpus, tmp, a.kills, want, base, rng))
    if a.batch_kills:
        batch_db = tmp / "batch-baseline.db"
        bbase = timed_run(batch_cmd(corpus, batch_db), batch_db)
        diff = [bbase["error"]] if bbase["error"] else check(batch_db, want) + compare(snapshot(batch_db), want)
        print(f"uninterrupted batch {bbase['seconds']:.1f} s (last worker result at {bbase['all_results']:.1f} s); "
              f"differences from run: {diff or 'none'}", flush=True)
        results.append(trials("batch", batch_cmd, corpus, tmp, a.batch_kills, want, bbase, rng))
    print()
    for r in results:
        print(f"{r['name']}: {r['kills']} kills (phases: {r['phases']}; {r['processes'][0]}-{r['processes'][1]} "
              f"processes killed each; {r['finished_first']} drawn points the command ended before, drawn again)")
        print(f"  stores inconsistent right after a kill: {r['after_kill']}")
        print(f"  stores inconsistent or different from the uninterrupted run after the re-run: {r['after_rerun']}")
        print(f"  re-run time: median {r['rerun_median']:.1f} s, longest {r['rerun_max']:.1f} s "
              f"(uninterrupted {r['name']} {r['base']:.1f} s)")
        for f in r["failures"]:
            print("  failure:", f)
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("kept", tmp)
    sys.exit(1 if any(r["failures"] for r in results) else 0)


if __name__ == "__main__":
    main()
