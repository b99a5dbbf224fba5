"""`frontwatch actors` (what a name resolves to, and why) and the knowledge-base commands."""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from frontwatch.errors import FrontwatchError

# Modules of the knowledge-base area that add commands of their own (each with `register(app)`).
_SUBMODULES = ("frontwatch.kb.gazetteer_cli",)


def _context(country: str | None, outlet_alignment: str | None, date: str | None):
    from frontwatch.kb.actors import ActorContext
    from frontwatch.kb.actors_data import parse_date

    if date is not None:
        try:
            parse_date(date)
        except ValueError as e:
            typer.echo(f"error: --date: {e}", err=True)
            raise typer.Exit(2) from None
    if country is not None and not (len(country) == 2 and country.isalpha()):
        typer.echo(f"error: --country: {country!r} is not an ISO 3166-1 alpha-2 code", err=True)
        raise typer.Exit(2)
    return ActorContext(country=country.upper() if country else None, outlet_alignment=outlet_alignment, date=date)


def _explain_table(info: dict) -> None:
    console = Console()
    choice = info["choice"]
    if choice:
        console.print(f"[bold]{info['name']}[/bold] -> [green]{choice['name']}[/green] ({choice['actor_id']}, "
                      f"{choice['kind']}, side {choice['side'] or '-'}, score {choice['score']}): {choice['why']}",
                      highlight=False)
    else:
        console.print(f"[bold]{info['name']}[/bold] -> [red]no actor[/red]", highlight=False)
    table = Table("actor", "name", "score", "why")
    for c in info["candidates"]:
        table.add_row(c["actor_id"], c["name"], f"{c['score']:.2f}", c["why"])
    if info["candidates"]:
        console.print(table)


def _mentions(path: str, ctx, as_json: bool) -> None:
    from frontwatch.kb.actors import default_kb
    from frontwatch.nlp.normalize import is_arabic

    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    matches = default_kb().find(text, context=ctx, lang="ar" if is_arabic(text) else "en")
    if as_json:
        for m in matches:
            sys.stdout.write(json.dumps(m.__dict__, ensure_ascii=False) + "\n")
        return
    table = Table("start", "end", "text", "actor", "side", "score", "why")
    for m in matches:
        table.add_row(str(m.start), str(m.end), m.text, m.actor_id, m.side or "", f"{m.score:.2f}", m.why)
    Console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("actors")
    def actors_command(
        name: str = typer.Argument(..., help="A name as written (\"government troops\", \"داعش\"), or with "
                                             "--text a file ('-' for stdin) to list every actor mention in."),
        country: str = typer.Option(None, "--country", help="ISO2 of the article's focus country, e.g. SY, IQ."),
        outlet_alignment: str = typer.Option(None, "--outlet-alignment",
                                             help="Alignment of the outlet (syrian-state, kurdish, ...)."),
        date: str = typer.Option(None, "--date", help="Date of the report, YYYY-MM-DD."),
        text: bool = typer.Option(False, "--text", help="NAME is a file of text: list every mention."),
        as_json: bool = typer.Option(False, "--json", help="JSON output (one line per result)."),
    ) -> None:
        """Show which actor NAME resolves to in a context, with the candidates and the reasons."""
        from frontwatch.kb.actors import default_kb

        ctx = _context(country, outlet_alignment, date)
        try:
            if text:
                _mentions(name, ctx, as_json)
                return
            info = default_kb().explain(name, ctx)
        except (FrontwatchError, OSError) as e:
            typer.echo(f"error {getattr(e, 'code', 'FW100')}: {e}", err=True)
            raise typer.Exit(1) from None
        if as_json:
            sys.stdout.write(json.dumps(info, ensure_ascii=False) + "\n")
        else:
            _explain_table(info)
        if info["choice"] is None:
            raise typer.Exit(1)

    for modname in _SUBMODULES:
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as e:
            if e.name != modname:
                raise
            continue
        mod.register(app)
