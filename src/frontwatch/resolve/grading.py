"""NATO/Admiralty-style grades: source reliability A-F and information credibility 1-6 ("B2").

Reliability is the best letter among the outlets that support the event (registry value, or the
user's override by outlet id or name; an outlet nobody graded is F, "cannot be judged").
Credibility comes from independent corroboration and contradiction (docs/grading.md):

  1 confirmed       reported plainly, >= 2 independent sources, not contradicted
  2 probably true   reported plainly by 1 independent source, not contradicted
  3 possibly true   only claimed by a party, not contradicted; or contradicted but reported
                    plainly by more independent sources than deny it
  4 doubtful        contradicted, and support does not outweigh the denial
  5 improbable      denied by more independent sources than support it
  6 cannot be judged  hypothetical, or no source at all
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from frontwatch.articles.datafile import fail, key_line, load_yaml
from frontwatch.models import Article, Event
from frontwatch.resolve.compat import name_key
from frontwatch.resolve.corroboration import (OutletLookup, Source, corroborate,
                                              independent_groups, sources_for)
from frontwatch.resolve.merge import denial_keys, ref_key

RELIABILITY = "ABCDEF"


def _letter(value: object) -> str | None:
    s = str(value or "").strip().upper()[:1]
    return s if s and s in RELIABILITY else None


RELIABILITY_ENV = "FRONTWATCH_RELIABILITY"


def load_reliability(path: str | Path) -> dict[str, str]:
    """The user's reliability letters from a YAML or JSON file of `outlet: letter` lines (outlet id or
    name as the registry spells it). A letter outside A-F, or a file that is no such mapping, is refused
    naming the file, the line and the outlet."""
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise fail(path, None, "outlet", f"expected lines 'outlet: letter', got a {type(data).__name__}")
    out = {}
    for outlet, letter in data.items():
        if outlet in ("__line__", "__lines__"):  # load_yaml's line bookkeeping
            continue
        if _letter(letter) is None or len(str(letter).strip()) != 1:
            raise fail(path, key_line(data, outlet), str(outlet), f"reliability must be one letter A-F, got {letter!r}")
        out[str(outlet)] = str(letter).strip().upper()
    return out


def user_reliability() -> dict[str, str] | None:
    """Overrides from the file named by FRONTWATCH_RELIABILITY, if set."""
    path = os.environ.get(RELIABILITY_ENV)
    return load_reliability(path) if path else None


def reliability_of(src: Source, override: Mapping[str, str] | None = None) -> str:
    """The letter for one source: override (by key, id, name or folded name), registry, else F."""
    if override:
        info_id = getattr(src.info, "id", None)
        for label in (src.key, info_id, src.name, name_key(src.name or "")):
            if label and label in override:
                return _letter(override[label]) or "F"
        folded = {name_key(k): v for k, v in override.items()}
        if src.name and name_key(src.name) in folded:
            return _letter(folded[name_key(src.name)]) or "F"
    return _letter(getattr(src.info, "reliability", None)) or "F"


def credibility(ev: Event, support: int, against: int) -> int:
    if ev.certainty == "hypothetical" or support == 0:
        return 6
    if against:
        if against > support:
            return 5
        return 3 if ev.certainty == "reported" and support > against else 4
    if ev.certainty == "claimed":
        return 3
    return 1 if support >= 2 else 2


def grade_event(ev: Event, articles: Mapping[str, Article], lookup: OutletLookup,
                override: Mapping[str, str] | None = None) -> str:
    """Count sources, then set and return `ev.grade` (also sets sources/independent_sources)."""
    denials = denial_keys(ev)
    srcs, support = corroborate(ev, articles, lookup, exclude=denials)
    deny_refs = [r for r in ev.mentions if ref_key(r) in denials]
    against = len(independent_groups(sources_for(deny_refs, articles, lookup))) if deny_refs else 0
    letter = min((reliability_of(s, override) for s in srcs), default="F")
    ev.grade = f"{letter}{credibility(ev, support, against)}"
    return ev.grade
