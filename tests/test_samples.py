"""Checks on the project's own sample corpus under samples/ (issue 2)."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REPORT_SUFFIXES = {".txt", ".html"}
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[^>]+>")
RUN = 12  # words in a row that would count as copied text


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file())


def report_files() -> list[Path]:
    return [p for p in sample_files() if p.suffix in REPORT_SUFFIXES]


def feed_records() -> list[dict]:
    records = []
    for path in SAMPLES.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def visible_text(raw: str) -> str:
    """Tags removed and entities decoded, so that runs of words are not broken by markup."""
    return html.unescape(TAG.sub(" ", raw))


def is_arabic(text: str) -> bool:
    return len(ARABIC.findall(text)) > len(LATIN.findall(text))


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def runs(tokens: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def all_texts() -> list[tuple[str, str]]:
    """(label, visible text) of every sample file and every feed record."""
    texts = [(p.name, visible_text(p.read_text(encoding="utf-8"))) for p in report_files()]
    for rec in feed_records():
        texts.append((rec["url"], visible_text(rec.get("html") or rec.get("text") or "")))
    return texts


def test_at_least_fourteen_reports():
    assert len(report_files()) >= 14
    assert len(report_files()) + len(feed_records()) >= 17


def test_both_languages_present():
    texts = [p.read_text(encoding="utf-8") for p in report_files()]
    arabic = sum(1 for t in texts if ARABIC.search(t))
    mainly_arabic = sum(1 for t in texts if is_arabic(visible_text(t)))
    mainly_english = sum(1 for t in texts if not is_arabic(visible_text(t)))
    assert arabic >= 7
    assert mainly_arabic >= 5
    assert mainly_english >= 5


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_file_decodes_as_utf8(path: Path):
    text = path.read_bytes().decode("utf-8")  # raises on a bad byte
    assert text.strip()
    assert "\ufffd" not in text


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.jsonl")), ids=lambda p: p.name)
def test_jsonl_records(path: Path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 3
    for number, line in enumerate(lines, 1):
        record = json.loads(line)
        assert isinstance(record, dict), f"{path.name}:{number} is not an object"
        assert str(record.get("url", "")).startswith(("http://", "https://")), f"{path.name}:{number} url"
        bodies = [k for k in ("html", "text") if isinstance(record.get(k), str) and record[k].strip()]
        assert len(bodies) == 1, f"{path.name}:{number} needs exactly one of html/text"


@pytest.mark.parametrize(
    "label,text",
    [(label, text) for label, text in all_texts() if "compilation" not in label and "translated" not in label],
    ids=lambda v: v if len(v) < 80 else "",
)
def test_single_report_length(label: str, text: str):
    """One report per file: 80-400 words of body, plus a little room for page debris."""
    assert 80 <= len(words(text)) <= 450, label


def test_readme_lists_every_sample():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sample_files() if p.name != "README.md" and p.name not in readme]
    assert not missing


def test_no_twelve_word_run_from_seed(seed_path: Path):
    seed = runs(words(seed_path.read_text(encoding="utf-8")))
    assert seed, "seed compilation yielded no word runs"
    copied = {}
    for label, text in all_texts():
        shared = runs(words(text)) & seed
        if shared:
            copied[label] = " ".join(sorted(shared)[0])
    assert not copied, f"text shared with the seed compilation: {copied}"


def test_copy_check_catches_a_pasted_run(seed_path: Path):
    """The copy check itself works: a run lifted from the seed, wrapped in markup, is found."""
    seed_words = words(seed_path.read_text(encoding="utf-8"))
    lifted = " ".join(seed_words[40 : 40 + RUN])
    pasted = visible_text(f"<p>Our own opening.</p><p>{lifted}</p>")
    assert runs(words(pasted)) & runs(seed_words)
