"""Sentence splitting with character offsets into the article text (English: spaCy; Arabic: punctuation)."""
from __future__ import annotations

import re

from frontwatch.models import Article, Sentence

_AR_SPLIT = re.compile(r"[^.!?؟;؛\n]+[.!?؟;؛]*")


def split_sentences(article: Article, nlp=None) -> list[Sentence]:
    """Sentences of `article` with offsets into `article.text`; newline-separated blocks never merge."""
    if (article.language or "en") == "ar":
        return _split_arabic(article)
    return [Sentence(article.article_id, i, a, b, article.text[a:b])
            for i, (a, b) in enumerate(english_spans(article.text, nlp))]


def english_spans(text: str, nlp=None) -> list[tuple[int, int]]:
    """(start, end) of each English sentence, from the parser's sentence boundaries per block."""
    from frontwatch.nlp.pipeline import parse_blocks

    out = []
    for base, doc in parse_blocks(text, nlp):
        for s in doc.sents:
            if s.text.strip():
                out.append((base + s.start_char, base + s.end_char))
    return out


def _split_arabic(article: Article) -> list[Sentence]:
    try:
        from frontwatch.nlp.arabic import split_sentences_ar
    except ImportError:
        split_sentences_ar = None
    if split_sentences_ar is not None:
        return split_sentences_ar(article.text, article.article_id)
    out = []
    for m in _AR_SPLIT.finditer(article.text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            a = m.start() + lead
            out.append(Sentence(article.article_id, len(out), a, a + len(body), body))
    return out
