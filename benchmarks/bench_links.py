"""Cost of cross-document linking as `frontwatch run` does it: every document of a generated corpus
(benchmarks/corpus.py) is split, then its articles are linked against the window of earlier ones
(pipeline.LINK_WINDOW), one document at a time. Prints the time spent in `link_articles`, the links
found and a digest of them (equal digests = identical links). Asserts nothing about speed.

    python benchmarks/bench_links.py [--articles 300,2000] [--files 20]
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

from frontwatch.articles import link_articles, split_document  # noqa: E402
from frontwatch.ingest import read_sources  # noqa: E402
from frontwatch.pipeline import LINK_WINDOW  # noqa: E402


def measure(n: int, files: int) -> None:
    with tempfile.TemporaryDirectory(prefix="fw-links-") as tmp:
        docs = [d for d in read_sources([str(p) for p in generate(Path(tmp) / "c", n, files)])
                if not isinstance(d, Exception)]
    pages = [split_document(d) for d in docs]
    previous: list = []
    seconds, slowest = 0.0, 0.0
    cpu0 = time.process_time()
    for arts in pages:
        t0 = time.perf_counter()
        link_articles(arts, previous)
        dt = time.perf_counter() - t0
        seconds += dt
        slowest = max(slowest, dt)
        previous = (previous + arts)[-LINK_WINDOW:]
    cpu = time.process_time() - cpu0
    arts = [a for page in pages for a in page]
    links = "\n".join(f"{a.article_id} {a.translation_of} {a.duplicate_of}" for a in arts)
    print(f"{len(arts):5d} articles in {len(pages)} documents: link_articles {seconds:8.2f} s wall, "
          f"{cpu:8.2f} s CPU, {1000 * seconds / len(pages):8.2f} ms per document (slowest {1000 * slowest:.1f} ms); "
          f"{sum(1 for a in arts if a.translation_of)} translations, {sum(1 for a in arts if a.duplicate_of)} "
          f"re-posts; links digest {hashlib.sha256(links.encode()).hexdigest()[:12]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="300,2000", help="comma-separated corpus sizes")
    ap.add_argument("--files", type=int, default=20)
    a = ap.parse_args()
    for n in (int(x) for x in a.articles.split(",")):
        measure(n, a.files)


if __name__ == "__main__":
    main()
