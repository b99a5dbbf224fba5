"""The batch job: files -> Ray Data (read tasks, a pool of `process_document` workers) -> a database or
Parquet; failures to the dead-letter file; cross-document links and events settled once at the end."""
from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from frontwatch.batch.deadletter import DeadLetters
from frontwatch.batch.ray_runtime import start_ray, stop_ray
from frontwatch.batch.records import expand_sources
from frontwatch.batch.sinks import is_database
from frontwatch.batch.worker import DocumentWorker, RedoWorker, read_files

__all__ = ["run_batch", "BatchReport", "DEFAULT_DEAD_LETTER"]

DEFAULT_DEAD_LETTER = "frontwatch-dead-letter.jsonl"


@dataclass
class BatchReport:
    files: int = 0
    documents_seen: int = 0
    documents_processed: int = 0  # by the workers (each stored document once)
    documents_duplicate: int = 0  # content already stored, or met twice in the input
    documents_reprocessed: int = 0  # processed again at the end, with the articles before them
    documents_redone_on_workers: int = 0  # of those, on the Ray workers (the rest on the driver)
    documents_relinked: int = 0  # whose new links were written without processing them again
    skipped: int = 0  # WARC records without an article (requests, images, redirects)
    failed: int = 0
    mentions_resolved: int = 0
    seconds: float = 0.0
    seconds_settle: float = 0.0  # of `seconds`: re-linking in run's order and resolving events, on the driver
    settle_breakdown: dict[str, float] = field(default_factory=dict)  # link, redo, resolve seconds
    dead_letter: str = ""
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)
    new_ids: list[str] = field(default_factory=list)
    seen_ids: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        keep = ("files", "documents_seen", "documents_processed", "documents_duplicate", "documents_reprocessed",
                "documents_redone_on_workers", "documents_relinked", "skipped", "failed", "mentions_resolved",
                "seconds", "seconds_settle", "settle_breakdown", "dead_letter")
        return {k: getattr(self, k) for k in keep} | {
            "worker_peak_rss_mb": {str(k): round(v, 1) for k, v in sorted(self.worker_peak_rss_mb.items())}}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def build_dataset(files: list[str], out: str, workers: int, *, fetched_at: str, max_bytes: int,
                  batch_size: int):
    """The Ray Data plan: read tasks (no CPU reserved: reading is light) feeding `workers` actors."""
    import ray
    from ray.data import ActorPoolStrategy, TaskPoolStrategy

    warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\.data")  # "only N inputs" advice
    ds = ray.data.from_items([{"path": f} for f in files], override_num_blocks=max(1, len(files)))
    ds = ds.map_batches(read_files, batch_size=1, batch_format="pyarrow", num_cpus=0,
                        compute=TaskPoolStrategy(size=workers),
                        fn_kwargs=dict(fetched_at=fetched_at, max_bytes=max_bytes, rows_per_block=batch_size))
    # one batch in flight per worker, so a small input still spreads over every worker
    pool = ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1)
    return ds.map_batches(DocumentWorker, batch_size=batch_size, batch_format="pyarrow", num_cpus=1,
                          compute=pool, fn_constructor_kwargs=dict(out=out))


def _account(report: BatchReport, s: dict, dead: DeadLetters) -> None:
    kind = s["kind"]
    if s.get("pid") is not None:
        report.worker_peak_rss_mb[s["pid"]] = max(report.worker_peak_rss_mb.get(s["pid"], 0.0), s["peak_rss_mb"])
    if kind == "skipped":
        report.skipped += s["count"] or 0
        return
    if kind == "failure":
        report.failed += 1
        dead.write(s)
        if s.get("doc_id"):
            report.documents_seen += 1
        return
    report.documents_seen += 1
    report.seen_ids.append(s["doc_id"])
    if kind == "processed":
        report.documents_processed += 1
        report.new_ids.append(s["doc_id"])
    else:
        report.documents_duplicate += 1


def run_batch(sources: Iterable[str], out: str, *, workers: int = 2, ray_address: str | None = None,
              dead_letter: str = DEFAULT_DEAD_LETTER, max_bytes: int = 20 * 1024 * 1024, batch_size: int = 8,
              on_status: Callable[[dict], None] | None = None) -> BatchReport:
    """Processes every document of `sources` on Ray and stores the results in `out` (a database URL
    or SQLite file: settled and resolved here; or a Parquet directory: settled by `load`)."""
    t0 = time.perf_counter()
    report = BatchReport(dead_letter=str(dead_letter))
    files, failures = expand_sources(sources)
    report.files = len(files)
    store = None
    if ray_address and is_database(out) and "://" not in out.replace("sqlite://", "", 1):
        from frontwatch.batch.ray_runtime import ClusterError
        raise ClusterError("workers on other machines cannot write this machine's SQLite file: give a "
                           "PostgreSQL URL or a Parquet directory on a shared file system", source=out)
    if is_database(out):
        from frontwatch.store import Store
        store = Store.open(out)  # migrated once, before the workers connect
    with DeadLetters(dead_letter) as dead:
        for f in failures:
            _account(report, f, dead)
        started = start_ray(workers, ray_address) if files else False
        try:
            if files:
                ds = build_dataset(files, out, workers, fetched_at=_now(), max_bytes=max_bytes,
                                   batch_size=batch_size)
                for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
                    for s in batch.to_pylist():
                        _account(report, s, dead)
                        if on_status:
                            on_status(s)
            if store is not None:
                _settle_store(store, report, dead, ray_redo(out, workers, report) if files else None)
        finally:
            if started:
                stop_ray()
    report.seconds = round(time.perf_counter() - t0, 2)
    return report


def ray_redo(out: str, workers: int, report: BatchReport):
    """The settle pass's re-processing on the same Ray workers (see `settle.Redo`)."""
    def redo(items) -> tuple[list[str], list[dict]]:
        import json

        import ray
        from ray.data import ActorPoolStrategy

        from frontwatch.models import to_dict

        rows = [{"doc_id": it.doc_id, "links": json.dumps(it.links), "previous": json.dumps(to_dict(it.targets()))}
                for it in items]
        ds = ray.data.from_items(rows, override_num_blocks=min(len(rows), workers * 4))
        ds = ds.map_batches(RedoWorker, batch_size=4, batch_format="pyarrow", num_cpus=1,
                            compute=ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1),
                            fn_constructor_kwargs=dict(out=out))
        done, failed = [], []
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            for s in batch.to_pylist():
                pid = s["pid"]
                report.worker_peak_rss_mb[pid] = max(report.worker_peak_rss_mb.get(pid, 0.0), s["peak_rss_mb"])
                if s["kind"] == "redone":
                    done.append(s["doc_id"])
                elif s["kind"] == "failure":
                    failed.append(s)
        report.documents_redone_on_workers = len(done)
        return done, failed
    return redo


def _settle_store(store, report: BatchReport, dead: DeadLetters, redo=None) -> None:
    from frontwatch.batch.settle import settle

    t0 = time.perf_counter()
    try:
        res = settle(store, report.new_ids, report.seen_ids, redo=redo)
    finally:
        store.close()
    report.documents_reprocessed = res.reprocessed
    report.documents_relinked = res.relinked
    report.mentions_resolved = res.mentions_resolved
    report.seconds_settle = round(time.perf_counter() - t0, 2)
    report.settle_breakdown = {"link": res.seconds_link, "redo": res.seconds_redo, "resolve": res.seconds_resolve}
    for f in res.failures:
        report.failed += 1
        dead.write(f)
