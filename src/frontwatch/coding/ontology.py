"""PLOVER v2.0 event types and modes, and their nearest ACLED event type / sub-event type."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from frontwatch.errors import DataFileError

_FILE = "plover.yaml"

# ACLED's territory sub-events, chosen at coding time from who gains the ground.
GOVERNMENT_REGAINS = ("Battles", "Government regains territory")
NON_STATE_OVERTAKES = ("Battles", "Non-state actor overtakes territory")
NON_VIOLENT_TRANSFER = ("Strategic developments", "Non-violent transfer of territory")


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _acled(value: Any, where: str, line: int) -> tuple[str | None, str | None]:
    if (not isinstance(value, list) or len(value) != 2
            or not all(v is None or isinstance(v, str) for v in value)):
        raise DataFileError(f"line {line}: field {where}.acled must be [event_type, sub_event_type]",
                            source=_FILE)
    return value[0], value[1]


def _validate(data: Any, root: yaml.Node) -> dict[str, dict]:
    if not isinstance(data, dict):
        raise DataFileError("line 1: top level must be a mapping of PLOVER types", source=_FILE)
    lines = {k.value: _line_of(k) for k, _ in root.value} if isinstance(root, yaml.MappingNode) else {}
    out: dict[str, dict] = {}
    for name, body in data.items():
        line = lines.get(name, 0)
        if not isinstance(name, str) or name != name.upper():
            raise DataFileError(f"line {line}: type name {name!r} must be upper case", source=_FILE)
        if not isinstance(body, dict) or "acled" not in body:
            raise DataFileError(f"line {line}: field {name}.acled is missing", source=_FILE)
        modes = body.get("modes") or {}
        if not isinstance(modes, dict):
            raise DataFileError(f"line {line}: field {name}.modes must be a mapping", source=_FILE)
        type_acled = _acled(body["acled"], name, line)
        for m, v in modes.items():
            extra = set(v or {}) - {"description", "acled"}
            if extra:
                raise DataFileError(f"line {line}: field {name}.{m} has unknown keys {sorted(map(str, extra))} "
                                    "(quote descriptions that contain commas)", source=_FILE)
        out[name] = {
            "description": body.get("description", ""),
            "acled": type_acled,
            "modes": {m: {"description": (v or {}).get("description", ""),
                          "acled": _acled(v["acled"], f"{name}.{m}", line) if v and "acled" in v
                          else type_acled}
                      for m, v in modes.items()},
        }
    return out


@lru_cache(maxsize=1)
def plover_types() -> dict[str, dict]:
    """{TYPE: {description, acled: (type, sub_type), modes: {mode: {description, acled}}}}."""
    text = resources.files("frontwatch.data").joinpath(_FILE).read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DataFileError(f"not valid YAML: {e}", source=_FILE) from e
    return _validate(data, root)


def is_type(type_: str, mode: str | None = None) -> bool:
    """True when `type_` (and `mode`, if given) are in the ontology."""
    t = plover_types().get((type_ or "").upper())
    return t is not None and (mode is None or mode in t["modes"])


def acled_for(type_: str, mode: str | None = None) -> tuple[str | None, str | None]:
    """Nearest ACLED (event type, sub-event type) for a PLOVER type and mode; (None, None) if unknown."""
    t = plover_types().get((type_ or "").upper())
    if t is None:
        return None, None
    if mode and mode in t["modes"]:
        return t["modes"][mode]["acled"]
    return t["acled"]


def acled_for_control(status: str, gainer_is_state: bool | None, fought: bool = True
                      ) -> tuple[str, str] | None:
    """ACLED territory sub-event for a control change: who gained it and whether it was fought for."""
    if status != "captured":
        return None
    if not fought:
        return NON_VIOLENT_TRANSFER
    if gainer_is_state is None:
        return None
    return GOVERNMENT_REGAINS if gainer_is_state else NON_STATE_OVERTAKES
