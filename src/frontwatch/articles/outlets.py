"""Outlet registry: name variants, domains, country, language, alignment, owner, default grade."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from frontwatch.articles.datafile import data_path, fail, key_line, load_yaml, string_list
from frontwatch.nlp.normalize import fold

__all__ = ["Outlet", "OutletRegistry", "default_registry", "load_registry"]

_GRADES = set("ABCDEF")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_LANG_RE = re.compile(r"^[a-z]{2}$")
_DOMAIN_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    variants: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    country: str | None = None
    language: tuple[str, ...] = ()
    alignment: str | None = None
    owner: str | None = None
    reliability: str = "F"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


def name_key(name: str) -> str:
    """Lookup key: folded, spaces removed, so "SouthFront", "South Front" and "south-front" meet."""
    return fold(name).replace(" ", "")


def _host(domain_or_url: str) -> str:
    text = domain_or_url.strip().lower()
    if "//" not in text:
        text = "//" + text
    host = urlsplit(text).hostname or ""
    return host[4:] if host.startswith("www.") else host


@dataclass
class OutletRegistry:
    outlets: list[Outlet]
    alignments: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {o.id: o for o in self.outlets}
        self._by_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for o in self.outlets:
            for n in o.names:
                self._by_name.setdefault(name_key(n), o)
            for d in o.domains:
                self._by_domain.setdefault(d, o)
        self._pattern = self._build_pattern()

    def get(self, outlet_id: str) -> Outlet | None:
        return self._by_id.get(outlet_id)

    def lookup(self, name: str | None = None, domain: str | None = None) -> Outlet | None:
        """Exact (folded) name or variant, or a web domain / URL (sub-domains climb to the parent)."""
        if name:
            hit = self._by_name.get(name_key(name))
            if hit:
                return hit
        if domain:
            host = _host(domain)
            while host:
                if host in self._by_domain:
                    return self._by_domain[host]
                host = host.partition(".")[2] if host.count(".") > 1 else ""
        return None

    def find(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Outlet names and domains mentioned in `text`: (start, end, outlet), longest first at a point.
        Names of three letters or fewer must appear in capitals ("AP", "AFP"), so words do not match."""
        hits = []
        for m in self._pattern.finditer(text):
            surface = m.group(0)
            outlet = self.lookup(name=surface) or self.lookup(domain=surface)
            if outlet is None:
                continue
            if len(name_key(surface)) <= 3 and not surface.isupper():
                continue
            hits.append((m.start(), m.end(), outlet))
        return hits

    def _build_pattern(self) -> re.Pattern[str]:
        forms = {d for o in self.outlets for d in o.domains}
        for o in self.outlets:
            forms.update(o.names)
        alts = sorted((re.escape(f).replace(r"\ ", r"[\s\-]+") for f in forms), key=len, reverse=True)
        return re.compile(r"(?<![\w.])(?:www\.)?(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


def _outlet_from(entry: object, path: Path, alignments: dict[str, str]) -> Outlet:
    if not isinstance(entry, dict):
        raise fail(path, None, "outlets", "each outlet must be a mapping")
    line = entry.get("__line__")  # the entry's first line; field errors point at the field's own line
    for key in ("id", "name", "alignment", "reliability"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(path, line, key, "is required (a non-empty string)")
    if not _ID_RE.match(entry["id"]):
        raise fail(path, key_line(entry, "id"), "id", f"{entry['id']!r} is not a lower-case slug")
    if entry["alignment"] not in alignments:
        raise fail(path, key_line(entry, "alignment"), "alignment", f"{entry['alignment']!r} is not one of the declared alignments")
    if entry["reliability"] not in _GRADES:
        raise fail(path, key_line(entry, "reliability"), "reliability", f"{entry['reliability']!r} must be one of A-F")
    country = entry.get("country")
    if country is not None and not (isinstance(country, str) and _COUNTRY_RE.match(country)):
        raise fail(path, key_line(entry, "country"), "country", f"{country!r} is not an ISO 3166-1 alpha-2 code")
    langs = string_list(entry.get("language"), path, key_line(entry, "language"), "language")
    if not langs or not all(_LANG_RE.match(x) for x in langs):
        raise fail(path, key_line(entry, "language"), "language", "must list ISO 639-1 codes")
    domains = string_list(entry.get("domains"), path, key_line(entry, "domains"), "domains")
    bad = [d for d in domains if not _DOMAIN_RE.match(d)]
    if bad:
        raise fail(path, key_line(entry, "domains"), "domains", f"{bad[0]!r} is not a bare lower-case domain")
    unknown = set(entry) - {"__line__", "__lines__", "id", "name", "variants", "domains", "country", "language",
                            "alignment", "owner", "reliability"}
    if unknown:
        raise fail(path, key_line(entry, sorted(unknown)[0]), sorted(unknown)[0], "unknown field")
    return Outlet(id=entry["id"], name=entry["name"].strip(),
                  variants=tuple(string_list(entry.get("variants"), path, key_line(entry, "variants"), "variants")),
                  domains=tuple(domains), country=country, language=tuple(langs),
                  alignment=entry["alignment"], owner=entry.get("owner"), reliability=entry["reliability"])


def load_registry(path: str | Path) -> OutletRegistry:
    """Reads and validates an outlet file; errors name file, line and field."""
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("outlets"), list):
        raise fail(path, None, "outlets", "the file must be a mapping with an 'outlets' list")
    alignments = {k: v for k, v in (data.get("alignments") or {}).items() if k not in ("__line__", "__lines__")}
    if not alignments:
        raise fail(path, None, "alignments", "declare the alignment vocabulary")
    outlets, seen_ids, seen_names = [], {}, {}
    for entry in data["outlets"]:
        outlet = _outlet_from(entry, path, alignments)
        line = entry.get("__line__")
        if outlet.id in seen_ids:
            raise fail(path, key_line(entry, "id"), "id", f"{outlet.id!r} repeats the outlet at line {seen_ids[outlet.id]}")
        seen_ids[outlet.id] = line
        for n in outlet.names:
            other = seen_names.get(name_key(n))
            if other and other[0] != outlet.id:
                raise fail(path, line, "variants", f"{n!r} is also a name of {other[0]!r} (line {other[1]})")
            seen_names[name_key(n)] = (outlet.id, line)
        outlets.append(outlet)
    return OutletRegistry(outlets, alignments)


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    return load_registry(data_path("outlets.yaml"))
