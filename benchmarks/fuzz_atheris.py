"""Coverage-guided fuzzing (atheris/libFuzzer) of the article and coding stages for a bounded time; crashing
inputs are saved under tests/fixtures/fuzz/<target>/ for tests/test_fuzz.py to replay. Prints the figures.

    .venv/bin/python benchmarks/fuzz_atheris.py --seconds 60                  # every target, 60 s each
    .venv/bin/python benchmarks/fuzz_atheris.py --target coding_ar --seconds 120

A failure is any exception other than a FrontwatchError (the stages' way of refusing an input), or an
input slower than --timeout seconds. The fuzzer keeps going after a failure; each distinct failure
(exception type and the frame that raised it) is saved once. Needs atheris: `.venv/bin/pip install -e '.[fuzz]'`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUZZ_DIR = ROOT / "tests" / "fixtures" / "fuzz"


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def target_articles(data: bytes) -> None:
    """Raw bytes -> Document -> Article[] (decoding, HTML extraction, compilation splitting, attribution)."""
    from frontwatch.articles import split_document
    from frontwatch.errors import FrontwatchError
    from frontwatch.ingest import make_document

    kind = "html" if data[:1] == b"<" else "text"
    try:
        split_document(make_document(data, source="fuzz", kind=kind))
    except FrontwatchError:
        pass


def target_dates(data: bytes) -> None:
    """Text -> English and Arabic dates and numbers, anchored on a fixed day."""
    from frontwatch.coding.arabic_dates import find_dates_ar, parse_published_ar
    from frontwatch.coding.dates import find_dates
    from frontwatch.coding.numbers import no_casualties, parse_number, parse_range
    from frontwatch.nlp.arabic import parse_number_ar

    s = _text(data)
    for d in find_dates(s, "2017-11-19") + find_dates(s, None):
        assert d.date is None or len(d.date) == 10, d
    for d in find_dates_ar(s, "2017-11-19"):
        assert d.date is None or len(d.date) == 10, d
    parse_published_ar(s), parse_number(s), parse_range(s), no_casualties(s), parse_number_ar(s)


def target_coding_ar(data: bytes) -> None:
    """Text -> Arabic event mentions (sentence split, tokens, triggers, actors, places, dates, tolls)."""
    from frontwatch.coding import code_sentence

    code_sentence(_text(data), date="2017-11-19", lang="ar")


def target_coding_en(data: bytes) -> None:
    """Text -> English event mentions (spaCy parse, rules, actors, places, dates, tolls)."""
    from frontwatch.coding import code_sentence

    code_sentence(_text(data)[:2000], date="2017-11-19", lang="en")


TARGETS = {"articles": target_articles, "dates": target_dates, "coding_ar": target_coding_ar,
           "coding_en": target_coding_en}

_SEED_TEXT = [
    "On Sunday, November 19, 2017, the Syrian army took full control of al-Bukamal, killing 50 ISIS fighters.",
    "Three days later, between 10 and 15 civilians were killed in air strikes on Atarib, Aleppo province.",
    "سيطر الجيش السوري على مدينة البوكمال يوم الأحد ١٩ تشرين الثاني ٢٠١٧ بعد معارك مع تنظيم داعش.",
    "قتل ثلاثة وعشرون مدنياً في غارات جوية على الغوطة الشرقية أمس، بحسب مصادر معارضة.",
]


def _seeds(target: str, corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    files = [p for p in sorted((ROOT / "samples").iterdir()) if p.suffix in (".txt", ".html")]
    items = [p.read_bytes() for p in files] if target == "articles" else [s.encode() for s in _SEED_TEXT]
    if target != "articles":  # sentences of the sample texts too
        for p in files[:6]:
            items += [line.encode() for line in p.read_text(encoding="utf-8").splitlines() if 40 < len(line) < 400][:8]
    for i, raw in enumerate(items):
        (corpus / f"seed-{i:03d}").write_bytes(raw[:200_000])


# ------------------------------------------------------------------------------------------ child (fuzzing)


def _child(target: str, stats_path: Path, save_dir: Path, corpus: Path, seconds: int, timeout: int,
           max_len: int, len_control: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["frontwatch"]):
        import frontwatch.articles  # noqa: F401
        import frontwatch.coding  # noqa: F401
        import frontwatch.coding.arabic  # noqa: F401
        import frontwatch.coding.arabic_dates  # noqa: F401
        import frontwatch.coding.dates  # noqa: F401
        import frontwatch.coding.numbers  # noqa: F401
        import frontwatch.ingest  # noqa: F401
        import frontwatch.nlp.arabic  # noqa: F401
        if target == "coding_en":
            import frontwatch.coding.english  # noqa: F401
    from frontwatch.errors import FrontwatchError

    fn = TARGETS[target]
    fn(b"warm up: the army took Raqqa on 19 November 2017.")  # load lexicons, models, gazetteer once
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {"execs": 0, "failures": {}}
    last = [time.monotonic()]

    def flush():
        stats_path.write_text(json.dumps(stats))
        last[0] = time.monotonic()

    def one(data: bytes) -> None:
        stats["execs"] += 1
        try:
            fn(data)
        except FrontwatchError:
            pass
        except Exception as e:  # a defect: keep the input, go on
            tb = traceback.extract_tb(e.__traceback__)
            frame = tb[-1] if tb else None
            sig = f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno}" if frame else type(e).__name__
            if sig not in stats["failures"]:
                name = "crash-" + hashlib.sha1(data).hexdigest()[:12]
                save_dir.mkdir(parents=True, exist_ok=True)
                (save_dir / name).write_bytes(data)
                stats["failures"][sig] = {"file": f"{target}/{name}", "message": str(e)[:200], "count": 0}
                flush()
            stats["failures"][sig]["count"] += 1
        if time.monotonic() - last[0] > 2:
            flush()

    import atexit
    atexit.register(flush)
    args = [sys.argv[0], str(corpus), f"-max_total_time={seconds}", f"-timeout={timeout}", f"-max_len={max_len}",
            f"-len_control={len_control}", "-rss_limit_mb=3072", f"-artifact_prefix={stats_path.parent}/",
            "-print_final_stats=1"]
    atheris.Setup(args, one)
    atheris.Fuzz()


# ------------------------------------------------------------------------------------------ parent (report)


def _run_target(target: str, seconds: int, timeout: int, max_len: int, len_control: int, save_root: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"fwfuzz-{target}-"))
    corpus, stats_path = work / "corpus", work / "stats.json"
    _seeds(target, corpus)
    deadline = time.monotonic() + seconds
    hangs, restarts = [], 0
    while True:
        left = int(deadline - time.monotonic())
        if left < 3:
            break
        proc = subprocess.run([sys.executable, __file__, "--child", target, "--stats", str(stats_path),
                               "--save", str(save_root / target), "--corpus", str(corpus), "--seconds", str(left),
                               "--timeout", str(timeout), "--max-len", str(max_len),
                               "--len-control", str(len_control)],
                              capture_output=True, text=True)
        for art in sorted(work.glob("timeout-*")) + sorted(work.glob("oom-*")) + sorted(work.glob("crash-*")):
            kind = art.name.split("-")[0]
            dest = save_root / target / f"{kind}-{hashlib.sha1(art.read_bytes()).hexdigest()[:12]}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(art, dest)
            hangs.append(f"{target}/{dest.name}")
            art.unlink()
        if proc.returncode == 0 or "Done " in proc.stderr and "runs in" in proc.stderr:
            break
        restarts += 1
        if restarts > 20 or not stats_path.exists():
            sys.stderr.write(proc.stderr[-3000:])
            break
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {"execs": 0, "failures": {}}
    stats["hangs_or_aborts"] = hangs
    stats["corpus"] = len(list(corpus.iterdir()))
    shutil.rmtree(work, ignore_errors=True)
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    ap.add_argument("--seconds", type=int, default=60, help="fuzzing time per target")
    ap.add_argument("--timeout", type=int, default=20, help="seconds one input may take before it counts as a hang")
    ap.add_argument("--max-len", type=int, default=20_000, help="largest input, in bytes")
    ap.add_argument("--len-control", type=int, default=100,
                    help="libFuzzer's -len_control: 0 tries long inputs at once, higher grows them more slowly")
    ap.add_argument("--save", type=Path, default=FUZZ_DIR, help="where failing inputs go (one folder per target)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        _child(a.child, a.stats, a.save, a.corpus, a.seconds, a.timeout, a.max_len, a.len_control)
        return
    try:
        import atheris  # noqa: F401
    except ImportError:
        sys.exit("atheris is not installed: .venv/bin/pip install -e '.[fuzz]'")
    targets = list(TARGETS) if a.target == "all" else [a.target]
    print(f"{'target':<10} {'seconds':>7} {'inputs':>9} {'inputs/s':>9} {'corpus':>6} {'failures':>8} {'hangs':>5}")
    report = {}
    for t in targets:
        t0 = time.monotonic()
        s = _run_target(t, a.seconds, a.timeout, a.max_len, a.len_control, a.save)
        took = time.monotonic() - t0
        report[t] = s
        print(f"{t:<10} {took:7.0f} {s['execs']:9d} {s['execs'] / took:9.1f} {s['corpus']:6d} "
              f"{len(s['failures']):8d} {len(s['hangs_or_aborts']):5d}", flush=True)
    for t, s in report.items():
        for sig, f in s["failures"].items():
            print(f"  {t}: {sig} x{f['count']} -> tests/fixtures/fuzz/{f['file']}: {f['message']}")
        for h in s["hangs_or_aborts"]:
            print(f"  {t}: hang/abort -> tests/fixtures/fuzz/{h}")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
