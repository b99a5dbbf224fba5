"""The whole pipeline through the CLI, as a user runs it: samples, the seed page, re-runs, other languages."""
from __future__ import annotations

import importlib.util
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import CLI, fw

ROOT = Path(__file__).resolve().parent.parent


def _events(db: Path, *extra) -> list[dict]:
    res = fw("export", "events", "--format", "jsonl", *extra, db=db, check=True)
    return [json.loads(line) for line in res.stdout.splitlines()]


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("samples") / "fw.db"
    res = fw("run", str(ROOT / "samples"), "--quiet", db=db)
    assert res.returncode == 0, res.stderr
    return db


def test_samples_become_articles_and_events_in_both_languages(samples_db):
    stats = json.loads(fw("stats", "--json", db=samples_db, check=True).stdout)
    assert stats["failures"] == 0 and stats["documents_pending"] == 0
    assert stats["articles_by_language"].get("en", 0) >= 8 and stats["articles_by_language"].get("ar", 0) >= 5
    events = _events(samples_db)
    assert len(events) >= 15
    langs = {m["language"] for e in events for m in e["mentions"]}
    assert {"en", "ar"} <= langs
    assert all(e["certainty"] != "hypothetical" for e in events)
    assert any(e["control"] for e in events)


def test_rerun_on_same_input_changes_nothing(samples_db):
    before = _events(samples_db)
    res = fw("run", str(ROOT / "samples"), "--json", db=samples_db, check=True)
    assert json.loads(res.stdout)["new"] == 0
    assert _events(samples_db) == before


def test_other_languages_are_counted_not_coded(tmp_path):
    (tmp_path / "fr.txt").write_text(
        "Les forces gouvernementales ont repris le contrôle de la ville après trois jours de combats "
        "intenses contre les insurgés, selon un communiqué publié dimanche par le ministère.", encoding="utf-8")
    db = tmp_path / "fw.db"
    fw("run", str(tmp_path / "fr.txt"), "--quiet", db=db, check=True)
    stats = json.loads(fw("stats", "--json", db=db, check=True).stdout)
    assert stats["articles_by_language"] == {"fr": 1}
    assert stats["articles_not_coded_language"] == 1 and stats["event_mentions"] == 0


def test_reprocess_keeps_the_same_events(samples_db, tmp_path):
    copy = tmp_path / "copy.db"
    src = sqlite3.connect(samples_db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    before = _events(copy)
    fw("reprocess", "--quiet", db=copy, check=True)
    assert _events(copy) == before


def _scorer(shared_dir: Path):
    spec = importlib.util.spec_from_file_location("fw_score", shared_dir / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_seed_page_end_to_end_scores(tmp_path, seed_path, shared_dir):
    """The evaluation gate on the seed page, through `run` and `export` exactly as a user would."""
    db = tmp_path / "seed.db"
    fw("run", str(seed_path), "--quiet", db=db, check=True)
    score = _scorer(shared_dir)
    arts = tmp_path / "articles.jsonl"
    evs = tmp_path / "events.jsonl"
    fw("export", "articles", "-o", str(arts), db=db, check=True)
    fw("export", "events", "-o", str(evs), db=db, check=True)
    a = score.score_articles(str(seed_path), str(shared_dir / "gold" / "seed.articles.jsonl"), str(arts))
    e = score.score_events(str(shared_dir / "gold" / "seed.events.jsonl"), str(evs))
    print(json.dumps({"articles": a["segmentation"], "events": e["events"], "control": e["control"]}))
    assert a["segmentation"]["f1"] >= 0.95
    assert e["events"]["f1"] >= FLOORS["event_f1"]
    assert e["control"]["f1"] >= FLOORS["control_f1"]


# Floors only rise: set from the figures measured when the gate was written (see README, Accuracy).
FLOORS = {"event_f1": 0.85, "control_f1": 0.90}  # measured 0.889 and 0.923 on 2026-12-01


def test_unlocated_names_listed_then_added_and_re_resolved(tmp_path, seed_path, monkeypatch):
    """A village no source holds is listed with where it was seen; once the user adds it, a
    reprocess places the events there. (The point added here is the test's, not a survey.)"""
    monkeypatch.setenv("FRONTWATCH_GAZETTEER_EXTRA", str(tmp_path / "user-places.sqlite"))
    db = tmp_path / "seed.db"
    fw("run", str(seed_path), "--quiet", db=db, check=True)
    rows = [json.loads(line) for line in fw("places", "--unlocated", "--json", db=db, check=True).stdout.splitlines()]
    names = {r["name"] for r in rows}
    assert {"Kashmah", "Shakhtir"} <= names
    kashmah = next(r for r in rows if r["name"] == "Kashmah")
    assert kashmah["precision"] == "region" and kashmah["count"] >= 1 and kashmah["articles"]
    res = subprocess.run([*CLI, "gazetteer", "add", "Kashmah", "34.80", "40.70", "--country", "SY"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    fw("reprocess", "--quiet", db=db, check=True)
    after = {json.loads(line)["name"] for line in fw("places", "--unlocated", "--json", db=db, check=True).stdout.splitlines()}
    assert "Kashmah" not in after and "Shakhtir" in after
    placed = [e["place"] for e in _events(db) if e["place"] and e["place"]["name"] == "Kashmah"]
    assert placed and placed[0]["located"] and abs(placed[0]["lat"] - 34.80) < 0.01


def test_map_baseline_is_the_starting_state_until_reports(tmp_path, seed_path, shared_dir):
    db = tmp_path / "seed.db"
    fw("run", str(seed_path), "--quiet", db=db, check=True)
    fw("baseline", str(shared_dir / "data" / "places" / "syria.tsv"), "--quiet", db=db, check=True)
    rows = [json.loads(line) for line in
            fw("control", "--place", "Abu Kamal", "--format", "json", db=db, check=True).stdout.splitlines()]
    first, last = rows[0], rows[-1]
    assert first["controller_side"] == "ISIS" and first["evidence"][0].startswith("baseline:syria.tsv:")
    assert first["end"] == last["start"] and last["controller_side"] == "pro-government"
    assert not last["evidence"][0].startswith("baseline:")
    # a place no report names keeps the map's mark, with its source
    other = [json.loads(line) for line in
             fw("control", "--place", "Mayadin", "--format", "json", db=db, check=True).stdout.splitlines()]
    assert other and all(r["evidence"] for r in other)


def test_user_reliability_letters_regrade_events(tmp_path):
    """FRONTWATCH_RELIABILITY names the user's letters; a run grades with them, a bad letter is refused
    with one line naming the file and the outlet."""
    import os

    report = ROOT / "samples" / "2017-11-03-alqaim-aljazeera.en.txt"
    plain = tmp_path / "plain.db"
    fw("run", str(report), "--quiet", db=plain, check=True)
    default = {e["event_id"]: e["grade"] for e in _events(plain)}
    assert default and all(g[0] == "C" for g in default.values()), default  # the registry's letter for Al Jazeera

    letters = tmp_path / "letters.yaml"
    letters.write_text("al-jazeera: A\n")
    env = {**os.environ, "FRONTWATCH_RELIABILITY": str(letters)}
    graded = tmp_path / "graded.db"
    fw("run", str(report), "--quiet", db=graded, check=True, env=env)
    mine = {e["event_id"]: e["grade"] for e in _events(graded)}
    assert mine.keys() == default.keys()
    assert all(mine[k] == "A" + default[k][1:] for k in default), (mine, default)

    letters.write_text("al-jazeera: Z\n")
    res = fw("reprocess", "--quiet", db=graded, env=env)
    assert res.returncode != 0
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "letters.yaml" in lines[0] and "al-jazeera" in lines[0], res.stderr
    assert {e["event_id"]: e["grade"] for e in _events(graded)} == mine  # nothing lost
