"""Load on the API while an ingest writes to the same store: `frontwatch serve` in one process, `frontwatch run`
of a synthetic corpus in another, and a load generator (threads of httpx clients) in a third, all on loopback.
Prints requests/s, errors, p50/p95/p99 latency per endpoint and overall, and the number of "database is
locked" answers seen by the readers (from the responses and the server's log) and by the ingest.

    .venv/bin/python benchmarks/load_api.py                                    # SQLite, 50,000 events, 60 s
    .venv/bin/python benchmarks/load_api.py --events 50000 --seconds 60 --requests 20000 --concurrency 8
    .venv/bin/python benchmarks/load_api.py --db postgresql://postgres@127.0.0.1:5432/frontwatch_load
    .venv/bin/python benchmarks/load_api.py --store existing.db --keep          # a store you already have

The load stops after --requests requests or --seconds seconds, whichever comes first. First the same load
runs for --baseline seconds with nothing written; then the ingest of --articles reports starts, and the load
begins again once the ingest has stored its documents and is processing them (one write transaction per
document); the ingest is given 10 more minutes to finish after the load. Needs only the project's own
dependencies (httpx is one). Exits 1 when any request failed or any reader saw "database is locked".
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCKED = "database is locked"

# (name, weight, path): the reads the map page and API users make most; {event}, {place}, {date} vary per request
ENDPOINTS = [
    ("events page", 6, "/api/events?limit=100"),
    ("events filtered", 4, "/api/events?type=ASSAULT&date_from={date}&limit=100"),
    ("events by place", 3, "/api/events?place=syn:p{place}"),
    ("events text search", 2, "/api/events?q=checkpoint%20near&limit=50"),
    ("one event", 6, "/api/events/{event}"),
    ("map table 5,000", 1, "/api/map/events?limit=5000"),
    ("geojson 1,000", 1, "/api/events.geojson?limit=1000&properties=compact"),
    ("articles", 2, "/api/articles?limit=100"),
    ("places", 2, "/api/places?limit=100"),
    ("actors", 2, "/api/actors?limit=100"),
    ("control at date", 2, "/api/control?at={date}"),
    ("stats", 1, "/api/stats"),
]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


# ------------------------------------------------------------------------------------------ load generator


def client(base: str, requests: int, seconds: float, concurrency: int, events: int, seed: int) -> dict:
    """Runs in its own process: `concurrency` threads share a budget of requests and a deadline."""
    import httpx

    names = [n for n, w, _ in ENDPOINTS for _ in range(w)]
    paths = dict((n, p) for n, _, p in ENDPOINTS)
    lock = threading.Lock()
    budget = [requests]
    results: list[tuple[str, int, float, bool]] = []  # endpoint, status (0: transport error), ms, locked
    transport: list[str] = []
    ids = [] if events else [e["event_id"] for e in
                             httpx.get(f"{base}/api/events?limit=1000", timeout=60).json()["items"]]
    deadline = time.monotonic() + seconds

    def worker(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        with httpx.Client(base_url=base, timeout=60.0) as c:
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                name = rng.choice(names)
                day = f"{rng.randrange(2014, 2020)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
                event = f"syn:e{rng.randrange(events):07d}" if events else rng.choice(ids or ["none"])
                path = paths[name].format(event=event, place=rng.randrange(60), date=day)
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                    status, locked = r.status_code, LOCKED in r.text
                except httpx.HTTPError as e:
                    status, locked = 0, LOCKED in str(e)
                    with lock:
                        transport.append(f"{name}: {type(e).__name__}: {e}"[:200])
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    results.append((name, status, ms, locked))

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    per = {}
    for name, _, _ in ENDPOINTS:
        mine = [r for r in results if r[0] == name]
        per[name] = {"n": len(mine), "errors": sum(1 for r in mine if not 200 <= r[1] < 300),
                     "p50": _pct([r[2] for r in mine], .5), "p95": _pct([r[2] for r in mine], .95),
                     "p99": _pct([r[2] for r in mine], .99)}
    ms = [r[2] for r in results]
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(r[1])] = statuses.get(str(r[1]), 0) + 1
    return {"requests": len(results), "seconds": took, "rps": len(results) / took if took else 0.0,
            "errors": sum(1 for r in results if not 200 <= r[1] < 300), "locked": sum(r[3] for r in results),
            "statuses": statuses, "p50": _pct(ms, .5), "p95": _pct(ms, .95), "p99": _pct(ms, .99),
            "max": max(ms, default=float("nan")), "per_endpoint": per, "transport_errors": transport[:10]}


# ------------------------------------------------------------------------------------------ store and processes


def build_store(db: str, events: int) -> None:
    """Synthetic events (benchmarks/bench_api.py's generator) and control periods in a wiped store."""
    sys.path.insert(0, str(HERE))
    from bench_api import control_for, fill, make_world

    from frontwatch.store import Store

    rng = random.Random(7)
    world = make_world(rng)
    store = Store.open(db)
    store.wipe()
    store.replace_control(control_for(world, rng))
    fill(store, world, rng, 0, events)
    store.close()


def ensure_pg_database(url: str) -> None:
    """Creates the PostgreSQL database named in `url` when it does not exist yet."""
    import psycopg

    base, name = url.rsplit("/", 1)
    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def doc_counts(db: str) -> tuple[int, int]:
    """(documents stored, documents processed), read outside the server."""
    from sqlalchemy import func, select

    from frontwatch.store import Store
    from frontwatch.store import schema as t

    store = Store.open(db, migrate=False)
    try:
        with store.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(t.documents)).scalar_one()
            done = conn.execute(select(func.count()).select_from(t.documents)
                                .where(t.documents.c.processed_at.is_not(None))).scalar_one()
        return total, done
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def frontwatch_bin() -> str:
    exe = Path(sys.executable).with_name("frontwatch")
    return str(exe) if exe.exists() else shutil.which("frontwatch") or "frontwatch"


def wait_http(base: str, proc: subprocess.Popen, limit: float = 120.0) -> None:
    import httpx

    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode} before answering")
        try:
            if httpx.get(base + "/api/config", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not answer in time")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def log_locked(text: str) -> int:
    """Tracebacks in a log that end in 'database is locked' (one per failed request or write)."""
    return len(re.findall(r"^\S*OperationalError: (?:\(sqlite3\.OperationalError\) )?database is locked",
                          text, re.M))


# ------------------------------------------------------------------------------------------ main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a database URL to use (wiped and filled); default: a temporary SQLite file")
    ap.add_argument("--store", help="an existing store (no synthetic events): a SQLite file is copied first, a "
                                    "database URL is used as it is and the ingest adds to it")
    ap.add_argument("--events", type=int, default=50_000, help="synthetic events in the store")
    ap.add_argument("--articles", type=int, default=300, help="reports the concurrent ingest processes")
    ap.add_argument("--requests", type=int, default=20_000, help="most requests the load sends")
    ap.add_argument("--seconds", type=float, default=60.0, help="most seconds the load lasts")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads (connections)")
    ap.add_argument("--baseline", type=float, default=20.0,
                    help="seconds of the same load before the ingest starts, for comparison (0: none)")
    ap.add_argument("--no-ingest", action="store_true", help="load only, nothing written meanwhile")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (store, logs)")
    ap.add_argument("--client", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.client:
        print(json.dumps(client(a.client, a.requests, a.seconds, a.concurrency, a.events, seed=11)))
        return

    work = Path(tempfile.mkdtemp(prefix="fw-load-"))
    db = a.store or a.db or str(work / "load.db")
    if a.store and "://" not in a.store:  # the ingest writes: work on a copy
        db = str(work / "load.db")
        with sqlite3.connect(a.store) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
    if db.startswith(("postgresql://", "postgres://")):
        db = "postgresql+psycopg://" + db.split("://", 1)[1]
    events = 0 if a.store else a.events
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()), f"on {os.cpu_count()} CPUs")
    try:
        if not a.store:
            if db.startswith("postgresql"):
                ensure_pg_database(db)
            t0 = time.perf_counter()
            build_store(db, events)
            print(f"store: {events} events written in {time.perf_counter() - t0:.1f} s "
                  f"({'postgresql' if db.startswith('postgresql') else 'sqlite'})")
        report = run_load(a, db, events, work)
    finally:
        if a.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if report["errors"] == 0 and report["locked_readers"] == 0 else 1)


def run_client(a, base: str, events: int, seconds: float) -> dict:
    """The load generator in a process of its own; its figures."""
    proc = subprocess.run([sys.executable, __file__, "--client", base, "--requests", str(a.requests),
                           "--seconds", str(seconds), "--concurrency", str(a.concurrency), "--events", str(events)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit("the load generator failed")
    return json.loads(proc.stdout)


def run_load(a, db: str, events: int, work: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from corpus import generate

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.pop("FRONTWATCH_TOKEN", None)  # a read-only server: the ingest is the only writer
    fw = frontwatch_bin()
    server_log, ingest_log = work / "serve.log", work / "ingest.log"
    with open(server_log, "wb") as slog:
        server = subprocess.Popen([fw, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=slog, stderr=subprocess.STDOUT, env=env)
    ingest = None
    try:
        wait_http(base, server)
        before = doc_counts(db)
        if a.baseline > 0:
            b = run_client(a, base, events, a.baseline)
            print(f"baseline, nothing written: {b['requests']} requests in {b['seconds']:.1f} s = {b['rps']:.1f} "
                  f"requests/s; errors {b['errors']}; p50 {b['p50']:.1f} p95 {b['p95']:.1f} p99 {b['p99']:.1f} ms")
        if not a.no_ingest:
            files = generate(work / "corpus", articles=a.articles, files=max(1, a.articles // 20), seed=23)
            with open(ingest_log, "wb") as ilog:
                ingest = subprocess.Popen([fw, "run", *map(str, files), "--db", db, "--quiet"],
                                          stdout=ilog, stderr=subprocess.STDOUT, env=env)
            t0 = time.monotonic()  # wait until the documents are stored and the first is processed
            while ingest.poll() is None and time.monotonic() - t0 < 300 and doc_counts(db)[1] <= before[1]:
                time.sleep(0.5)
            if ingest.poll() is not None:
                print(f"warning: the ingest ended (rc {ingest.returncode}) before the load began")
        at_start = doc_counts(db)
        r = run_client(a, base, events, a.seconds)
        at_end = doc_counts(db)
        ingest_running = ingest is not None and ingest.poll() is None
        ingest_rc, ingest_took = None, 0.0
        if ingest is not None:
            try:
                ingest_rc = ingest.wait(600)
            except subprocess.TimeoutExpired:
                stop(ingest)
                ingest_rc = "stopped"
            ingest_took = time.monotonic() - t0
    finally:
        if ingest is not None:
            stop(ingest)
        stop(server)
    slog_text = server_log.read_text(errors="replace")
    ilog_text = ingest_log.read_text(errors="replace") if ingest_log.exists() else ""
    r["locked_readers"] = r["locked"] + log_locked(slog_text)
    r["locked_ingest"] = ilog_text.count(LOCKED)
    r["server_500s_logged"] = slog_text.count("Exception in ASGI application")

    print(f"load: {r['requests']} requests in {r['seconds']:.1f} s from {a.concurrency} connections "
          f"= {r['rps']:.1f} requests/s")
    print(f"errors: {r['errors']} (statuses {r['statuses']}); server tracebacks: {r['server_500s_logged']}")
    print(f"latency ms: p50 {r['p50']:.1f}  p95 {r['p95']:.1f}  p99 {r['p99']:.1f}  max {r['max']:.1f}")
    print(f"'database is locked' seen by readers: {r['locked_readers']}; by the ingest: {r['locked_ingest']}")
    if ingest is not None:
        print(f"ingest: documents processed {at_start[1] - before[1]} before the load, "
              f"{at_end[1] - at_start[1]} during it (of {at_end[0] - before[0]} stored); still running at the "
              f"end of the load: {'yes' if ingest_running else 'no'}; rc {ingest_rc} after {ingest_took:.0f} s")
    print(f"{'endpoint':20} {'n':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, s in r["per_endpoint"].items():
        print(f"{name:20} {s['n']:6d} {s['errors']:6d} {s['p50']:8.1f} {s['p95']:8.1f} {s['p99']:8.1f}")
    for line in r["transport_errors"]:
        print("  transport error:", line)
    if ingest_rc not in (None, 0):
        print("ingest log tail:\n" + ilog_text[-2000:])
    return r


if __name__ == "__main__":
    main()
