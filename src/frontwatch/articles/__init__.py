"""Articles stage: Document -> Article[] (compilation splitting, attribution, boilerplate, links)."""
from __future__ import annotations

from frontwatch.articles.document import extract_text, split_document
from frontwatch.articles.links import link_articles

__all__ = ["split_document", "link_articles", "extract_text"]
