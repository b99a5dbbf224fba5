"""A starting state of control from the conflict-map places (`mark` column), marked with its source.

Each row gives one period: the holder the map showed at its undated snapshot (start `as_of`, or
unknown), status `held` (`contested` when the mark names two holders, as `gov_IS`), evidence
`baseline:<file>:<line>:<mark>`. Place ids are the gazetteer's: the place of that name nearest
the row's point, within 3 km (Abu Kamal -> the GeoNames town), so events placed by the gazetteer
meet their baseline; without a gazetteer (or no such place) the id the gazetteer gives conflict-map
points (`wm:` + SHA-1 of "label|lat|lon"). Near repeats (same folded name within 2 km) keep the
first row. Rows whose mark
names no holder (mountain passes, grey dots) are skipped. The timeline lets every dated event
close these periods: the map is a hint, reports decide.
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from frontwatch.errors import DataFileError
from frontwatch.models import ControlPeriod
from frontwatch.resolve.compat import km, name_key

# Map holder codes -> (controller id, name, side). Ids are map codes, not actor-KB ids.
HOLDERS = {
    "gov": ("map:gov", "Syrian government", "government"),
    "opp": ("map:opp", "Syrian opposition", "opposition"),
    "JaN": ("map:JaN", "Jabhat al-Nusra / HTS", "jihadist opposition"),
    "SDF": ("map:SDF", "Syrian Democratic Forces", "SDF"),
    "Kurds": ("map:Kurds", "Kurdish forces", "Kurds"),
    "IS": ("map:IS", "Islamic State", "ISIS"),
    "Trk": ("map:Trk", "Turkish forces", "Turkey"),
}
# The same code names another holder on the Iraqi map.
FILE_NAMES = {("iraq", "gov"): "Iraqi government", ("iraq", "SDF"): "Kurdish forces"}
# Image marks: the dot's colour gives the holder.
COLOURS = {"red": "gov", "yellow": "SDF", "black": "IS", "green": "opp"}
_REQUIRED = ("name", "lat", "lon", "mark")


def holders_of(mark: str) -> list[str]:
    """Holder codes a mark names, in order ('stable_gov_SDF' -> ['gov', 'SDF'], 'IS_oil' -> ['IS'])."""
    if mark.endswith(".svg"):
        low = mark.lower()
        return [code for colour, code in COLOURS.items() if colour in low]
    parts = [p for p in mark.split("_") if p != "stable"]
    return [p for p in parts if p in HOLDERS]


def place_id(label: str, lat: float, lon: float) -> str:
    """The gazetteer's id for a conflict-map point."""
    return "wm:" + hashlib.sha1(f"{label}|{lat:.4f}|{lon:.4f}".encode()).hexdigest()[:10]


def gazetteer_id(gazetteer: Any, label: str, lat: float, lon: float, max_km: float = 3.0) -> str | None:
    """Id of the gazetteer place named `label` nearest (lat, lon), if within `max_km`."""
    best = None
    for p in gazetteer.candidates(label):
        if p.lat is None or p.lon is None:
            continue
        d = km(lat, lon, p.lat, p.lon)
        if d <= max_km and (best is None or d < best[0]):
            best = (d, p.id)
    return best[1] if best else None


def _default_gazetteer() -> Any:
    try:
        from frontwatch.kb.gazetteer import default_gazetteer
    except ImportError:
        return None
    return default_gazetteer()


def _period(stem: str, line: int, row: dict, as_of: str | None, gazetteer: Any) -> ControlPeriod | None:
    holders = holders_of(row["mark"])
    if not holders:
        return None
    code = holders[0]
    cid, name, side = HOLDERS[code]
    label, lat, lon = row["name"].strip(), float(row["lat"]), float(row["lon"])
    pid = (gazetteer_id(gazetteer, label, lat, lon) if gazetteer is not None else None) or place_id(label, lat, lon)
    return ControlPeriod(place_id=pid, place_name=label,
                         controller_id=cid, controller_name=FILE_NAMES.get((stem, code), name),
                         start=as_of, end=None, status="contested" if len(holders) > 1 else "held",
                         evidence=[f"baseline:{stem}.tsv:{line}:{row['mark']}"], controller_side=side)


def _read(path: Path, as_of: str | None, seen: dict[str, list[tuple[float, float]]],
          gazetteer: Any) -> list[ControlPeriod]:
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(f"line 1: missing column(s) {', '.join(missing)}", source=str(path))
        for line, row in enumerate(reader, start=2):
            if not (row.get("name") or "").strip():
                raise DataFileError(f"line {line}: field name is empty", source=str(path))
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                raise DataFileError(f"line {line}: field lat/lon is not a number", source=str(path)) from None
            key = name_key(row["name"])
            if any(km(lat, lon, a, b) < 2.0 for a, b in seen.get(key, ())):
                continue
            seen.setdefault(key, []).append((lat, lon))
            p = _period(path.stem, line, row, as_of, gazetteer)
            if p is not None:
                out.append(p)
    return out


def load_baseline(tsv_paths: Iterable[str | Path], *, as_of: str | None = None,
                  gazetteer: Any = "default") -> list[ControlPeriod]:
    """Periods from the `mark` column of conflict-map place files (see the module docstring).
    `gazetteer`: "default" (the project's, when importable), None (no lookup), or any object with
    `candidates(name) -> [place with .id, .lat, .lon]`."""
    gaz = _default_gazetteer() if isinstance(gazetteer, str) else gazetteer
    out: list[ControlPeriod] = []
    seen: dict[str, list[tuple[float, float]]] = {}
    for path in tsv_paths:
        path = Path(path)
        try:
            out += _read(path, as_of, seen, gaz)
        except OSError as e:
            raise DataFileError(f"cannot read: {e.strerror}", source=str(path)) from e
    return out
