"""Evaluation gate: the articles stage on the shared seed compilation, scored by the reference scorer."""
from __future__ import annotations

from frontwatch.articles.evaluate import floor_failures, load_scorer, score_page


def test_seed_compilation_meets_the_floors(shared_dir, seed_path, tmp_path):
    scorer = load_scorer(shared_dir / "eval" / "score.py")
    result = score_page(scorer, seed_path, shared_dir / "gold" / "seed.articles.jsonl", tmp_path / "seed.jsonl")
    assert floor_failures(result) == []
    assert result["fields"]["translation_of"]["of"] == 2  # both translation pairs are scored
    assert result["segmentation"]["fp"] == 0  # no spurious article either
