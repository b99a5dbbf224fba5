"""Language identification of article text (py3langid, restricted to the languages of the region)."""
from __future__ import annotations

from functools import lru_cache

from frontwatch.articles.lines import script_of

__all__ = ["detect_language", "LANGUAGES"]

# Languages a page about the region is written in; a closed set keeps short texts from odd guesses.
LANGUAGES = ("en", "ar", "fr", "de", "es", "it", "ru", "tr", "fa", "ku", "he", "ur", "nl", "pt")
_SAMPLE = 5000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it has no letters."""
    sample = text[:_SAMPLE]
    script = script_of(sample)
    if script == "none":
        return None
    lang, _ = _identifier().classify(sample)
    if script == "ar" and lang not in ("ar", "fa", "ur", "ku"):
        return "ar"
    if script == "latin" and lang in ("ar", "fa", "ur", "he"):
        return "en"
    return lang
