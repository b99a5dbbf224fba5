"""`frontwatch articles DOC`: split a page into articles and show their attribution."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import typer

from frontwatch.errors import FrontwatchError, InputError
from frontwatch.models import Document

__all__ = ["register", "read_document", "export_row"]

_ENCODINGS = ("utf-8", "windows-1256", "iso-8859-6")
EXPORT_FIELDS = ("article_id", "document", "title", "outlet", "author", "translator", "published",
                 "language", "translation_of", "text")


def read_document(path: Path) -> Document:
    """A file as a Document: bytes kept, decoded as UTF-8, else windows-1256, else ISO-8859-6."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror}", source=str(path)) from None
    for enc in _ENCODINGS:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("not text in UTF-8, windows-1256 or ISO-8859-6", source=str(path))
    text = text.removeprefix("\ufeff")
    from frontwatch.articles.html import looks_like_html

    return Document(doc_id=hashlib.sha256(raw).hexdigest(), source=str(path.resolve()), raw=raw, text=text,
                    content_type="html" if looks_like_html(text) else "text", encoding=enc)


def export_row(article) -> dict:
    """One line of the articles export (the design page's contract)."""
    return {k: getattr(article, k) for k in EXPORT_FIELDS}


def _table(articles) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(articles)} articles", show_lines=True)
    table.add_column("#", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("outlet / by", ratio=2)
    table.add_column("published", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("links / dropped", ratio=1)
    for a in articles:
        who = "\n".join(x for x in (a.outlet, a.author and f"by {a.author}",
                                     a.translator and f"tr. {a.translator}") if x)
        links = [f"translation of #{a.translation_of.rsplit('-', 1)[-1]}" if a.translation_of else "",
                 f"duplicate of {a.duplicate_of}" if a.duplicate_of else "",
                 f"{len(a.boilerplate)} lines dropped" if a.boilerplate else ""]
        published = f"{a.published}" + (f" ({a.published_source})" if a.published_source != "article" else "")
        table.add_row(f"{a.index:02d}", a.title or "(untitled)", who, published if a.published else "",
                      a.language or "", "\n".join(x for x in links if x))
    Console().print(table)


def register(app: typer.Typer) -> None:
    @app.command("articles")
    def articles_command(
        doc: Path = typer.Argument(..., help="A page saved as a file (plain text or HTML)."),
        as_json: bool = typer.Option(False, "--json", help="JSON lines in the articles export format."),
    ) -> None:
        """Split DOC into articles and show each one's title, outlet, author, date and language."""
        from frontwatch.articles import link_articles, split_document

        try:
            articles = split_document(read_document(doc))
            link_articles(articles)
        except FrontwatchError as e:
            typer.echo(f"error {e.code}: {e}", err=True)
            raise typer.Exit(1) from None
        if as_json:
            for a in articles:
                sys.stdout.write(json.dumps(export_row(a), ensure_ascii=False) + "\n")
        else:
            _table(articles)
