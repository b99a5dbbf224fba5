"""Loading and validating the actor data files (YAML), with file, line and field in every error.

Each file under data/actors/ (except `_alignments.yaml`) is a list of entries:

    id           lower-case-hyphenated, unique across files
    name_en      canonical English name;  name_ar: canonical Arabic name (as the actor's own media write it)
    aliases_en   other names, abbreviations, spellings; aliases_ar: the same in Arabic.  An alias is a
                 string or {name, score (0-1, default 0.95; 0.9 for an acronym), not_followed_by: [words],
                 case_sensitive}; an acronym (2-6 capitals) only matches in capitals
    metonyms     capitals standing for the actor ("Washington"); scored 0.6, never where they are places
    kind         one of KINDS;  country: ISO 3166-1 alpha-2 or null (international, transnational)
    parent       id of the actor it belongs to (Tiger Forces -> saa); sides are inherited from it
    sides        {theatre: side} for the theatres and sides of THEATRE_SIDES
    names        dated names: [{name, valid_from, valid_until}] (YYYY-MM-DD; either may be left out)
    valid_from / valid_until   when the actor existed under this id;  successor: the id it became
    person       true for a person;  generic: true for a generic word, with `resolve` rules (see generic.yaml)
    pejorative   generic only: never stands for an actor of the outlet's own side
    note         free text

A name may be shared by two actors only when their countries differ or their periods do not overlap;
otherwise the second one is refused, like a duplicate id, an unknown parent or successor, a parent loop,
an unknown kind, side, theatre or field, and a date that is not a real YYYY-MM-DD day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from frontwatch.errors import DataFileError

__all__ = ["KINDS", "THEATRE_SIDES", "RawActor", "load_alignment_sides", "load_files", "load_forces", "parse_date"]

KINDS = frozenset({
    "state military", "state security", "government", "militia", "rebel group", "jihadist group",
    "coalition", "international organisation", "media", "civilians", "state",
})
THEATRE_SIDES = {
    "syria": frozenset({"pro-government", "opposition", "SDF", "ISIS", "Turkey-backed", "US-led"}),
    "iraq": frozenset({"government", "Kurdistan Region", "ISIS"}),
}
_FIELDS = {
    "id", "name_en", "name_ar", "aliases_en", "aliases_ar", "metonyms", "kind", "country", "parent",
    "sides", "names", "generic", "person", "pejorative", "valid_from", "valid_until", "successor", "resolve", "note",
}
_REQUIRED = ("id", "name_en", "name_ar", "kind", "country")
_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_RULE_KEYS = {"country", "outlet_alignment", "near", "not_near", "near_kind", "recent_kind", "main_kind", "theatre"}


@dataclass
class RawActor:
    """One validated entry as read from a file, with the line of each field for later checks."""

    data: dict[str, Any]
    path: Path
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    def error(self, fld: str, msg: str, line: int | None = None) -> DataFileError:
        return DataFileError(f"line {line or self.lines.get(fld, self.line)}, field '{fld}': {msg}",
                             source=str(self.path))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 5x faster
    """Safe YAML, but dates stay strings so that a bad date is our error, not YAML's."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def parse_date(value: Any) -> date:
    """YYYY-MM-DD -> date; raises ValueError on anything else."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a valid YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise ValueError(f"{value!r} is not a valid YYYY-MM-DD date ({e})") from None


def _read(path: Path) -> list[RawActor]:
    text = path.read_text(encoding="utf-8")
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            getattr(loader, "dispose", lambda: None)()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise DataFileError(f"line {line}, field '-': YAML syntax: {getattr(e, 'problem', e)}",
                            source=str(path)) from None
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise DataFileError("line 1, field '-': the file must be a list of actor entries", source=str(path))
    out = []
    for item, inode in zip(data, node.value):
        line = inode.start_mark.line + 1
        if not isinstance(item, dict) or not isinstance(inode, yaml.MappingNode):
            raise DataFileError(f"line {line}, field '-': an entry must be a mapping", source=str(path))
        lines = {k.value: v.start_mark.line + 1 for k, v in inode.value}
        for k, v in inode.value:  # lines of list elements: "aliases_en[2]"
            if isinstance(v, yaml.SequenceNode):
                for i, el in enumerate(v.value):
                    lines[f"{k.value}[{i}]"] = el.start_mark.line + 1
        raw = RawActor(item, path, line, lines)
        _check_entry(raw)
        out.append(raw)
    return out


def _str_list(raw: RawActor, fld: str) -> None:
    val = raw.data.get(fld, [])
    if not isinstance(val, list):
        raise raw.error(fld, "must be a list")
    for i, el in enumerate(val):
        name = el.get("name") if isinstance(el, dict) else el
        if not isinstance(name, str) or not name.strip():
            raise raw.error(fld, f"item {i} must be a non-empty name", raw.lines.get(f"{fld}[{i}]"))
        if isinstance(el, dict):
            bad = set(el) - {"name", "score", "not_followed_by", "case_sensitive"}
            if bad:
                raise raw.error(fld, f"item {i}: unknown key(s) {sorted(bad)}", raw.lines.get(f"{fld}[{i}]"))


def _check_dates(raw: RawActor, fld: str, entry: dict, line: int | None = None) -> None:
    got = {}
    for key in ("valid_from", "valid_until"):
        if entry.get(key) is not None:
            try:
                got[key] = parse_date(entry[key])
            except ValueError as e:
                raise raw.error(fld, f"{key}: {e}", line) from None
    if len(got) == 2 and got["valid_from"] > got["valid_until"]:
        raise raw.error(fld, "valid_from is after valid_until", line)


def _check_entry(raw: RawActor) -> None:
    d = raw.data
    for key in d:
        if key not in _FIELDS:
            raise raw.error(key, f"unknown field (known: {', '.join(sorted(_FIELDS))})")
    for key in _REQUIRED:
        if key not in d:
            raise raw.error(key, "missing required field", raw.line)
    if not isinstance(d["id"], str) or not _ID_RE.match(d["id"]):
        raise raw.error("id", f"{d['id']!r} is not a lower-case-hyphenated id")
    for key in ("name_en", "name_ar"):
        if not isinstance(d[key], str) or not d[key].strip():
            raise raw.error(key, "must be a non-empty string")
    for key in ("aliases_en", "aliases_ar", "metonyms"):
        _str_list(raw, key)
    if d["kind"] not in KINDS:
        raise raw.error("kind", f"{d['kind']!r} is not one of: {', '.join(sorted(KINDS))}")
    if d["country"] is not None and not (isinstance(d["country"], str) and _COUNTRY_RE.match(d["country"])):
        raise raw.error("country", f"{d['country']!r} is not an ISO 3166-1 alpha-2 code (or null)")
    for key in ("parent", "successor"):
        if d.get(key) is not None and not (isinstance(d[key], str) and _ID_RE.match(d[key])):
            raise raw.error(key, f"{d[key]!r} is not an actor id")
    _check_sides(raw)
    _check_dates(raw, "valid_from" if "valid_from" in d else "valid_until", d)
    _check_names(raw)
    for key in ("generic", "person", "pejorative"):
        if key in d and not isinstance(d[key], bool):
            raise raw.error(key, "must be true or false")
    _check_rules(raw)


def _check_sides(raw: RawActor) -> None:
    sides = raw.data.get("sides", {}) or {}
    if not isinstance(sides, dict):
        raise raw.error("sides", "must be a mapping theatre -> side")
    for theatre, side in sides.items():
        if theatre not in THEATRE_SIDES:
            raise raw.error("sides", f"unknown theatre {theatre!r} (known: {', '.join(THEATRE_SIDES)})")
        if side not in THEATRE_SIDES[theatre]:
            raise raw.error("sides", f"{side!r} is not a side of {theatre} "
                                     f"({', '.join(sorted(THEATRE_SIDES[theatre]))})")


def _check_names(raw: RawActor) -> None:
    names = raw.data.get("names", []) or []
    if not isinstance(names, list):
        raise raw.error("names", "must be a list of {name, valid_from, valid_until}")
    for i, n in enumerate(names):
        line = raw.lines.get(f"names[{i}]")
        if not isinstance(n, dict) or not isinstance(n.get("name"), str):
            raise raw.error("names", f"item {i} needs a 'name'", line)
        if set(n) - {"name", "valid_from", "valid_until", "lang"}:
            raise raw.error("names", f"item {i}: unknown key(s) {sorted(set(n) - {'name', 'valid_from', 'valid_until', 'lang'})}", line)
        _check_dates(raw, "names", n, line)


def _check_rules(raw: RawActor) -> None:
    rules = raw.data.get("resolve", []) or []
    if rules and not raw.data.get("generic"):
        raise raw.error("resolve", "only generic entries have resolve rules")
    if raw.data.get("generic") and not rules:
        raise raw.error("generic", "a generic entry needs 'resolve' rules (how context picks the actor)")
    if not isinstance(rules, list):
        raise raw.error("resolve", "must be a list of rules")
    for i, r in enumerate(rules):
        line = raw.lines.get(f"resolve[{i}]")
        if not isinstance(r, dict) or "then" not in r or not isinstance(r.get("when", {}), dict):
            raise raw.error("resolve", f"rule {i} needs 'then' (an actor id or 'nearest') and a 'when' mapping", line)
        bad = set(r.get("when", {}) or {}) - _RULE_KEYS
        if bad or set(r) - {"when", "then", "score"}:
            raise raw.error("resolve", f"rule {i}: unknown key(s) {sorted(bad or set(r) - {'when', 'then', 'score'})}", line)
        for then, key in (("nearest", "near_kind"), ("recent", "recent_kind"), ("main", "main_kind")):
            if r["then"] == then and key not in (r.get("when") or {}):
                raise raw.error("resolve", f"rule {i}: 'then: {then}' needs '{key}'", line)


def load_files(paths: list[Path]) -> list[RawActor]:
    """Reads and checks each file, then checks ids, parents, successors and rule targets across files."""
    entries = [raw for p in paths for raw in _read(p)]
    seen: dict[str, RawActor] = {}
    for raw in entries:
        aid = raw.data["id"]
        if aid in seen:
            first = seen[aid]
            raise raw.error("id", f"duplicate id {aid!r} (first at {first.path.name} line {first.line})")
        seen[aid] = raw
    for raw in entries:
        for key in ("parent", "successor"):
            ref = raw.data.get(key)
            if ref is not None and ref not in seen:
                raise raw.error(key, f"unknown actor {ref!r}")
        for i, r in enumerate(raw.data.get("resolve", []) or []):
            targets = [r["then"]] if r["then"] not in ("nearest", "recent", "main") else []
            when = r.get("when") or {}
            targets += list(when.get("near", []) or []) + list(when.get("not_near", []) or [])
            for t in targets:
                if t not in seen:
                    raise raw.error("resolve", f"rule {i}: unknown actor {t!r}", raw.lines.get(f"resolve[{i}]"))
            for k in [*(when.get("near_kind") or []), *(when.get("recent_kind") or []), *(when.get("main_kind") or [])]:
                if k not in KINDS:
                    raise raw.error("resolve", f"rule {i}: unknown kind {k!r}", raw.lines.get(f"resolve[{i}]"))
    _check_cycles(entries, seen)
    return entries


def _check_cycles(entries: list[RawActor], seen: dict[str, RawActor]) -> None:
    for raw in entries:
        cur, path = raw.data.get("parent"), {raw.data["id"]}
        while cur is not None:
            if cur in path:
                raise raw.error("parent", f"parent chain loops back to {cur!r}")
            path.add(cur)
            cur = seen[cur].data.get("parent")


def load_alignment_sides(path: Path) -> dict[str, dict[str, str]]:
    """alignment -> {theatre: side}: the side an outlet of that alignment speaks for."""
    text = path.read_text(encoding="utf-8")
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise DataFileError(f"line {mark.line + 1 if mark else 0}, field '-': YAML syntax: "
                            f"{getattr(e, 'problem', e)}", source=str(path)) from None
    if not isinstance(data, dict):
        raise DataFileError("line 1, field '-': must map alignment -> {theatre: side}", source=str(path))
    for knode, vnode in node.value:
        where = f"line {vnode.start_mark.line + 1}, field '{knode.value}'"
        sides = data[knode.value]
        if not isinstance(sides, dict):
            raise DataFileError(f"{where}: must be a mapping theatre -> side", source=str(path))
        for theatre, side in sides.items():
            if side not in THEATRE_SIDES.get(theatre, ()):
                raise DataFileError(f"{where}: {theatre!r}: {side!r} is not a side of that theatre", source=str(path))
    return data


_BRANCHES = ("ground", "air")


def load_forces(path: Path, known: set[str]) -> list[tuple[str, str, str]]:
    """(actor id, phrase, language) for every adjective + military noun of `_forces.yaml` (see there).
    Errors name the file, the line and the field; an actor id must exist."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise DataFileError(f"line {mark.line + 1 if mark else 0}, field '-': YAML syntax: "
                            f"{getattr(e, 'problem', e)}", source=str(path)) from None

    def fail(line: int, fld: str, msg: str) -> DataFileError:
        return DataFileError(f"line {line}, field '{fld}': {msg}", source=str(path))

    if not isinstance(data, dict) or not isinstance(data.get("nouns"), dict) or not isinstance(data.get("states"), list):
        raise fail(1, "-", "must map 'nouns' (by branch) and 'states' (a list)")
    lines = {k.value: v for k, v in node.value}

    def words(value: Any, line: int, fld: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise fail(line, fld, "must be a list of words")
        return value

    nouns: dict[str, dict[str, list[str]]] = {}
    for knode, vnode in lines["nouns"].value:
        branch, line = knode.value, knode.start_mark.line + 1
        if branch not in _BRANCHES:
            raise fail(line, "nouns", f"{branch!r} is not a branch ({', '.join(_BRANCHES)})")
        forms = data["nouns"][branch] or {}
        if not isinstance(forms, dict) or set(forms) - {"en", "ar_m", "ar_f"}:
            raise fail(line, f"nouns.{branch}", "must map en / ar_m / ar_f to lists of nouns")
        nouns[branch] = {k: words(forms.get(k), line, f"nouns.{branch}.{k}") for k in ("en", "ar_m", "ar_f")}
    out: list[tuple[str, str, str]] = []
    for snode, state in zip(lines["states"].value, data["states"]):
        line = snode.start_mark.line + 1
        if not isinstance(state, dict) or set(state) - {"en", "ar_m", "ar_f", *_BRANCHES}:
            raise fail(line, "states", "each state maps en / ar_m / ar_f adjectives and ground / air actor ids")
        adj = {k: words(state.get(k), line, f"states.{k}") for k in ("en", "ar_m", "ar_f")}
        for branch in _BRANCHES:
            aid = state.get(branch)
            if aid is None:
                continue
            if aid not in known:
                raise fail(line, f"states.{branch}", f"unknown actor {aid!r}")
            forms = nouns.get(branch, {})
            out += [(aid, f"{a} {n}", "en") for a in adj["en"] for n in forms.get("en", [])]
            out += [(aid, f"{n} {a}", "ar") for g in ("ar_m", "ar_f") for a in adj[g] for n in forms.get(g, [])]
    return out
