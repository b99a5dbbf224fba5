"""The `frontwatch` command line (Typer + Rich)."""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(help="frontwatch: conflict reporting turned into a sourced, geolocated record.",
                  no_args_is_help=True, add_completion=False)

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
