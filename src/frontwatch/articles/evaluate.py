"""Scoring the articles stage on a page with gold lines: run, export JSON lines, check the floors."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from frontwatch.articles.cli import export_row, read_document
from frontwatch.articles.document import split_document
from frontwatch.articles.links import link_articles

__all__ = ["load_scorer", "export_page", "score_page", "floor_failures", "FIELDS"]

FIELDS = ("title", "outlet", "author", "translator", "published", "language", "translation_of")


def load_scorer(score_py: Path) -> ModuleType:
    """The reference scorer (a standalone script) imported from its path."""
    spec = importlib.util.spec_from_file_location("frontwatch_reference_score", score_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export_page(page: Path, out: Path) -> None:
    """Splits and links the page's articles and writes them in the articles export format."""
    articles = split_document(read_document(page))
    link_articles(articles)
    out.write_text("".join(json.dumps(export_row(a), ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")


def score_page(scorer: ModuleType, page: Path, gold: Path, out: Path, scored_text: Path | None = None) -> dict:
    """Scores `page` against `gold`; for HTML, gold lines refer to `scored_text` (its visible text)."""
    export_page(page, out)
    return scorer.score_articles(str(scored_text or page), str(gold), str(out))


def floor_failures(result: dict, segmentation_f1: float = 0.95, field_share: float = 0.9) -> list[str]:
    """What misses the issue's floors: segmentation F1, each field on >= 90% of the articles that
    carry it, no boilerplate line leaking, every translation pair linked. Empty when all pass."""
    out = []
    seg = result["segmentation"]
    if seg["f1"] < segmentation_f1:
        out.append(f"segmentation F1 {seg['f1']} (unmatched gold {result['unmatched_gold']})")
    for name in FIELDS:
        f = result["fields"][name]
        if f["of"] and f["correct"] / f["of"] < field_share:
            out.append(f"{name} right on {f['correct']}/{f['of']}")
    if result["boilerplate_removed"]["leaked_lines"]:
        out.append(f"boilerplate leaked: lines {result['boilerplate_removed']['leaked_lines']}")
    links = result["fields"]["translation_of"]
    if links["correct"] != links["of"]:
        out.append(f"translation links {links['correct']}/{links['of']}")
    return out
