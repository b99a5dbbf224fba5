"""Texts that were not issued (struck from a draft, cancelled, proposed): their quotations report no event."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from frontwatch.errors import DataFileError
from frontwatch.models import EventMention

SOURCE = "lexicon/unissued.yaml"
QUOTES = "\"“”«»„"
WINDOW = 3  # sentences after the one that says the text was not issued


@lru_cache(maxsize=None)
def patterns(lang: str) -> tuple[re.Pattern, ...]:
    """The compiled patterns of one language, validated at load."""
    raw = yaml.safe_load(resources.files("frontwatch.data").joinpath(SOURCE).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise DataFileError("the file must map languages to lists of patterns", source=SOURCE)
    out = []
    for i, p in enumerate(raw.get(lang) or []):
        try:
            out.append(re.compile(p, re.I))
        except (re.error, TypeError) as e:
            raise DataFileError(f"{lang}[{i}]: not a regular expression: {e}", source=SOURCE) from e
    return tuple(out)


def says_unissued(text: str, lang: str) -> bool:
    """Whether a sentence says some text was not issued ('three sentences were struck from the statement')."""
    if lang == "ar":
        from frontwatch.nlp.arabic import normalize_ar
        text = normalize_ar(text)
    return any(p.search(text) for p in patterns(lang))


def quoted_at(text: str, pos: int) -> bool:
    """Whether character `pos` of a sentence lies inside a quotation (an odd number of quote marks before it)."""
    return 0 <= pos <= len(text) and sum(text[:pos].count(q) for q in QUOTES) % 2 == 1


def unissued(ev: EventMention, pos: int) -> None:
    """Mark an event quoted from a text that was not issued as hypothetical, saying why."""
    ev.certainty, ev.claimed_by = "hypothetical", None
    ev.control = None
    ev.rule = f"{ev.rule}; quoted from a text that was not issued -> hypothetical @q{pos}"


class Tracker:
    """Follows an article sentence by sentence: after a sentence saying a text was not issued, events
    whose trigger lies inside quotation marks (in that sentence or the next few) become hypothetical."""

    def __init__(self, lang: str):
        self.lang, self.until = lang, -1

    def apply(self, index: int, text: str, events: list[EventMention], trigger_pos) -> None:
        """`trigger_pos(ev)` gives the trigger's offset in `text`, or None when unknown."""
        if says_unissued(text, self.lang):
            self.until = index + WINDOW
        if index > self.until:
            return
        for ev in events:
            pos = trigger_pos(ev)
            if pos is not None and quoted_at(text, pos):
                unissued(ev, pos)
