"""Speed of the articles stage: splitting pages (seed, team pages, a large synthetic compilation) and
linking many articles (MinHash duplicates, translation pairs). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_articles.py [--articles 2000]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import time
from pathlib import Path

from frontwatch.articles import link_articles, split_document
from frontwatch.articles.cli import read_document
from frontwatch.models import Article, Document

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT.parent / "shared" / "corpus" / "seed-compilation.txt",
         *sorted((ROOT / "tests" / "fixtures" / "compilations").glob("*.txt")),
         *sorted((ROOT / "tests" / "fixtures" / "compilations").glob("*.html"))]
WORDS = ("army forces town village border river attack shelling militants government control "
         "Syrian Iraqi Kurdish Deir Raqqa Kirkuk Euphrates convoy airstrike killed wounded said").split()


def timed(fn, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def synthetic_page(n_articles: int, rng: random.Random) -> str:
    parts = []
    for i in range(n_articles):
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(6))
        parts.append(f"Reuters\n\nReport number {i} on the front\n\nNovember {1 + i % 28}, 2017\n\n{body}\n\nRelated Articles")
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000, help="articles for the linking benchmark")
    args = ap.parse_args()
    rng = random.Random(7)
    split_document(read_document(PAGES[-1]))  # warm-up: model and data loading
    for page in PAGES:
        if page.exists():
            doc = read_document(page)
            secs = timed(lambda: split_document(doc), repeat=5)
            print(f"split  {page.name:32s} {len(doc.text):>8d} chars  {secs * 1000:8.1f} ms")
    text = synthetic_page(300, rng)
    doc = Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source="synthetic", raw=text.encode(),
                   text=text, content_type="text")
    secs = timed(lambda: split_document(doc))
    print(f"split  synthetic 300-article page {len(text):>8d} chars  {secs * 1000:8.1f} ms"
          f"  ({len(text) / secs / 1e6:.2f} MB/s)")
    arts = [Article(article_id=f"a-{i}", document="d", index=i, language="en",
                    text=" ".join(rng.choice(WORDS) for _ in range(400))) for i in range(args.articles)]
    reposts = [Article(article_id=f"r-{i}", document="e", index=i, language="en", text=a.text + " Share")
               for i, a in enumerate(arts[: args.articles // 10])]
    secs = timed(lambda: link_articles(reposts, previous=arts))
    found = sum(r.duplicate_of is not None for r in reposts)
    print(f"link   {len(reposts)} new vs {len(arts)} stored articles  {secs:6.2f} s  duplicates found {found}/{len(reposts)}")


if __name__ == "__main__":
    main()
