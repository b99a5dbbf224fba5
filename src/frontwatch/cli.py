"""The `frontwatch` command line (Typer + Rich)."""
from __future__ import annotations

import importlib
import json

import sys
from contextlib import contextmanager
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from frontwatch.errors import FrontwatchError

app = typer.Typer(help="frontwatch: conflict reporting turned into a sourced, geolocated record.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console()
err = Console(stderr=True)

DEFAULT_DB = "frontwatch.db"
Db = Annotated[str, typer.Option("--db", envvar="FRONTWATCH_DB",
                                 help="SQLite file path or database URL (postgresql://...).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary; errors only.")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON output for scripts.")]


def open_store(db: str):
    from frontwatch.store import Store

    try:
        return Store.open(db)
    except FrontwatchError as e:
        fail(e)


def check_settings() -> None:
    """Reads the user's settings files before anything is stored or reset, so a bad one costs nothing."""
    from frontwatch.resolve.grading import user_reliability

    user_reliability()


def say_error(e: object) -> None:
    """One line on stderr whatever the terminal's width, and no Rich markup read from the message ("[...]")."""
    err.print(Text.assemble(("error:", "red"), f" {e}"), highlight=False, soft_wrap=True)


def fail(e: FrontwatchError | str, code: int = 2):
    say_error(e)
    raise typer.Exit(code)


@contextmanager
def progress(label: str, quiet: bool, total: int | None = None):
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=quiet) as p:
        task = p.add_task(label, total=total)
        yield lambda _item=None: p.advance(task)


def report_failures(failures: list[FrontwatchError]) -> None:
    for f in failures:
        say_error(f)


def _limits(allow_private: bool, max_bytes: int, timeout: float):
    from frontwatch.ingest import FetchLimits

    return FetchLimits(allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)


AllowPrivate = Annotated[bool, typer.Option("--allow-private", help="Permit URLs on private/loopback addresses.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Largest accepted input, in bytes.")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds before a URL fetch gives up.")]


@app.command()
def ingest(sources: Annotated[list[str], typer.Argument(help="Files, directories, http(s) URLs, feed URLs.")],
           db: Db = DEFAULT_DB, allow_private: AllowPrivate = False, max_bytes: MaxBytes = 20 * 1024 * 1024,
           timeout: Timeout = 20.0, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Store sources as documents (each stored once, keyed by content hash) without processing them."""
    from frontwatch.pipeline import ingest as do_ingest

    store = open_store(db)
    with progress("ingesting", quiet or as_json) as tick:
        report, _ = do_ingest(store, sources, _limits(allow_private, max_bytes, timeout), on_item=tick)
    _finish(report, quiet, as_json)


@app.command()
def run(sources: Annotated[Optional[list[str]], typer.Argument(help="Sources; none: process what is pending.")] = None,
        db: Db = DEFAULT_DB, allow_private: AllowPrivate = False, max_bytes: MaxBytes = 20 * 1024 * 1024,
        timeout: Timeout = 20.0, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Ingest sources and process every pending document: articles, sentences, events, control."""
    from frontwatch.pipeline import ingest as do_ingest, process_pending, resolve_store

    check_settings()
    store = open_store(db)
    with progress("ingesting", quiet or as_json) as tick:
        report, _ = do_ingest(store, sources or [], _limits(allow_private, max_bytes, timeout), on_item=tick)
    pending = store.stats()["documents_pending"]
    with progress("processing", quiet or as_json, total=pending) as tick:
        process_pending(store, report=report, on_item=tick)
    with progress("resolving events", quiet or as_json):
        resolve_store(store)
    _finish(report, quiet, as_json)


@app.command()
def reprocess(db: Db = DEFAULT_DB, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Process every stored document again (after `gazetteer add` or a knowledge-base change) and
    re-resolve events and control; raw documents are kept, nothing is fetched."""
    from frontwatch.pipeline import RunReport, process_pending, resolve_store

    check_settings()
    store = open_store(db)
    total = store.reset_processing()
    report = RunReport(documents_seen=total)
    with progress("processing", quiet or as_json, total=total) as tick:
        process_pending(store, report=report, on_item=tick)
    with progress("resolving events", quiet or as_json):
        resolve_store(store)
    _finish(report, quiet, as_json)


def _finish(report, quiet: bool, as_json: bool) -> None:
    report_failures(report.failures)
    summary = {"documents": report.documents_seen, "new": report.documents_new,
               "processed": report.documents_processed, "failed": len(report.failures)}
    if as_json:
        out.print_json(json.dumps(summary))
    elif not quiet:
        err.print(f"{summary['documents']} documents read ({summary['new']} new), "
                  f"{summary['processed']} processed, {summary['failed']} failed")
    if report.failures:
        raise typer.Exit(1)


def _event_filters(date_from, date_to, type_, place, actor, include_hypothetical, limit=None) -> dict:
    return dict(date_from=date_from, date_to=date_to, type=type_, place=place, actor=actor,
                include_hypothetical=include_hypothetical, limit=limit)


From = Annotated[Optional[str], typer.Option("--from", help="Earliest date, YYYY-MM-DD.")]
To = Annotated[Optional[str], typer.Option("--to", help="Latest date, YYYY-MM-DD.")]
Type = Annotated[Optional[str], typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")]
Place = Annotated[Optional[str], typer.Option("--place", help="Place name (substring) or id.")]
Actor = Annotated[Optional[str], typer.Option("--actor", help="Actor name (substring) or id.")]
Hypo = Annotated[bool, typer.Option("--include-hypothetical", help="Also future, conditional, negated events.")]


@app.command()
def events(db: Db = DEFAULT_DB, date_from: From = None, date_to: To = None, type_: Type = None,
           place: Place = None, actor: Actor = None, include_hypothetical: Hypo = False,
           limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
           as_json: AsJson = False) -> None:
    """The event table, with filters."""
    from frontwatch.export import event_record

    store = open_store(db)
    evs = store.query_events(**_event_filters(date_from, date_to, type_, place, actor, include_hypothetical, limit))
    if as_json:
        for e in evs:
            print(json.dumps(event_record(e), ensure_ascii=False))
        return
    table = Table(title=f"{len(evs)} events", show_lines=False)
    for col in ("date", "type", "actors", "targets", "place", "control", "toll", "certainty", "src", "grade", "id"):
        table.add_column(col, overflow="fold")
    for e in evs:
        ctl = f"{e.control.status} by {e.control.gained_by.name}" if e.control and e.control.gained_by else (
            e.control.status if e.control else "")
        table.add_row(e.date or "?", e.type + (f"/{e.mode}" if e.mode else ""),
                      ", ".join(a.name for a in e.actors), ", ".join(a.name for a in e.targets),
                      (e.place.name + ("" if e.place.located else " (unlocated)")) if e.place else "",
                      ctl, "" if e.fatalities is None else str(e.fatalities),
                      e.certainty + (f" ({e.claimed_by})" if e.claimed_by else ""),
                      f"{e.sources}/{e.independent_sources}", e.grade or "", e.event_id[:10])
    out.print(table)


@app.command()
def event(event_id: str, db: Db = DEFAULT_DB, why: Annotated[bool, typer.Option("--why", help="Explain merges.")] = False,
          as_json: AsJson = False) -> None:
    """One event with all its mentions (an id prefix is enough); --why explains each merge."""
    from frontwatch.export import event_record
    from frontwatch.resolve import explain

    store = open_store(db)
    matches = [e for e in store.all_events() if e.event_id.startswith(event_id)]
    if len(matches) != 1:
        fail(f"{event_id}: {'no event' if not matches else f'{len(matches)} events'} with this id", 1)
    e = matches[0]
    rec = event_record(e)
    reasons = explain(e) if why else []
    if why:
        rec["why"] = reasons
    if as_json:
        print(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    place = e.place.name if e.place else "?"
    out.print(f"{e.type} {e.mode or ''}  {e.date or '?'} ({e.date_precision or '-'})  {place}  "
              f"grade {e.grade or '-'}  {e.certainty}", markup=False, highlight=False)
    for m in e.mentions:
        out.print(f"  - {m.outlet or 'unknown outlet'} ({m.language}): {m.text}", markup=False, highlight=False)
    for line in reasons:
        out.print(f"  why: {line}", markup=False, highlight=False)


@app.command("export")
def export_cmd(kind: Annotated[str, typer.Argument(help="articles or events")],
               fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, geojson or parquet")] = "jsonl",
               output: Annotated[Optional[str], typer.Option("-o", "--output", help="File (default: stdout).")] = None,
               db: Db = DEFAULT_DB, date_from: From = None, date_to: To = None, type_: Type = None,
               place: Place = None, actor: Actor = None, include_hypothetical: Hypo = False) -> None:
    """Export articles or events in the formats of the design page."""
    from frontwatch.export import FORMATS, write

    if kind not in ("articles", "events"):
        fail(f"{kind}: export what? 'articles' or 'events'")
    if fmt not in FORMATS:
        fail(f"--format {fmt}: one of {', '.join(FORMATS)}")
    if fmt == "geojson" and kind == "articles":
        fail("--format geojson: only for events (articles have no geometry)")
    if fmt == "parquet" and not output:
        fail("--format parquet needs -o FILE")
    store = open_store(db)
    items = store.articles() if kind == "articles" else store.query_events(
        **_event_filters(date_from, date_to, type_, place, actor, include_hypothetical))
    n = write(kind, items, fmt, output or sys.stdout)
    if output:
        err.print(f"{n} {kind} written to {output}")


@app.command()
def stats(db: Db = DEFAULT_DB, as_json: AsJson = False) -> None:
    """Counts of what the store holds, including articles in languages that are not coded."""
    s = open_store(db).stats()
    if as_json:
        out.print_json(json.dumps(s))
        return
    table = Table(title="frontwatch store")
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in s.items():
        table.add_row(k.replace("_", " "), json.dumps(v) if isinstance(v, dict) else str(v))
    out.print(table)


@app.command()
def control(db: Db = DEFAULT_DB, at: Annotated[Optional[str], typer.Option("--at", help="Date YYYY-MM-DD.")] = None,
            place: Annotated[Optional[str], typer.Option("--place", help="Place name (substring).")] = None,
            fmt: Annotated[str, typer.Option("--format", help="table, json or geojson")] = "table") -> None:
    """Who held what on a day (or every control period), and on whose word."""
    from frontwatch.resolve import control_at, periods_of

    store = open_store(db)
    periods = store.control_periods()
    if place:
        periods = periods_of(periods, place) or _periods_by_gazetteer(periods, place)
    if at:
        periods = control_at(periods, at)
    if fmt == "json":
        from frontwatch.models import to_dict
        for p in periods:
            print(json.dumps(to_dict(p), ensure_ascii=False))
        return
    if fmt == "geojson":
        print(json.dumps(_control_geojson(store, periods), ensure_ascii=False))
        return
    table = Table(title=f"control{' at ' + at if at else ''}")
    for col in ("place", "controller", "side", "from", "until", "status", "evidence"):
        table.add_column(col, overflow="fold")
    for p in periods:
        table.add_row(p.place_name, p.controller_name or "-", p.controller_side or "", p.start or "?", p.end or "",
                      p.status, ", ".join(e[:10] for e in p.evidence))
    out.print(table)


def _periods_by_gazetteer(periods, place: str):
    """Another spelling of a stored place: the gazetteer's resolution of the name gives its id."""
    from frontwatch.kb.gazetteer import default_gazetteer
    from frontwatch.resolve import periods_of

    res = default_gazetteer().resolve(place)
    return periods_of(periods, res.place.id) if res and res.place.id else []


@app.command()
def baseline(files: Annotated[list[str], typer.Argument(help="Conflict-map place files (TSV with a mark column).")],
             db: Db = DEFAULT_DB,
             as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date the map shows, YYYY-MM-DD.")] = None,
             quiet: Quiet = False) -> None:
    """Import a map's control marks as the starting state (marked with its source; reports override
    it from their dates on) and rebuild the control timeline."""
    from frontwatch.resolve import control_timeline, load_baseline

    store = open_store(db)
    try:
        periods = load_baseline(files, as_of=as_of)
    except FrontwatchError as e:
        fail(e, 1)
    store.set_baseline(periods)
    store.replace_control(control_timeline(store.all_events(), baseline=periods))
    if not quiet:
        err.print(f"{len(periods)} baseline periods imported from {len(files)} file(s)")


def _control_geojson(store, periods) -> dict:
    places = {e.place.id: e.place for e in store.all_events() if e.place and e.place.id}
    feats = []
    for p in periods:
        pl = places.get(p.place_id)
        geom = {"type": "Point", "coordinates": [pl.lon, pl.lat]} if pl and pl.lat is not None else None
        from frontwatch.models import to_dict
        feats.append({"type": "Feature", "geometry": geom, "properties": to_dict(p)})
    return {"type": "FeatureCollection", "features": feats}


# Each area that has commands of its own exposes `register(app)` in `frontwatch.<area>.cli`;
# an area whose module is not there yet simply adds nothing.
_AREAS = ("articles", "kb", "coding", "resolve", "api", "batch")


def _register_areas() -> None:
    for area in _AREAS:
        try:
            mod = importlib.import_module(f"frontwatch.{area}.cli")
        except ModuleNotFoundError as e:
            if e.name != f"frontwatch.{area}.cli":
                raise
            continue
        mod.register(app)


_register_areas()


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except FrontwatchError as e:
        say_error(e)
        sys.exit(2)
    except Exception as e:
        from frontwatch.store import database_error

        if (db_err := database_error(e)) is None:
            raise
        say_error(db_err)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()

