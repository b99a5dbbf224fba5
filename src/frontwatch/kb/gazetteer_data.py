"""Gazetteer data files: the Place record, validated loading of the shipped TSVs (regions, conflict-map
places), and deriving the conflict-map file from the shared Wikipedia map lists."""
from __future__ import annotations

import csv
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from frontwatch.errors import DataFileError

__all__ = [
    "CONFLICT_PATH",
    "DATA_DIR",
    "REGIONS_PATH",
    "Place",
    "derive_conflict_places",
    "haversine_km",
    "load_tsv_places",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "places"
REGIONS_PATH = DATA_DIR / "regions.tsv"
CONFLICT_PATH = DATA_DIR / "conflict_map.tsv"
PRECISIONS = ("point", "district", "region", "country")


@dataclass
class Place:
    """One gazetteer entry. `kind` is a readable feature type (settlement, city, hill, governorate...);
    `feature_class` the GeoNames class (P populated place, A admin area, T terrain, S spot, L area, H water)."""

    id: str
    name: str
    names: tuple[str, ...] = ()
    kind: str = "settlement"
    feature_class: str = "P"
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0
    source: str = ""
    precision: str = "point"
    radius_km: float = 0.0
    aliases: tuple[str, ...] = field(default=(), repr=False)  # ids of merged duplicates


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


_KIND_CLASS = {"settlement": "P", "city": "P", "camp": "P", "country": "A", "governorate": "A",
               "region": "L", "continent": "L", "border": "L", "river": "H", "dam": "H", "hill": "T"}
_COLUMNS = ("id", "name", "names", "kind", "country", "admin1", "lat", "lon", "radius_km", "precision")


def _rows(path: Path):
    """(line number, row dict) of a TSV with '#' comment lines and one header line."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [(i, ln) for i, ln in enumerate(f, 1) if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise DataFileError("empty file: no header line", source=str(path))
    header = lines[0][1].rstrip("\r\n").split("\t")
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise DataFileError(f"line {lines[0][0]}: header lacks column(s) {', '.join(missing)}", source=str(path))
    for i, ln in lines[1:]:
        cells = ln.rstrip("\r\n").split("\t")
        if len(cells) != len(header):
            raise DataFileError(f"line {i}: {len(cells)} fields, header has {len(header)}", source=str(path))
        yield i, dict(zip(header, cells))


def _num(path: Path, line: int, fld: str, value: str, lo: float, hi: float) -> float:
    try:
        x = float(value)
    except ValueError:
        raise DataFileError(f"line {line}: field '{fld}' is not a number: {value!r}", source=str(path)) from None
    if not (lo <= x <= hi) or math.isnan(x):
        raise DataFileError(f"line {line}: field '{fld}' out of range [{lo}, {hi}]: {value}", source=str(path))
    return x


def load_tsv_places(path: Path | str, source: str) -> list[Place]:
    """Places of a shipped TSV (regions or conflict-map file), refusing a bad row with file, line and field."""
    path = Path(path)
    seen: dict[str, int] = {}
    out: list[Place] = []
    for line, r in _rows(path):
        pid, name = r["id"].strip(), r["name"].strip()
        if not pid:
            raise DataFileError(f"line {line}: field 'id' is empty", source=str(path))
        if pid in seen:
            raise DataFileError(f"line {line}: field 'id' duplicates line {seen[pid]}: {pid}", source=str(path))
        seen[pid] = line
        if not name:
            raise DataFileError(f"line {line}: field 'name' is empty", source=str(path))
        lat = _num(path, line, "lat", r["lat"], -90, 90)
        lon = _num(path, line, "lon", r["lon"], -180, 180)
        radius = _num(path, line, "radius_km", r["radius_km"] or "0", 0, 20000)
        precision = r["precision"].strip() or "point"
        if precision not in PRECISIONS:
            raise DataFileError(f"line {line}: field 'precision' must be one of {', '.join(PRECISIONS)}: "
                                f"{precision!r}", source=str(path))
        country = r["country"].strip() or None
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise DataFileError(f"line {line}: field 'country' is not an ISO 3166-1 alpha-2 code: {country!r}",
                                source=str(path))
        names = tuple(dict.fromkeys([name, *(n.strip() for n in r["names"].split("|") if n.strip())]))
        kind = r["kind"].strip() or "settlement"
        out.append(Place(id=pid, name=name, names=names, kind=kind,
                         feature_class=_KIND_CLASS.get(kind, "S"), country=country,
                         admin1=r["admin1"].strip() or None, lat=lat, lon=lon, source=source,
                         precision=precision, radius_km=radius))
    return out


# ---- deriving the conflict-map file from ../shared/data/places ----------------------------------------

_SHARED_FILES = (("syria.tsv", "SY"), ("iraq.tsv", "IQ"), ("border.tsv", "SY"))
_LIST_TITLE = re.compile(r"^(cities and towns|battle|siege|offensive|list of)\b", re.IGNORECASE)


def _label_names(label: str, wiki_title: str) -> list[str]:
    """A map label and its parts: 'Idarat al-Markabat (Armored Vehicle Base)' gives the label, the name
    before the brackets and the bracketed name; 'A/B' and 'A & B' give both parts."""
    names = [label]
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", label)
    if m:
        names += [m.group(1), m.group(2)]
    for sep in ("/", " & "):
        for n in list(names):
            if sep in n:
                names += [p.strip() for p in n.split(sep)
                          if len(p.strip()) > 2 and not (p.strip().isupper() and len(p.strip()) <= 4)]
    title = wiki_title.strip()
    if title and "#" not in title and not _LIST_TITLE.match(title):
        title = re.sub(r"\s*\(.*?\)$", "", title).split(",")[0].strip()
        if title:
            names.append(title)
    return list(dict.fromkeys(n for n in names if n))


def _nearest_admin(lat: float, lon: float, cities: list[tuple[float, float, str, str]],
                   default_country: str) -> tuple[str, str | None]:
    best, best_d = None, 40.0
    for clat, clon, cc, a1 in cities:
        if abs(clat - lat) > 0.4 or abs(clon - lon) > 0.5:
            continue
        d = haversine_km(lat, lon, clat, clon)
        if d < best_d:
            best, best_d = (cc, a1), d
    if best is None:
        return default_country, None
    return best


def derive_conflict_places(shared_places_dir: Path | str, out_path: Path | str = CONFLICT_PATH) -> int:
    """Writes the project's compact conflict-map file from the shared TSVs: one row per place, near
    repeats (same name skeleton within 2 km) merged, label parts as alternate names, country and admin1
    from the nearest GeoNames place. Returns the number of rows written."""
    from frontwatch.kb.gazetteer_geonames import middle_east_cities
    from frontwatch.kb.gazetteer_names import skeletons

    cities = middle_east_cities()
    merged: list[dict] = []
    by_skel: dict[str, list[int]] = {}
    src = Path(shared_places_dir)
    for fname, default_cc in _SHARED_FILES:
        with open(src / fname, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                lat, lon = float(row["lat"]), float(row["lon"])
                names = _label_names(row["name"].strip(), row.get("wiki_title") or "")
                kind = row["kind"].strip() or "settlement"
                sk = skeletons(names[0])
                dup = next((j for s in sk for j in by_skel.get(s, ())
                            if merged[j]["kind"] == kind
                            and haversine_km(lat, lon, merged[j]["lat"], merged[j]["lon"]) < 2.0), None)
                if dup is not None:
                    merged[dup]["names"] = list(dict.fromkeys(merged[dup]["names"] + names))
                    continue
                cc, a1 = _nearest_admin(lat, lon, cities, default_cc)
                digest = hashlib.sha1(f"{names[0]}|{lat:.4f}|{lon:.4f}".encode()).hexdigest()[:10]
                merged.append({"id": f"wm:{digest}", "names": names, "kind": kind, "country": cc,
                               "admin1": a1 or "", "lat": lat, "lon": lon})
                for s in sk:
                    by_skel.setdefault(s, []).append(len(merged) - 1)
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write("# Villages, hills, bases, fields and crossings of Wikipedia's detailed maps of the Syrian and\n"
                "# Iraqi wars. Derived by `frontwatch gazetteer derive` from ../shared/data/places (source:\n"
                "# Wikipedia contributors, CC BY-SA 3.0/4.0); country/admin1 from the nearest GeoNames place.\n")
        f.write("\t".join(_COLUMNS) + "\n")
        f.writelines("\t".join([m["id"], m["names"][0], "|".join(m["names"][1:]), m["kind"], m["country"],
                               m["admin1"], f"{m['lat']:g}", f"{m['lon']:g}", "0", "point"]) + "\n" for m in merged)
    return len(merged)
