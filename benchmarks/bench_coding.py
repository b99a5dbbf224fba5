"""Benchmark: event coding in English and Arabic, articles per second (500-word articles); for English
also the ratio to spaCy parsing alone.

    .venv/bin/python benchmarks/bench_coding.py [--lang both|en|ar] [--articles 40] [--words 500] [--model NAME]

The articles are synthetic reports assembled from the sentence patterns below (written for this
benchmark), with places and parties drawn at random, so every run codes the same mix of captures,
withdrawals, strikes, claims and background prose. Both timings parse the same texts the same way
(newline-separated blocks through `nlp.pipe`); the full pipeline adds the knowledge base, the
gazetteer and the rules. The Arabic articles come the same way from the Arabic patterns below (in
the wording of state, opposition and Kurdish outlets), coded by the Arabic coder (no parser).
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
PLACES_AR = ["الميادين", "الرقة", "الطبقة", "تدمر", "الحويجة", "راوة", "عنه", "القريتين", "سراقب", "دوما",
             "حرستا", "عفرين", "منبج", "جرابلس", "كركوك", "تلعفر", "دير الزور", "إدلب", "درعا", "حماة"]
ACTORS_AR = [  # (name, the ending a verb takes after it: ت for a feminine subject)
    ("الجيش السوري", ""), ("تنظيم داعش", ""), ("قوات سوريا الديمقراطية", "ت"), ("حزب الله", ""),
    ("هيئة تحرير الشام", "ت"), ("الجيش العراقي", ""), ("الحشد الشعبي", ""), ("فصائل المعارضة", "ت"),
    ("القوات الحكومية", "ت"), ("الطيران الروسي", ""), ("التحالف الدولي", ""), ("حركة أحرار الشام", "ت")]
PATTERNS_AR = [
    "سيطر{t} {a} {day} على بلدة {p} بعد يومين من المعارك العنيفة مع {b}.",
    "انسحب{t} {a} من قريتي {p} و{q} تحت جنح الظلام.",
    "قصف{t} {a} أطراف مدينة {p}، ما أدى إلى مقتل {n} أشخاص، بحسب مصادر محلية.",
    "زعمت وسائل إعلام موالية أن {a} استعاد{t} التلال المطلة على {p}.",
    "تتواصل الاشتباكات بين {a} و{b} في ريف {p}.",
    "دخل{t} {a} بلدة {p} {day} بإسناد جوي روسي.",
    "فرض{t} {a} حصاراً على مدينة {p} منذ أسابيع.",
    "يرى محللون أن خطوط الجبهة حول {p} قد تتغير مجدداً إذا تحسن الطقس.",
    "يشكو سكان {p} من طوابير طويلة أمام الأفران ومحطات الوقود.",
    "قال متحدث إن {a} لن يسمح بانتشار أي قوة أخرى قرب {p}.",
    "عادت عشرات العائلات إلى منازلها في {p} بعد إعادة فتح الطرق.",
    "طالب{t} {a} {b} بتسليم الأسرى المحتجزين في {p}.",
    "عزز{t} {a} قبل يومين المواقع القريبة من {p} بعربات مدرعة.",
    "لم يذكر البيان عدد المقاتلين الذين قتلوا في معركة {p}.",
]
DAYS_AR = ["يوم الأحد", "يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "يوم الجمعة", "يوم السبت"]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def make_article(rng: random.Random, words: int, lang: str = "en") -> str:
    """A synthetic report of about `words` words in `lang`, two sentences a paragraph."""
    actors, places, patterns, days = (ACTORS, PLACES, PATTERNS, DAYS) if lang == "en" else (
        ACTORS_AR, PLACES_AR, PATTERNS_AR, DAYS_AR)
    paras, count = [], 0
    while count < words:
        (a, t), (b, _) = [x if isinstance(x, tuple) else (x, "") for x in rng.sample(actors, 2)]
        p, q = rng.sample(places, 2)
        s = rng.choice(patterns).format(a=a, A=a[0].upper() + a[1:], b=b, p=p, q=q, n=rng.randint(2, 40),
                                        day=rng.choice(days), t=t)
        paras.append(s)
        count += len(s.split())
    return "\n\n".join(" ".join(paras[i:i + 2]) for i in range(0, len(paras), 2))


def _articles(texts: list[str], lang: str):
    from frontwatch.models import Article
    return [Article(article_id=f"bench-{lang}-{i}", document="bench", index=i, text=t, published="2017-11-20",
                    language=lang) for i, t in enumerate(texts)]


def bench_english(args) -> None:
    from frontwatch.coding import code_article
    from frontwatch.nlp.pipeline import load, parse_blocks

    rng = random.Random(7)
    texts = [make_article(rng, args.words) for _ in range(args.articles)]
    arts = _articles(texts, "en")
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
    print(f"English articles: {len(texts)} ({words / len(texts):.0f} words each), event mentions: {n_events}")
    print(f"spaCy parsing alone: {len(texts) / parse_s:.1f} articles/s wall, {len(texts) / parse_cpu:.1f} per CPU-second")
    print(f"full English coding: {len(texts) / full_s:.1f} articles/s wall, {len(texts) / full_cpu:.1f} per CPU-second")
    print(f"ratio full / parsing: {full_s / parse_s:.2f} wall, {full_cpu / parse_cpu:.2f} CPU")


def bench_arabic(args) -> None:
    from frontwatch.coding import code_article

    rng = random.Random(7)
    texts = [make_article(rng, args.words, "ar") for _ in range(args.articles)]
    arts = _articles(texts, "ar")
    code_article(arts[0])  # warm up: knowledge base, gazetteer, lexicons
    t0, c0 = time.perf_counter(), time.process_time()
    n_events = sum(len(code_article(a)) for a in arts)
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0
    words = sum(len(t.split()) for t in texts)
    print(f"Arabic articles: {len(texts)} ({words / len(texts):.0f} words each), event mentions: {n_events}")
    print(f"full Arabic coding: {len(texts) / full_s:.1f} articles/s wall, {len(texts) / full_cpu:.1f} per CPU-second")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["both", "en", "ar"], default="both")
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock figures shrink under load)")
    if args.lang in ("both", "en"):
        bench_english(args)
    if args.lang in ("both", "ar"):
        bench_arabic(args)


if __name__ == "__main__":
    main()
