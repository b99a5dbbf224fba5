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


PG_ADMIN_URL = os.environ.get("FRONTWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> bool:
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_database():
    """A fresh PostgreSQL database for this test session on the project's local server."""
    if not _pg_available():
        msg = f"PostgreSQL not reachable at {PG_ADMIN_URL}"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    import uuid

    import psycopg

    name = f"frontwatch_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}", name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A migrated, empty store on SQLite (a real file) and on the real PostgreSQL server."""
    from frontwatch.store import Store

    if request.param == "sqlite":
        s = Store.open(str(tmp_path / "fw.db"))
    else:
        url, _ = request.getfixturevalue("pg_database")
        s = Store.open(url)
        s.wipe()
    yield s
    s.close()
