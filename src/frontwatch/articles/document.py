"""Document -> Article[]: text or HTML extraction, compilation splitting, attribution, fallbacks.

Offsets: `Article.start`/`end` index the document's text for plain-text documents. For HTML they
index the *extracted text* that `extract_text(doc)` returns (the article blocks' visible lines,
one line a block element, blocks separated by a blank line), which is what the articles are cut from.
"""
from __future__ import annotations

import re

from frontwatch.articles.dates import url_date
from frontwatch.articles.html import Block, html_blocks, page_metadata
from frontwatch.articles.language import detect_language
from frontwatch.articles.lines import _cut_name
from frontwatch.articles.links import translation_pairs
from frontwatch.articles.outlets import default_registry
from frontwatch.articles.phrases import default_phrases
from frontwatch.articles.split import Draft, split_text
from frontwatch.errors import InputError
from frontwatch.models import Article, Document

__all__ = ["split_document", "extract_text"]

_BLOCK_SEP = "\n\n\n"
_ISO_DAY = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")  # markup dates are taken only so


def _blocks(doc: Document) -> list[Block]:
    if doc.content_type == "html":
        return [b for b in html_blocks(doc.text) if b.text.strip()]
    return [Block(text=doc.text)]


def extract_text(doc: Document) -> str:
    """The text that the document's article offsets index (the document text itself for "text")."""
    return _BLOCK_SEP.join(b.text for b in _blocks(doc)) if doc.content_type == "html" else doc.text


def _without_post_title(drafts: list[Draft], block: Block) -> list[Draft]:
    """A post whose text holds several articles: its own heading (the entry title) opens the first
    one's lines but is the compilation's title, not that article's, so it is dropped as page furniture."""
    if len(drafts) >= 2 and block.title and len(drafts[0].lines) > 1:
        first = drafts[0]
        if first.lines[0].text == block.title and first.title != block.title:
            first.dropped.insert(0, first.lines.pop(0))
    return drafts


def _article(doc: Document, index: int, d: Draft, base: int) -> Article:
    registry = default_registry()
    outlet = d.outlet_ref or (registry.lookup(name=d.outlet) if d.outlet else None)
    return Article(
        article_id=f"{doc.doc_id[:12]}-{index:02d}", document=doc.doc_id, index=index, text=d.text,
        title=d.title, outlet=outlet.name if outlet else d.outlet, outlet_id=outlet.id if outlet else None,
        author=d.author, translator=d.translator, published=d.published,
        published_source=d.published_from if d.published else None, language=detect_language(d.text),
        start=base + d.start, end=base + d.end, url=doc.url, boilerplate=[ln.text for ln in d.dropped])


def _block_metadata(art: Article, block: Block, only: bool, header: list[str]) -> None:
    """Markup of an article block (<time datetime>, rel=author, entry-title) fills what its text lacked;
    the block's own heading is the title of the one article it holds (text heuristics may take a
    byline or a caption beside it for the headline)."""
    if only and block.title and block.title in header:
        art.title = block.title
    if art.published is None and block.published and _ISO_DAY.match(block.published):
        art.published, art.published_source = block.published[:10], "article"
    if art.author is None and block.author:
        art.author = _cut_name(block.author.removeprefix("By ").removeprefix("by "), default_phrases()) or None
    if art.title is None and block.title:
        art.title = block.title


def _complete_pairs(articles: list[Article], drafts: dict[int, Draft]) -> None:
    """A translation and its original share the author; an "originally appeared in <language> at
    <outlet>" note or a "Source: <outlet>" line on the translation names the original's outlet."""
    for translation, original in translation_pairs(articles):
        draft = drafts[id(translation)]
        origin = draft.origin
        if origin and origin[1] and original.outlet is None and origin[0] in (None, original.language):
            original.outlet, original.outlet_id = origin[1].name, origin[1].id
        source = next((ln.outlet for ln in draft.lines if ln.kind == "source" and ln.outlet), None)
        if source is not None and original.outlet is None:  # "Source: X" under a translation: X printed it
            original.outlet, original.outlet_id = source.name, source.id
        original.author = original.author or translation.author
        translation.author = translation.author or original.author


def _page_fallbacks(doc: Document, articles: list[Article]) -> None:
    needed = any(a.published is None for a in articles) or (
        len(articles) == 1 and None in (articles[0].title, articles[0].author, articles[0].outlet))
    meta = page_metadata(doc.text, doc.url) if doc.content_type == "html" and needed else {}
    if len(articles) == 1 and meta:
        art = articles[0]
        art.title = art.title or meta.get("title")
        art.author = art.author or meta.get("author")
    if len(articles) == 1 and articles[0].outlet is None:
        site = meta.get("sitename")
        registry = default_registry()
        hit = (site and (registry.lookup(name=site) or registry.lookup(domain=site))) or (
            doc.url and registry.lookup(domain=doc.url))
        art = articles[0]
        art.outlet, art.outlet_id = (hit.name, hit.id) if hit else (site or None, None)
    fallback = [(meta.get("date"), "page"), (url_date(doc.url), "url")]
    for art in articles:
        if art.published is None:
            for value, source in fallback:
                if value and _ISO_DAY.match(str(value)):
                    art.published, art.published_source = str(value)[:10], source
                    break


def split_document(doc: Document) -> list[Article]:
    """The articles of one document, in page order. Raises InputError when it holds no text."""
    articles: list[Article] = []
    drafts: dict[int, Draft] = {}
    base = 0
    for block in _blocks(doc):
        first = len(articles)
        found = _without_post_title(split_text(block.text), block)
        for d in found:
            art = _article(doc, len(articles), d, base)
            drafts[id(art)] = d
            articles.append(art)
        if doc.content_type == "html" and len(articles) > first:
            header = [ln.text for ln in found[0].lines if ln.kind != "para"][:8]
            _block_metadata(articles[first], block, len(found) == 1, header)
        base += len(block.text) + len(_BLOCK_SEP)
    if not articles:
        raise InputError("the document holds no text to split into articles", source=doc.source)
    _complete_pairs(articles, drafts)
    _page_fallbacks(doc, articles)
    return articles
