"""Evaluation gate: the articles stage on the shared seed compilation, scored by the reference scorer."""
from __future__ import annotations

from frontwatch.articles.evaluate import floor_failures, load_scorer, score_page


def test_seed_compilation_meets_the_floors(shared_dir, seed_path, tmp_path):
    scorer = load_scorer(shared_dir / "eval" / "score.py")
    result = score_page(scorer, seed_path, shared_dir / "gold" / "seed.articles.jsonl", tmp_path / "seed.jsonl")
    assert floor_failures(result) == []
    assert result["fields"]["translation_of"]["of"] == 2  # both translation pairs are scored
    assert result["segmentation"]["fp"] == 0  # no spurious article either


def test_seed_as_html_paragraphs_meets_the_floors(shared_dir, seed_path, tmp_path):
    """The same page served as HTML without article markup goes through trafilatura's main text."""
    import html

    text = seed_path.read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    page = tmp_path / "seed.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>Blog</title></head><body><nav><a href='/'>Home</a></nav>"
                    f"<div class='entry-content'>{body}</div><aside><p>Archives</p></aside></body></html>",
                    encoding="utf-8")
    scorer = load_scorer(shared_dir / "eval" / "score.py")
    result = score_page(scorer, page, shared_dir / "gold" / "seed.articles.jsonl", tmp_path / "p.jsonl", seed_path)
    assert floor_failures(result) == []
