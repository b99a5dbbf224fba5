"""`frontwatch articles DOC`: table and JSON lines output, decoding, one-line errors."""
from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from frontwatch.articles import cli
from frontwatch.articles.cli import EXPORT_FIELDS, read_document

PAGE = ("South Front\n\nSyrian army enters Mayadin\n\nOctober 14, 2017\n\n"
        "The army said its units entered the town of Mayadin after days of fighting with the group.\n\n"
        "Related Videos\n\nالجيش السوري يدخل الميادين\n\n"
        "قال الجيش إن وحداته دخلت مدينة الميادين بعد أيام من المعارك مع التنظيم على ضفة الفرات.\n")


def app() -> typer.Typer:
    a = typer.Typer()
    cli.register(a)

    @a.command("noop")
    def noop() -> None:  # a second command keeps Typer from collapsing the app into one command
        pass

    return a


def test_json_lines_follow_the_export_contract(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(app(), ["articles", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [tuple(r) for r in rows] == [EXPORT_FIELDS] * 2
    assert rows[0]["outlet"] == "South Front" and rows[0]["published"] == "2017-10-14"
    assert [r["language"] for r in rows] == ["en", "ar"]


def test_table_output(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(app(), ["articles", str(path)])
    assert result.exit_code == 0 and "2 articles" in result.stdout


def test_missing_file_is_one_line_error(tmp_path):
    result = CliRunner().invoke(app(), ["articles", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "cannot read file" in result.output


def test_empty_file_is_one_line_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = CliRunner().invoke(app(), ["articles", str(path)])
    assert result.exit_code == 1 and "no text" in result.output


def test_windows_1256_and_html_detection(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("الجيش السوري يدخل الميادين".encode("windows-1256"))
    doc = read_document(path)
    assert doc.encoding == "windows-1256" and doc.text == "الجيش السوري يدخل الميادين"
    assert len(doc.doc_id) == 64 and doc.content_type == "text"
    html = tmp_path / "page.html"
    html.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    assert read_document(html).content_type == "html"
