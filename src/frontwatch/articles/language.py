"""Language identification of article text: the majority script first, then py3langid restricted to
the languages of the region written in that script (so a quoted line cannot flip an article)."""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language", "LANGUAGES"]

LANGUAGES = ("en", "ar", "fr", "de", "es", "it", "ru", "tr", "fa", "ku", "he", "ur", "nl", "pt")
_BY_SCRIPT = {
    "arabic": ("ar", "fa", "ur", "ku"),
    "latin": ("en", "fr", "de", "es", "it", "tr", "ku", "nl", "pt"),
    "other": LANGUAGES,
}
_SCRIPTS = {
    "arabic": re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"),
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F]"),
}
_SAMPLE = 5000


@lru_cache(maxsize=4)
def _identifier(script: str):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(_BY_SCRIPT[script]))
    return ident


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it has no letters."""
    sample = text[:_SAMPLE]
    letters = sum(c.isalpha() for c in sample)
    if not letters:
        return None
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS.items()}
    script = max(counts, key=counts.get)
    if counts[script] < 0.5 * letters:
        script = "other"
    if script != "other":  # classify the majority script's lines only
        lines = [ln for ln in sample.splitlines() if _SCRIPTS[script].search(ln)]
        sample = "\n".join(ln for ln in lines if len(_SCRIPTS[script].findall(ln)) >= 0.5 * sum(c.isalpha() for c in ln)) or sample
    return _identifier(script).classify(sample)[0]
