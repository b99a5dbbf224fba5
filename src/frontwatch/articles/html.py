"""HTML pages -> plain text: article blocks (<article>, WordPress entries) as visible lines, else
trafilatura's main text; page metadata (title, author, date, site) from trafilatura and htmldate."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

__all__ = ["Block", "html_blocks", "looks_like_html", "page_metadata"]

_SKIP = {"script", "style", "noscript", "nav", "form", "iframe", "svg", "button", "select", "template",
         "head", "input", "textarea"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figcaption",
          "figure", "header", "footer", "section", "article", "main", "aside", "tr", "table", "pre", "dd",
          "dt", "dl", "address", "hr", "br", "body", "td", "th"}
_ENTRY_XPATH = ("//article | //*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')]"
                " | //*[contains(concat(' ', normalize-space(@class), ' '), ' type-post ')]")
_HTML_START = re.compile(r"^\s*(?:\ufeff)?\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


@dataclass
class Block:
    """One article block of a page: its visible text lines and what its markup says."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    meta: dict = field(default_factory=dict)


def looks_like_html(text: str) -> bool:
    head = text[:4000]
    return bool(_HTML_START.match(head)) or bool(re.search(r"<(html|body|article|p|div)[\s>]", head, re.I))


_WIDGET_CLASS = {"share", "sharing", "social", "tags", "tag", "cookie", "cookies", "newsletter", "breadcrumb",
                 "breadcrumbs"}


def _widget(e) -> bool:
    """Sharing buttons, tag lists, cookie notices: page widgets by their class, not article text."""
    tokens = re.split(r"[\s_-]+", (e.get("class") or "").lower())
    return any(t in _WIDGET_CLASS for t in tokens)


def _visible_lines(el) -> list[str]:
    parts: list[str] = []

    def walk(e) -> None:
        tag = e.tag if isinstance(e.tag, str) else None
        if tag is None or tag.lower() in _SKIP or _widget(e):
            if e.tail:
                parts.append(e.tail)
            return
        block = tag.lower() in _BLOCK
        if block:
            parts.append("\n")
        if e.text:
            parts.append(e.text)
        for child in e:
            walk(child)
        if block:
            parts.append("\n")
        if e.tail:
            parts.append(e.tail)

    walk(el)
    return [" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip()]


def _first(el, xpath: str) -> str | None:
    hits = el.xpath(xpath)
    if not hits:
        return None
    hit = hits[0]
    value = hit if isinstance(hit, str) else " ".join(hit.text_content().split())
    return value.strip() or None


def _block(el) -> Block:
    return Block(
        text="\n\n".join(_visible_lines(el)),
        title=_first(el, ".//*[contains(@class,'entry-title')] | .//h1 | .//h2"),
        author=_first(el, ".//*[@rel='author'] | .//*[contains(@class,'author')]"),
        published=_first(el, ".//time/@datetime | .//*[@itemprop='datePublished']/@content"),
    )


def _outermost(elements: list) -> list:
    chosen = set(elements)
    out = []
    for e in elements:
        if not any(a in chosen for a in e.iterancestors()):
            out.append(e)
    return out


def html_blocks(html: str) -> list[Block]:
    """Article blocks of the page: one per <article>/WordPress entry when the page has several (or
    one), else the page's main text as one block. Never raises on bad markup."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return [Block(text="\n\n".join(" ".join(x.split()) for x in re.sub(r"<[^>]+>", "\n", html).split("\n") if x.strip()))]
    entries = _outermost(root.xpath(_ENTRY_XPATH))
    if entries:
        return [_block(e) for e in entries]
    main = _main_text(html)
    if main:
        return [Block(text=main)]
    body = root.find("body")
    return [Block(text="\n\n".join(_visible_lines(body if body is not None else root)))]


def _main_text(html: str) -> str | None:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text:
        return None
    return "\n\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def page_metadata(html: str, url: str | None = None) -> dict:
    """title, author, date (YYYY-MM-DD), sitename of the page, when trafilatura/htmldate find them."""
    import trafilatura

    out: dict = {}
    try:
        meta = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    except Exception:  # noqa: BLE001 - metadata is optional; a page it cannot read simply has none
        meta = None
    if meta is not None:
        out = {k: getattr(meta, k, None) for k in ("title", "author", "date", "sitename")}
    if not out.get("date"):
        try:
            from htmldate import find_date

            out["date"] = find_date(html, url=url, original_date=True, extensive_search=False)
        except Exception:  # noqa: BLE001 - same: no date is a valid answer
            out["date"] = None
    return out
