"""The README stays true: every command is documented, the quickstart is the two make targets."""
from __future__ import annotations

import re
from pathlib import Path

import typer.main

from frontwatch.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands() if f"frontwatch {c}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_quickstart_is_make_run_and_make_test():
    quick = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make (\w+)", quick, flags=re.M) == ["run", "test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


PLACEHOLDER = re.compile(r"\b[A-Z]+_(?:TABLE|ROW)\b|\b\d+[A-Z]{5,}\b|<!-- [A-Z]+\b|TODO|TBD")


def test_no_placeholder_left_in_readme_or_docs():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        found = PLACEHOLDER.search(doc.read_text(encoding="utf-8"))
        assert not found, f"{doc.name}: placeholder {found.group(0)!r} left"
