"""`frontwatch batch` (a Ray Data job over files, JSON lines and WARC) and `frontwatch load` (its Parquet)."""
from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.command("load")(load)


def batch(sources: Annotated[list[str], typer.Argument(help="Files, directories, .jsonl and .warc(.gz) files.")],
          out: Annotated[str, typer.Option("--out", help="Database URL or SQLite file (.db), or a directory "
                                                         "for Parquet that `frontwatch load` imports.")],
          workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (Ray actors).")] = 2,
          ray_address: Annotated[Optional[str], typer.Option("--ray-address", help="Join this Ray cluster "
                                                             "instead of starting a local one.")] = None,
          dead_letter: Annotated[Optional[str], typer.Option("--dead-letter", help="JSON lines of failed "
                                                             "records [default: frontwatch-dead-letter.jsonl]")] = None,
          max_bytes: Annotated[int, typer.Option("--max-bytes", help="Largest accepted record, in bytes.")] = 20 * 1024 * 1024,
          quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary; errors only.")] = False,
          as_json: Annotated[bool, typer.Option("--json", help="Summary as JSON.")] = False) -> None:
    """Run the pipeline over many documents on Ray (local, or a cluster); failed records go to a dead-letter file."""
    from frontwatch.batch.job import DEFAULT_DEAD_LETTER, run_batch
    from frontwatch.cli import err, fail, out as console, say_error
    from frontwatch.errors import FrontwatchError

    try:
        report = run_batch(sources, out, workers=workers, ray_address=ray_address,
                           dead_letter=dead_letter or DEFAULT_DEAD_LETTER, max_bytes=max_bytes)
    except FrontwatchError as e:
        fail(e)
    summary = report.summary()
    if as_json:
        console.print_json(json.dumps(summary))
    elif not quiet:
        err.print(f"{report.documents_seen} documents ({report.documents_processed} processed, "
                  f"{report.documents_duplicate} already stored, {report.documents_reprocessed} processed again "
                  f"and {report.documents_relinked} re-linked for links across documents), "
                  f"{report.skipped} records without articles skipped, {report.failed} failed, "
                  f"{report.seconds} s; peak worker memory "
                  f"{max(report.worker_peak_rss_mb.values(), default=0):.0f} MB", highlight=False)
    if report.failed:
        say_error(f"{report.failed} records failed: see {report.dead_letter}")
        raise typer.Exit(1)


def load(directory: Annotated[str, typer.Argument(help="A Parquet directory written by `frontwatch batch --out`.")],
         db: Annotated[str, typer.Option("--db", envvar="FRONTWATCH_DB",
                                         help="SQLite file path or database URL.")] = "frontwatch.db",
         quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary; errors only.")] = False,
         as_json: Annotated[bool, typer.Option("--json", help="Summary as JSON.")] = False) -> None:
    """Import a batch's Parquet output into a store, link articles across documents, resolve events."""
    from dataclasses import asdict

    from frontwatch.batch.load import load_parquet
    from frontwatch.cli import err, fail, open_store, out as console, say_error
    from frontwatch.errors import FrontwatchError

    store = open_store(db)
    try:
        report = load_parquet(directory, store)
    except FrontwatchError as e:
        fail(e)
    finally:
        store.close()
    if as_json:
        console.print_json(json.dumps(asdict(report)))
    elif not quiet:
        err.print(f"{report.documents} documents in {report.files} files ({report.documents_new} new, "
                  f"{report.documents_reprocessed} processed again and {report.documents_relinked} re-linked "
                  f"for links across documents), {report.mentions_resolved} event mentions "
                  f"resolved", highlight=False)
    for f in report.failures:
        say_error(f"{f['source']}: {f['reason']}")
    if report.failures:
        raise typer.Exit(1)
