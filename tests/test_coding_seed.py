"""Seed gate: the English articles of the seed page, coded and merged, scored by the reference scorer."""
from __future__ import annotations

import importlib.util
import json

import pytest

from frontwatch.articles import split_document
from frontwatch.coding import code_article
from frontwatch.ingest import make_document
from frontwatch.nlp.sentences import split_sentences

EVENT_F1_FLOOR = 0.75
CONTROL_F1_FLOOR = 0.85


def _scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("fw_score", shared_dir / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _simple_merge(mentions, articles):
    """Without the resolution stage: one event per (type, place, date, first actor)."""
    from frontwatch.models import Event, MentionRef

    events: dict[tuple, Event] = {}
    for m in mentions:
        key = (m.type, m.place.id or m.place.name if m.place else None, m.date,
               m.actors[0].id or m.actors[0].name if m.actors else None)
        ev = events.get(key)
        if ev is None:
            ev = events[key] = Event(event_id=f"e{len(events)}", type=m.type, mode=m.mode, date=m.date,
                                     date_precision=m.date_precision, actors=m.actors, targets=m.targets,
                                     place=m.place, fatalities=m.fatalities, control=m.control,
                                     certainty=m.certainty, claimed_by=m.claimed_by)
        ev.mentions.append(MentionRef(m.article_id, articles[m.article_id].outlet, m.language, m.start, m.end,
                                      m.text, m.sentence_index))
    return list(events.values())


def _events(seed_path):
    from frontwatch.export import event_record

    try:
        from frontwatch.resolve import resolve_mentions
    except ImportError:
        resolve_mentions = _simple_merge

    doc = make_document(seed_path.read_bytes(), source=str(seed_path))
    articles = split_document(doc)
    mentions = []
    for art in articles:
        if (art.language or "") == "en":
            mentions += code_article(art, split_sentences(art), page_articles=articles)
    exported = [m for m in mentions if m.certainty != "hypothetical"]
    events = resolve_mentions(exported, {a.article_id: a for a in articles})
    return [event_record(e) for e in events], mentions


@pytest.fixture(scope="module")
def seed_events(seed_path, tmp_path_factory):
    records, mentions = _events(seed_path)
    path = tmp_path_factory.mktemp("seed") / "events.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path, mentions


def test_seed_english_events_reach_floors(seed_events, shared_dir):
    path, _ = seed_events
    result = _scorer(shared_dir).score_events(str(shared_dir / "gold" / "seed.events.jsonl"), str(path))
    print(json.dumps({k: result[k] for k in ("events", "control", "fields", "missed")}, indent=1))
    assert result["events"]["f1"] >= EVENT_F1_FLOOR, result["missed"]
    assert result["control"]["f1"] >= CONTROL_F1_FLOOR, result["missed"]


def test_every_mention_keeps_provenance(seed_events, seed_path):
    _, mentions = seed_events
    assert mentions
    for m in mentions:
        assert m.article_id and m.sentence_index >= 0 and m.start < m.end and m.rule
        assert m.text.strip()
