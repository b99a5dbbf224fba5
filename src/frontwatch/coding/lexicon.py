"""English trigger lexicons (data/lexicon/en/*.yaml), validated at load with file, line and field."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from frontwatch.coding.ontology import plover_types
from frontwatch.errors import DataFileError

ROLES = frozenset({"place", "target", "lost_by", "source", "actor", "partner", "none", "place_or_target"})
OBJECTS = frozenset({"place", "target", "place_or_target", "lost_by", "none"})
STATUSES = frozenset({"captured", "contested", "lost"})
_KEYS = frozenset({"id", "type", "verbs", "nouns", "particle", "mode", "control", "object", "object_actor_mode",
                   "with_noun", "preps", "requires", "dyadic", "transfer", "political"})


@dataclass
class Trigger:
    """One rule: lemmas that signal an event type/mode, and where its roles sit in the parse."""

    id: str
    type: str
    mode: str | None
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    control: str | None = None
    object: str = "none"
    object_actor_mode: str | None = None
    with_noun: frozenset[str] = frozenset()
    preps: dict[str, str] = field(default_factory=dict)
    requires: str | None = None
    dyadic: bool = False
    transfer: bool = False  # a handover: the place goes to the 'to' party without a fight
    political: bool = False  # a party must be no armed force
    where: str = ""


@dataclass
class Lexicon:
    verbs: dict[str, list[Trigger]]
    nouns: dict[str, list[Trigger]]
    instruments: dict[str, str]
    place_nouns: frozenset[str]
    actor_nouns: frozenset[str]
    anaphoric_place: frozenset[str]


def _err(fname: str, line: int, msg: str) -> DataFileError:
    return DataFileError(f"line {line}: {msg}", source=f"lexicon/en/{fname}")


def _lines(root: yaml.Node) -> list[int]:
    """Line of each item of the top-level `triggers` sequence."""
    for k, v in getattr(root, "value", []):
        if getattr(k, "value", None) == "triggers" and isinstance(v, yaml.SequenceNode):
            return [n.start_mark.line + 1 for n in v.value]
    return []


def _trigger(raw: dict, default_type: str, fname: str, line: int) -> Trigger:
    unknown = set(raw) - _KEYS
    if unknown:
        raise _err(fname, line, f"unknown field(s) {sorted(unknown)}")
    if "id" not in raw or not (raw.get("verbs") or raw.get("nouns")):
        raise _err(fname, line, "field id and at least one of verbs/nouns are required")
    ttype = raw.get("type", default_type)
    mode = raw.get("mode")
    types = plover_types()
    if ttype not in types or (mode is not None and mode not in types[ttype]["modes"]):
        raise _err(fname, line, f"field type/mode {ttype}/{mode} is not in plover.yaml")
    preps = raw.get("preps") or {}
    if not isinstance(preps, dict) or not all(isinstance(k, str) for k in preps):
        raise _err(fname, line, "field preps keys must be strings (quote \"on\", \"off\", \"yes\", \"no\")")
    bad = {p: r for p, r in preps.items() if r not in ROLES}
    if bad:
        raise _err(fname, line, f"field preps has unknown roles {bad}")
    if raw.get("object", "none") not in OBJECTS:
        raise _err(fname, line, f"field object must be one of {sorted(OBJECTS)}")
    if raw.get("control") is not None and raw["control"] not in STATUSES:
        raise _err(fname, line, f"field control must be one of {sorted(STATUSES)}")
    as_set = lambda k: frozenset(str(x).lower() for x in (raw.get(k) or []))  # noqa: E731
    return Trigger(id=raw["id"], type=ttype, mode=mode, verbs=as_set("verbs"), nouns=as_set("nouns"),
                   particle=as_set("particle"), control=raw.get("control"), object=raw.get("object", "none"),
                   object_actor_mode=raw.get("object_actor_mode"), with_noun=as_set("with_noun"),
                   preps=dict(preps), requires=raw.get("requires"), dyadic=bool(raw.get("dyadic")),
                   transfer=bool(raw.get("transfer")), political=bool(raw.get("political")),
                   where=f"lexicon/en/{fname}:{line}")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """All English trigger files, indexed by lemma; more specific rules (particle, noun) first."""
    base = resources.files("frontwatch.data").joinpath("lexicon").joinpath("en")
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    instruments: dict[str, str] = {}
    nounlists: dict[str, list[str]] = {}
    for entry in sorted(base.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        text = entry.read_text(encoding="utf-8")
        try:
            root, data = yaml.compose(text), yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise DataFileError(f"not valid YAML: {e}", source=f"lexicon/en/{entry.name}") from e
        if entry.name == "nouns.yaml":
            nounlists = data
            continue
        lines = _lines(root)
        for i, raw in enumerate(data.get("triggers") or []):
            trig = _trigger(raw, data.get("type"), entry.name, lines[i] if i < len(lines) else 0)
            for v in trig.verbs:
                verbs.setdefault(v, []).append(trig)
            for n in trig.nouns:
                nouns.setdefault(n, []).append(trig)
        instruments.update(data.get("instruments") or {})
    for table in (verbs, nouns):
        for lst in table.values():
            lst.sort(key=lambda t: (not t.with_noun, not t.particle))
    for key in ("place", "actor", "anaphoric_place"):
        if not isinstance(nounlists.get(key), list):
            raise DataFileError(f"field {key} must be a list", source="lexicon/en/nouns.yaml")
    return Lexicon(verbs, nouns, instruments, frozenset(nounlists["place"]), frozenset(nounlists["actor"]),
                   frozenset(nounlists["anaphoric_place"]))
