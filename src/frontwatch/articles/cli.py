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

    table = Table(title=f"{len(articles)} articles")
    for col in ("id", "title", "outlet", "author", "translator", "published", "lang", "links", "dropped"):
        table.add_column(col, overflow="fold")
    for a in articles:
        links = ", ".join(x for x in (a.translation_of and f"translation of {a.translation_of}",
                                      a.duplicate_of and f"duplicate of {a.duplicate_of}") if x)
        published = f"{a.published} ({a.published_source})" if a.published else ""
        table.add_row(a.article_id, (a.title or "")[:70], a.outlet or "", a.author or "", a.translator or "",
                      published, a.language or "", links, str(len(a.boilerplate)))
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
