"""Page-signal phrase lists (boilerplate, bylines, months, fillers) loaded from a data file."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from frontwatch.articles.datafile import data_path, fail, key_line, load_yaml, string_list
from frontwatch.nlp.normalize import fold

__all__ = ["Phrases", "default_phrases", "load_phrases"]

_LIST_KEYS = ("related", "end", "drop", "byline_author", "byline_translator", "byline_source", "byline_credit", "byline_staff",
              "name_stop", "origin_cue", "intro_cue", "outlet_filler", "date_filler", "function_words")


@dataclass(frozen=True, eq=False)
class Phrases:
    """Every phrase is stored folded (case, diacritics, punctuation), longest first."""

    related: tuple[str, ...]
    end: tuple[str, ...]
    drop: tuple[str, ...]
    byline_author: tuple[str, ...]
    byline_translator: tuple[str, ...]
    byline_source: tuple[str, ...]
    byline_credit: tuple[str, ...]
    byline_staff: frozenset[str]
    name_stop: tuple[str, ...]
    origin_cue: tuple[str, ...]
    intro_cue: tuple[str, ...]
    outlet_filler: frozenset[str]
    date_filler: frozenset[str]
    function_words: frozenset[str]
    months: dict[str, int]  # folded month name -> 1..12
    languages: dict[str, str]  # folded language name -> ISO 639-1


def _folded(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted({fold(x) for x in items if fold(x)}, key=len, reverse=True))


def load_phrases(path: str | Path) -> Phrases:
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise fail(path, None, "(top)", "must be a mapping of phrase lists")
    lists = {}
    for key in _LIST_KEYS:
        if key not in data:
            raise fail(path, None, key, "is missing")
        lists[key] = _folded(string_list(data[key], path, key_line(data, key), key))
    month_map = data.get("months")
    if not isinstance(month_map, dict):
        raise fail(path, key_line(data, "months"), "months", "must map month numbers 1-12 to names")
    months: dict[str, int] = {}
    for num, names in month_map.items():
        if num in ("__line__", "__lines__"):
            continue
        if not isinstance(num, int) or not 1 <= num <= 12:
            raise fail(path, key_line(month_map, num), "months", f"{num!r} is not a month number 1-12")
        for name in string_list(names, path, key_line(month_map, num), f"months.{num}"):
            months[fold(name)] = num
    if len(set(months.values())) != 12:
        raise fail(path, key_line(data, "months"), "months", "all twelve months need names")
    languages = {fold(k): str(v) for k, v in (data.get("languages") or {}).items() if k not in ("__line__", "__lines__")}
    return Phrases(**{k: v for k, v in lists.items() if k not in ("outlet_filler", "date_filler", "function_words", "byline_staff")},
                   byline_staff=frozenset(lists["byline_staff"]),
                   outlet_filler=frozenset(lists["outlet_filler"]), date_filler=frozenset(lists["date_filler"]),
                   function_words=frozenset(lists["function_words"]),
                   months=months, languages=languages)


@lru_cache(maxsize=1)
def default_phrases() -> Phrases:
    return load_phrases(data_path("articles_phrases.yaml"))
