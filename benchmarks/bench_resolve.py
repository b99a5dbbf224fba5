"""Benchmark: resolve 100,000 synthetic event mentions, then add 1,000 more; prints time and memory.

Usage: .venv/bin/python benchmarks/bench_resolve.py [--mentions 100000] [--new 1000] [--seed 7]
Targets (issue 6): 100,000 mentions < 60 s and < 2 GB on one core; 1,000 new ones < 5 s.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from frontwatch.models import ActorRef, Article, Control, EventMention, PlaceRef
from frontwatch.resolve import Resolver, resolve_mentions

OUTLETS = ["south-front", "al-manar", "sana", "reuters", "afp", "al-jazeera", "enab-baladi",
           "rudaw", "al-monitor", None]
ACTORS = [ActorRef("SAA", "Syrian Arab Army", "government"), ActorRef("HEZ", "Hezbollah", "government"),
          ActorRef("ISIS", "Islamic State", "ISIS"), ActorRef("SDF", "Syrian Democratic Forces", "SDF"),
          ActorRef("HTS", "Hayat Tahrir al-Sham", "jihadist opposition"),
          ActorRef("FSA", "Free Syrian Army", "opposition")]
TYPES = [("ASSAULT", None), ("ASSAULT", "aerial"), ("ASSAULT", "heavy-weapons"), ("COERCE", "arrest"),
         ("PROTEST", None), ("RETREAT", "withdraw")]


class Clock:
    """Wall and CPU seconds (the machine is shared: CPU time is the figure that does not depend on load)."""

    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w, time.process_time() - self.c

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def synthetic(n: int, rng: random.Random, *, places: int, tag: str) -> tuple[list[EventMention], dict]:
    """~n mentions of ~n/4 happenings, each told by 1-7 articles with the usual noise."""
    sites = [PlaceRef(id=f"wm:{i:06d}", name=f"Village {i}", lat=32.3 + rng.random() * 5,
                      lon=35.7 + rng.random() * 6.4, country="SY") for i in range(places)]
    articles: dict[str, Article] = {}
    out: list[EventMention] = []
    h = 0
    while len(out) < n:
        h += 1
        site = rng.choice(sites)
        day = 736000 + rng.randrange(365 * 2)
        type_, mode = rng.choice(TYPES)
        a, b = rng.sample(ACTORS, 2)
        control = Control(a, b, rng.choice(["captured", "captured", "contested"])) if type_ == "ASSAULT" \
            and mode is None and rng.random() < 0.5 else None
        for k in range(rng.randint(1, 7)):
            aid = f"{tag}{h}-{k}"
            outlet = rng.choice(OUTLETS)
            articles[aid] = Article(article_id=aid, document="d", index=0, text="", outlet=outlet,
                                    outlet_id=outlet, translation_of=f"{tag}{h}-0" if k and rng.random() < 0.1 else None)
            r = rng.random()
            date = None if r < 0.05 else _iso(day + rng.choice([0, 0, 0, 1]))
            precision = "month" if 0.05 <= r < 0.12 else "day"
            place = None if rng.random() < 0.04 else site
            certainty = "claimed" if rng.random() < 0.1 else ("hypothetical" if rng.random() < 0.02 else "reported")
            start = rng.randrange(5000)
            out.append(EventMention(article_id=aid, sentence_index=0, start=start, end=start + 80,
                                    text="synthetic", type=type_, mode=mode, date=date,
                                    date_precision=precision if date else None, actors=[a], targets=[b],
                                    place=place, fatalities=rng.choice([None, None, 1, 3, 12]),
                                    control=control, certainty=certainty,
                                    claimed_by="someone" if certainty == "claimed" else None))
            if len(out) >= n:
                break
    return out, articles


def _iso(ordinal: int) -> str:
    import datetime as dt
    return dt.date.fromordinal(ordinal).isoformat()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--places", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    mentions, articles = synthetic(args.mentions, rng, places=args.places, tag="a")
    extra, extra_articles = synthetic(args.new, rng, places=args.places, tag="b")
    print(f"generated {len(mentions):,} + {len(extra):,} mentions; rss {rss_mb():.0f} MB")

    with Clock() as t_full:
        r = Resolver(articles, outlets={})
        r.add(mentions)
    print(f"resolve {len(mentions):,} mentions -> {len(r.events):,} events: {t_full} "
          f"(target < 60 s); peak rss {rss_mb():.0f} MB (target < 2048 MB)")

    with Clock() as t_add:
        touched = r.add(extra, extra_articles)
    print(f"add {len(extra):,} new mentions to the in-memory state (Resolver.add): {t_add} "
          f"(target < 5 s); {len(touched):,} events touched, {len(r.events):,} in all")

    existing = list(r.events.values())
    more, more_articles = synthetic(args.new, rng, places=args.places, tag="c")
    everything = {**articles, **extra_articles, **more_articles}
    with Clock() as t_store:
        result = resolve_mentions(more, everything, existing=existing, outlets={})
    print(f"add {len(more):,} new mentions to {len(existing):,} events read back "
          f"(resolve_mentions(existing=...), index rebuilt): {t_store} (target < 5 s); "
          f"{len(result):,} events")

    with Clock() as t_again:
        again = r.add(mentions)
    print(f"re-run on the same {len(mentions):,} mentions: {t_again}, "
          f"{len(again)} events changed")
    print(f"peak rss {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
