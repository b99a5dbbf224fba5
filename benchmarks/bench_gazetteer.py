"""Gazetteer speed: load time and memory, and geoparsing a 1,000-word article beyond tokenisation.

Usage: .venv/bin/python benchmarks/bench_gazetteer.py [--build] [--text FILE] [--runs N]
The article is the first 1,000 words of the seed compilation (../shared) or of --text; English and Arabic
parts are timed apart when the text has both.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRONTWATCH_SHARED", ROOT.parent / "shared"))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def _time(fn, runs: int) -> float:
    """Fastest CPU time of `runs` (on a shared machine the minimum is the least disturbed run)."""
    fn()  # warm caches
    out = []
    for _ in range(runs):
        t = time.process_time()  # CPU time of this process: other jobs on a shared machine do not count
        fn()
        out.append(time.process_time() - t)
    return min(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", action="store_true", help="also time building the bundled SQLite")
    ap.add_argument("--text", help="a text file to take the article from")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()

    from frontwatch.kb.gazetteer_store import (
        build_bundled,
        default_db_path,
        ensure_bundled,
    )
    if args.build:
        t = time.perf_counter()
        build_bundled()
        print(f"build bundled gazetteer: {time.perf_counter() - t:.1f} s "
              f"({default_db_path().stat().st_size / 1e6:.1f} MB at {default_db_path()})")
    ensure_bundled()

    rss0 = _rss_mb()
    t = time.perf_counter()
    from frontwatch.kb.gazetteer import Gazetteer
    from frontwatch.kb.gazetteer_parse import tokenize
    gaz = Gazetteer()
    load = time.perf_counter() - t
    print(f"load: {load:.2f} s, peak RSS +{_rss_mb() - rss0:.0f} MB (total {_rss_mb():.0f} MB), "
          f"{len(gaz._places):,} places, {len(gaz._exact):,} exact keys, {len(gaz._skel):,} skeleton keys")

    src = Path(args.text) if args.text else SHARED / "corpus" / "seed-compilation.txt"
    text = src.read_text(encoding="utf-8")
    from frontwatch.nlp.normalize import is_arabic
    paras = [p for p in text.split("\n") if p.strip()]
    parts = {"english": "\n".join(p for p in paras if not is_arabic(p)),
             "arabic": "\n".join(p for p in paras if is_arabic(p))}
    for label, body in parts.items():
        if len(body.split()) < 200:
            continue
        article = _words(body, 1000)
        n = len(article.split())
        total = _time(lambda a=article: gaz.geoparse(a), args.runs)
        tok = _time(lambda a=article: tokenize(a, gaz.abbrevs), args.runs)
        found = len(gaz.geoparse(article))
        print(f"{label}: {n} words, {found} mentions; geoparse {total * 1000:.1f} ms, tokenisation "
              f"{tok * 1000:.1f} ms, beyond tokenisation {(total - tok) * 1000:.1f} ms per {n} words "
              f"(target < 20 ms)")


if __name__ == "__main__":
    sys.exit(main())
