"""Throughput and memory of the whole pipeline: `frontwatch run` on one core against `frontwatch batch`
on 1 and 2 Ray workers, over a generated corpus (benchmarks/corpus.py); also checks that each batch
store holds exactly the events of `run`. Prints figures; asserts nothing about speed.

    python benchmarks/bench_pipeline.py [--articles 2000] [--files 20] [--workers 1,2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

BIN = Path(sys.executable).parent
MEASURE = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)")
TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds used so far, user + system) for every process in /proc."""
    table = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            table[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return table


def _watch_cpu(root: int, stop: threading.Event, cpu: dict[int, float]) -> None:
    """Samples, each second, the CPU time of `root` and all its descendants (Ray's workers are
    children of the raylet the command starts), keeping the last figure of each process."""
    while True:
        table = _processes()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        todo = [root]
        while todo:
            pid = todo.pop()
            if pid in table:
                cpu[pid] = max(cpu.get(pid, 0.0), table[pid][1])
            todo += children.get(pid, [])
        if stop.wait(1.0):
            return


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, int, str, float]:
    """Runs a command in a fresh wrapper: wall seconds, peak RSS of the command (MB), exit code, stdout,
    and the CPU seconds of the command and every process it started (sampled each second, so a
    process that lives less than a second may be missed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", MEASURE, *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    cpu: dict[int, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_cpu, args=(proc.pid, stop, cpu), daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    watcher.join()
    *out, last = stdout.rstrip("\n").split("\n")
    rss_kb, rc = last.split()
    if int(rc) != 0:
        sys.stderr.write(stderr[-3000:])
    return wall, int(rss_kb) / 1024, int(rc), "\n".join(out), sum(cpu.values())


def events_of(db: str) -> list[str]:
    from frontwatch.export import event_record
    from frontwatch.store import Store

    store = Store.open(db)
    try:
        return sorted(json.dumps(event_record(e), sort_keys=True, ensure_ascii=False)
                      for e in store.query_events(include_hypothetical=True))
    finally:
        store.close()


def articles_in(db: str) -> int:
    from frontwatch.store import Store

    store = Store.open(db)
    try:
        return store.stats()["articles"]
    finally:
        store.close()


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts for `batch`")
    ap.add_argument("--keep", type=Path, help="work in this directory and keep it (default: a temp dir)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="fw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    generate(corpus, a.articles, a.files)
    fw = str(BIN / "frontwatch")
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    print(f"corpus: {a.articles} reports (English and Arabic, text and HTML) in {a.files} JSON lines files")
    print(f"machine: {os.cpu_count()} CPUs; load average before: {load_average()}")

    run_db = str(work / "run.db")
    for f in Path(work).glob("run.db*"):
        f.unlink()
    wall, rss, rc, _, cpu = measured(["taskset", "-c", "0", fw, "run", str(corpus), "--db", run_db, "-q"], env)
    n = articles_in(run_db)
    expected = events_of(run_db)
    print(f"run      1 core   : {n} articles in {wall:7.1f} s = {n / wall:6.2f} articles/s; CPU {cpu:6.1f} s; "
          f"peak RSS {rss:6.0f} MB; rc {rc}; {len(expected)} events")
    rates = {}
    for workers in [int(w) for w in a.workers.split(",")]:
        db = str(work / f"batch{workers}.db")
        for f in Path(work).glob(f"batch{workers}.db*"):
            f.unlink()
        wall, rss, rc, out, cpu = measured([fw, "batch", str(corpus), "--workers", str(workers), "--out", db,
                                       "--dead-letter", str(work / f"dead{workers}.jsonl"), "--json"], env)
        summary = json.loads(out[out.index("{"):]) if "{" in out else {}
        n = articles_in(db)
        same = events_of(db) == expected
        workers_rss = ", ".join(f"{v:.0f}" for v in summary.get("worker_peak_rss_mb", {}).values())
        rates[workers] = n / wall
        print(f"batch    {workers} worker{'s' if workers > 1 else ' '}: {n} articles in {wall:7.1f} s = "
              f"{n / wall:6.2f} articles/s; CPU {cpu:6.1f} s (driver, Ray, workers); driver peak RSS {rss:6.0f} MB; worker processes' peak RSS [{workers_rss}] MB; "
              f"rc {rc}; events identical to run: {'yes' if same else 'NO'}")
        print(f"         of which settle on the driver {summary.get('seconds_settle', '?')} s "
              f"{summary.get('settle_breakdown', {})}; {summary.get('documents_reprocessed', '?')} documents "
              f"re-processed for cross-document links ({summary.get('documents_redone_on_workers', '?')} on workers), "
              f"{summary.get('documents_relinked', '?')} only re-linked")
    if 1 in rates and 2 in rates:
        print(f"speed-up 2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")
    print(f"load average after: {load_average()}")
    print(f"work directory: {work}")


if __name__ == "__main__":
    main()
