"""Shared fixtures. Tests that read ../shared fail (not skip) when it is missing and CI is set."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRONTWATCH_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared folder (corpus, gold, scorer, conflict-map places)."""
    if not (SHARED / "corpus").is_dir():
        msg = f"shared folder not found at {SHARED} (set FRONTWATCH_SHARED)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "seed-compilation.txt"
