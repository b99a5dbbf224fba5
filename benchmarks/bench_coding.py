"""Benchmark: English event coding, articles per second (500-word articles) and ratio to spaCy parsing alone.

    .venv/bin/python benchmarks/bench_coding.py [--articles 40] [--words 500] [--model NAME]

The articles are synthetic reports assembled from the sentence patterns below (written for this
benchmark), with places and parties drawn at random, so every run codes the same mix of captures,
withdrawals, strikes, claims and background prose. Both timings parse the same texts the same way
(newline-separated blocks through `nlp.pipe`); the full pipeline adds the knowledge base, the
gazetteer and the rules.
"""
from __future__ import annotations

import argparse
import os
import random
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

PLACES = ["Mayadin", "Raqqa", "Tabqa", "Palmyra", "Hawija", "Rawa", "Anah", "Qaryatayn", "Saraqib", "Douma",
          "Harasta", "Afrin", "Manbij", "Jarablus", "Kirkuk", "Tal Afar", "Deir ez-Zor", "Idlib", "Daraa", "Hama"]
ACTORS = ["the Syrian army", "ISIS", "the SDF", "Hezbollah", "HTS", "the Iraqi army", "the Popular Mobilization Units",
          "Turkish-backed rebels", "government troops", "Russian warplanes", "the US-led coalition", "Ahrar al-Sham"]
PATTERNS = [
    "On {day}, {a} captured the town of {p} after two days of heavy fighting with {b}.",
    "{A} withdrew from the villages of {p} and {q} under cover of darkness.",
    "According to local sources, {a} shelled the outskirts of {p}, killing {n} people.",
    "Pro-government media claimed that {a} had retaken the hills overlooking {p}.",
    "Clashes continued between {a} and {b} in the countryside of {p}.",
    "{A}, supported by Russian air power, entered the town of {p} on {day}.",
    "The town of {p} was besieged by {a} for several weeks.",
    "Analysts say the front line around {p} could shift again if the weather improves.",
    "Residents described long queues for bread and fuel in the markets of {p}.",
    "{A} will not allow any other force to deploy near {p}, a spokesman said.",
    "Dozens of families returned to their homes in {p} as the roads reopened.",
    "{A} called on {b} to hand over the prisoners held in {p}.",
    "Two days ago, {a} reinforced its positions near {p} with armoured vehicles.",
    "The statement did not say how many fighters had been killed in the battle for {p}.",
]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def make_article(rng: random.Random, words: int) -> str:
    paras, count = [], 0
    while count < words:
        a, b = rng.sample(ACTORS, 2)
        p, q = rng.sample(PLACES, 2)
        s = rng.choice(PATTERNS).format(a=a, A=a[0].upper() + a[1:], b=b, p=p, q=q, n=rng.randint(2, 40),
                                        day=rng.choice(DAYS))
        paras.append(s)
        count += len(s.split())
    return "\n\n".join(" ".join(paras[i:i + 2]) for i in range(0, len(paras), 2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()

    from frontwatch.coding import code_article
    from frontwatch.models import Article
    from frontwatch.nlp.pipeline import load, parse_blocks

    rng = random.Random(7)
    texts = [make_article(rng, args.words) for _ in range(args.articles)]
    arts = [Article(article_id=f"bench-{i}", document="bench", index=i, text=t, published="2017-11-20",
                    language="en") for i, t in enumerate(texts)]
    nlp = load(args.model)
    code_article(arts[0], nlp=nlp)  # warm up: models, knowledge base, gazetteer, lexicons

    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        for _ in parse_blocks(t, nlp):
            pass
    parse_s, parse_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    n_events = sum(len(code_article(a, nlp=nlp)) for a in arts)
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0

    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)} ({words / len(texts):.0f} words each), event mentions: {n_events}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock figures shrink under load)")
    print(f"spaCy parsing alone: {len(texts) / parse_s:.1f} articles/s wall, {len(texts) / parse_cpu:.1f} per CPU-second")
    print(f"full English coding: {len(texts) / full_s:.1f} articles/s wall, {len(texts) / full_cpu:.1f} per CPU-second")
    print(f"ratio full / parsing: {full_s / parse_s:.2f} wall, {full_cpu / parse_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
