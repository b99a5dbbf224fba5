"""Event coding: sentences -> typed EventMentions (PLOVER + ACLED), per language."""
from __future__ import annotations

from frontwatch.models import Article, EventMention, Sentence

__all__ = ["code_article", "code_sentence"]


def code_article(article: Article, sentences: list[Sentence] | None = None, *,
                 page_articles: list[Article] | None = None, nlp=None) -> list[EventMention]:
    """Event mentions of one article: English by parse rules, Arabic by the Arabic coder, else none."""
    lang = (article.language or "").lower()[:2]
    if lang == "en":
        from frontwatch.coding.english import code_english_article
        return code_english_article(article, sentences, page_articles=page_articles, nlp=nlp)
    if lang == "ar":
        try:
            from frontwatch.coding.arabic import code_article_ar
        except ImportError:
            return []
        return code_article_ar(article, sentences, page_articles=page_articles)
    return []


def code_sentence(text: str, *, date: str | None = None, lang: str = "en", nlp=None) -> list[EventMention]:
    """Event mentions of one sentence; each carries the rule that fired in `EventMention.rule`."""
    if lang == "en":
        from frontwatch.coding.english import code_english_sentence
        return code_english_sentence(text, date=date, nlp=nlp)
    art = Article(article_id="sentence", document="", index=0, text=text, published=date, language=lang)
    return code_article(art, page_articles=None, nlp=nlp)
