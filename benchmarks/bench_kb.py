"""Prints the actor knowledge base's load time and memory, and the time to find and resolve the actors
of a 1,000-word article (English and Arabic). Targets: load < 2 s and < 400 MB; resolution < 20 ms.

    .venv/bin/python benchmarks/bench_kb.py [--gazetteer]

With --gazetteer it also loads the place gazetteer (`default_gazetteer()`) in its own process.
Each load is measured in a fresh interpreter so that imports and caches are counted.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

_LOAD = r"""
import json, resource, sys, time, tracemalloc
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
t0, c0 = time.perf_counter(), time.process_time()
{load}
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = tracemalloc.get_traced_memory()[1]
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": dt, "cpu": cpu, "peak_mb": peak / 2**20, "rss_mb": rss1 / 1024, "rss_growth_mb": (rss1 - rss0) / 1024,
                  "size": {size}}}))
"""

# Sentences written for this benchmark (not taken from any corpus); repeated to 1,000 words.
_EN = [
    "Government troops and the Tiger Forces advanced east of the Euphrates on Sunday, backed by Russian warplanes.",
    "ISIS militants fled across the river, where the US-backed SDF holds several villages near the border.",
    "Hezbollah and Iranian-backed militias, including Harakat al-Nujaba and Kata'ib Hezbollah, joined the push.",
    "Pro-opposition sources said HTS militants shelled positions of the Syrian Arab Army north of Hama.",
    "The Iraqi army and the Popular Mobilization Units secured al-Qaim, and the Peshmerga stayed north.",
    "The UN and the ICRC called for access, while the Arab League met in Cairo and Turkey warned the YPG.",
    "Terrorists fired shells at a school, SANA said, and the army answered with artillery fire.",
]
_AR = [
    "تقدم الجيش العربي السوري وقوات النمر شرق الفرات بدعم من الطيران الروسي يوم الأحد.",
    "وفر مسلحو داعش عبر النهر إلى مناطق تسيطر عليها قسد المدعومة من التحالف الدولي.",
    "وشارك حزب الله وحركة النجباء وكتائب حزب الله في العملية إلى جانب الحرس الثوري الإيراني.",
    "وقالت مصادر إن هيئة تحرير الشام استهدفت مواقع للجيش السوري في ريف حماة الشمالي.",
    "وسيطر الجيش العراقي والحشد الشعبي على القائم بينما بقيت البيشمركة في الشمال.",
]


def article(sentences: list[str], words: int = 1000) -> str:
    out, n, i = [], 0, 0
    while n < words:
        s = sentences[i % len(sentences)]
        out.append(s)
        n += len(s.split())
        i += 1
    return " ".join(out)


def measure_load(load: str, size: str) -> dict:
    """Seconds in a fresh interpreter without tracing; memory in a second one with tracemalloc on."""
    timed = _LOAD.replace("tracemalloc.start()", "").replace("tracemalloc.get_traced_memory()[1]", "0")
    res = subprocess.run([sys.executable, "-c", timed.format(load=load, size=size)],
                         capture_output=True, text=True, check=True)
    timing = json.loads(res.stdout.strip().splitlines()[-1])
    code = _LOAD.format(load=load, size=size)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {**json.loads(res.stdout.strip().splitlines()[-1]), "seconds": timing["seconds"], "cpu": timing["cpu"]}


def _median_ms(fn, runs: int) -> float:
    """Median CPU time of `fn` in ms (process time: other processes sharing the cores do not count)."""
    fn()  # warm up
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times) * 1000


def time_find(text: str, lang: str, runs: int = 50) -> tuple[float, float, int]:
    """Median ms of `find` (folding included) and of the text folding alone, and the mentions found."""
    from frontwatch.kb.actors import ActorContext, default_kb
    from frontwatch.nlp.normalize import fold_with_offsets

    kb = default_kb()
    ctx = ActorContext(country="SY", outlet_alignment="syrian-state", date="2017-11-19")
    total = _median_ms(lambda: kb.find(text, lang=lang, context=ctx), runs)
    folding = _median_ms(lambda: fold_with_offsets(text), runs)
    return total, folding, len(kb.find(text, lang=lang, context=ctx))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", action="store_true", help="also measure the gazetteer load")
    args = ap.parse_args()
    r = measure_load("from frontwatch.kb.actors import default_kb\nkb = default_kb()", "len(kb)")
    print(f"actor KB load (imports included): {r['seconds']:.3f} s wall, {r['cpu']:.3f} s CPU, {r['size']} actors; python heap peak {r['peak_mb']:.1f} MB, "
          f"process max RSS {r['rss_mb']:.1f} MB (+{r['rss_growth_mb']:.1f} MB while loading)  [targets < 2 s, < 400 MB]")
    if args.gazetteer:
        g = measure_load("from frontwatch.kb.gazetteer import default_gazetteer\ng = default_gazetteer()", "0")
        print(f"gazetteer load: {g['seconds']:.3f} s wall, {g['cpu']:.3f} s CPU; python heap peak {g['peak_mb']:.1f} MB, "
              f"process max RSS {g['rss_mb']:.1f} MB")
    for lang, sents in (("en", _EN), ("ar", _AR)):
        text = article(sents)
        ms, fold_ms, n = time_find(text, lang)
        print(f"actors in a 1,000-word {lang} article ({len(text)} chars, {n} mentions): find {ms:.2f} ms "
              f"CPU median of 50, of which text folding {fold_ms:.2f} ms; matching and resolution "
              f"{ms - fold_ms:.2f} ms  [target < 20 ms]")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (figures are slower when it is high)")


if __name__ == "__main__":
    main()
