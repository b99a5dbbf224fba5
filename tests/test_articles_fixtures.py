"""Evaluation gate on the team's own compilation pages (tests/fixtures/compilations), same scorer."""
from __future__ import annotations

from pathlib import Path

import pytest

from frontwatch.articles.evaluate import floor_failures, load_scorer, score_page

FIXTURES = Path(__file__).parent / "fixtures" / "compilations"
PAGES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html") and ".visible." not in p.name)


def test_there_are_enough_pages_of_each_kind():
    assert len(PAGES) >= 6
    assert {p.suffix for p in PAGES} == {".txt", ".html"}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_fixture_page_meets_the_floors(page, shared_dir, tmp_path):
    gold = page.with_name(page.stem + ".articles.jsonl")
    visible = page.with_name(page.stem + ".visible.txt")  # HTML gold lines refer to the visible text
    scorer = load_scorer(shared_dir / "eval" / "score.py")
    result = score_page(scorer, page, gold, tmp_path / "pred.jsonl", visible if page.suffix == ".html" else None)
    assert floor_failures(result) == [], page.name
