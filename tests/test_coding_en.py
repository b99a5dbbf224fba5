"""English event coding: the team's table of test sentences, certainty, roles, lexicon validation."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from frontwatch.coding import code_sentence
from frontwatch.coding.lexicon import load_lexicon
from frontwatch.nlp.normalize import fold

FIXTURES = Path(__file__).parent / "fixtures" / "coding_en.yaml"
CASES = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


def _has(expected: str, *values) -> bool:
    want = fold(expected).strip()
    return any(v and want in fold(v) for v in values)


def _actor_ok(expected: list[str], refs) -> bool:
    return all(any(_has(e, r.name, r.text, r.id) for r in refs) for e in expected)


def _matches(exp: dict, ev) -> bool:
    checks = {
        "type": lambda v: ev.type == v,
        "mode": lambda v: ev.mode == v,
        "actors": lambda v: _actor_ok(v, ev.actors),
        "targets": lambda v: _actor_ok(v, ev.targets),
        "place": lambda v: ev.place is not None and _has(v, ev.place.name, ev.place.text),
        "control": lambda v: ev.control is None if v == "none" else (ev.control is not None and ev.control.status == v),
        "gained_by": lambda v: ev.control is not None and ev.control.gained_by is not None
        and _has(v, ev.control.gained_by.name, ev.control.gained_by.text, ev.control.gained_by.id),
        "lost_by": lambda v: ev.control is not None and ev.control.lost_by is not None
        and _has(v, ev.control.lost_by.name, ev.control.lost_by.text, ev.control.lost_by.id),
        "not_actors": lambda v: not any(_has(x, r.name, r.text, r.id) for x in v for r in ev.actors),
        "certainty": lambda v: ev.certainty == v,
        "claimed_by": lambda v: _has(v, ev.claimed_by),
        "date": lambda v: ev.date == str(v),
        "fatalities": lambda v: ev.fatalities == v,
    }
    return all(checks[k](v) for k, v in exp.items())


def _describe(events) -> str:
    return "\n".join(f"{e.type}/{e.mode} actors={[a.name for a in e.actors]} targets={[t.name for t in e.targets]} "
                     f"place={e.place and e.place.name} control={e.control and e.control.status} "
                     f"{e.certainty} {e.claimed_by} date={e.date} toll={e.fatalities} rule={e.rule}"
                     for e in events) or "(no events)"


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, marks=marks, id=f"{case.get('feature', '')}: {case['text'][:50]}")


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_sentence_table(case):
    events = code_sentence(case["text"], date=str(case["date"]) if case.get("date") else None)
    if case.get("none"):
        assert not [e for e in events if e.certainty != "hypothetical"], _describe(events)
        return
    for exp in case["expect"]:
        assert any(_matches(exp, e) for e in events), f"expected {exp}\ngot:\n{_describe(events)}"
    for etype in case.get("absent", []):  # types that must not be coded as reported or claimed
        assert not [e for e in events if e.type == etype and e.certainty != "hypothetical"], _describe(events)


def test_table_has_ten_sentences_per_type_used():
    """Every type the English lexicons can emit has at least ten table sentences expecting it (xfails excluded)."""
    lex = load_lexicon()
    used = {t.type for table in (lex.verbs, lex.nouns) for trigs in table.values() for t in trigs}
    counts = dict.fromkeys(sorted(used), 0)
    for case in CASES:
        if case.get("xfail"):
            continue
        for t in {e["type"] for e in case.get("expect", [])}:
            counts[t] = counts.get(t, 0) + 1
    short = {t: n for t, n in counts.items() if t in used and n < 10}
    assert used and not short, f"fewer than 10 passing table sentences: {short}"


def test_table_covers_required_features():
    features = " ".join(c.get("feature", "") for c in CASES)
    for f in ("passive", "coordination", "relative clause", "claim", "negation", "future"):
        assert f in features, f


def test_every_mention_has_offsets_and_rule():
    text = "The army captured the town of Mayadin. ISIS fled the city of Raqqa."
    events = code_sentence(text, date="2017-10-16")
    assert len(events) >= 2
    for e in events:
        assert text[e.start:e.end] == e.text and e.rule
    assert events[1].sentence_index == 1


def test_same_day_takes_the_previous_event_date():
    text = ("On October 14, the army captured the town of Mayadin. "
            "On the same day, ISIS fled the city of Raqqa.")
    events = code_sentence(text, date="2017-10-20")
    assert [e.date for e in events] == ["2017-10-14", "2017-10-14"]


def test_unanchored_relative_date_stays_null():
    events = code_sentence("Two days ago, the army captured the town of Mayadin.")
    assert events and events[0].date is None


def test_no_casualties_is_zero():
    events = code_sentence("Turkish artillery shelled the village of Jindires. The SDF suffered no casualties.",
                           date="2018-01-20")
    assert events and events[0].fatalities == 0


def test_unknown_lang_is_not_coded():
    assert code_sentence("Die Armee nahm die Stadt ein.", lang="de") == []


def test_lexicon_refuses_unknown_type(tmp_path, monkeypatch):
    from frontwatch.coding import lexicon
    from frontwatch.errors import DataFileError

    with pytest.raises(DataFileError, match="line 3"):
        lexicon._trigger({"id": "x", "verbs": ["go"], "type": "NOPE"}, "ASSAULT", "bad.yaml", 3)
    with pytest.raises(DataFileError, match="preps"):
        lexicon._trigger({"id": "x", "verbs": ["go"], "preps": {True: "place"}}, "ASSAULT", "bad.yaml", 4)


def test_ontology_docs_list_every_type_and_mode():
    from frontwatch.coding.ontology import acled_for, plover_types

    doc = (Path(__file__).parent.parent / "docs" / "ontology.md").read_text(encoding="utf-8")
    for t, body in plover_types().items():
        assert f"## {t}" in doc
        for m in body["modes"]:
            assert f"`{m}`" in doc
    assert acled_for("ASSAULT", "aerial") == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_for("NOPE", None) == (None, None)


def test_given_sentences_code_like_the_article_alone():
    from frontwatch.coding import code_article
    from frontwatch.models import Article
    from frontwatch.nlp.sentences import split_sentences

    text = "Syrian troops captured the town of Mayadin.\n\nISIS fled the city of Raqqa on Sunday."
    art = Article(article_id="a", document="d", index=0, text=text, published="2017-10-16", language="en")
    sents = split_sentences(art)
    assert [s.text for s in sents] == ["Syrian troops captured the town of Mayadin.",
                                       "ISIS fled the city of Raqqa on Sunday."]
    assert all(text[s.start:s.end] == s.text for s in sents)
    with_sents = [(e.type, e.sentence_index, e.date) for e in code_article(art, sents)]
    alone = [(e.type, e.sentence_index, e.date) for e in code_article(art)]
    assert with_sents == alone == [("ASSAULT", 0, "2017-10-16"), ("RETREAT", 1, "2017-10-15")]


def test_arabic_sentences_split_on_punctuation():
    from frontwatch.models import Article
    from frontwatch.nlp.sentences import split_sentences

    text = "سيطر الجيش على المدينة. وانسحب التنظيم؟ نعم"
    sents = split_sentences(Article(article_id="a", document="d", index=0, text=text, language="ar"))
    assert len(sents) == 3 and all(text[s.start:s.end] == s.text for s in sents)


@pytest.mark.parametrize("sentence, certainty, claimed_by", [
    ("Amaq claimed that ISIS fighters attacked the town of Mayadin.", "claimed", "Amaq"),
    ("Pro-HTS sources claimed that militants destroyed a tank of the army near Saraqib.", "claimed", "Pro-HTS sources"),
    ("According to the Hezbollah media wing, ISIS fighters fled the town of Qaim.", "claimed", "Hezbollah media wing"),
    ("ISIS fighters reportedly fled the town of Qaim.", "claimed", None),
    ("ISIS fighters fled the town of Qaim.", "reported", None),
    ("The army will not allow ISIS to attack the town of Mayadin.", "hypothetical", None),
    ("The army could attack the town of Mayadin.", "hypothetical", None),
    ("Did the army really capture the town of Mayadin?", "hypothetical", None),
    ("The army launched a campaign to liberate the town of Mayadin.", "hypothetical", None),
    ("The army managed to liberate the town of Mayadin.", "reported", None),
])
def test_certainty(sentence, certainty, claimed_by):
    events = [e for e in code_sentence(sentence, date="2017-10-16") if e.type in ("ASSAULT", "RETREAT")]
    assert events, sentence
    main = events[-1]
    assert main.certainty == certainty, main.rule
    if claimed_by:
        assert _has(claimed_by, main.claimed_by)


def test_code_command_json_and_errors():
    import json

    from typer.testing import CliRunner

    from frontwatch.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["code", "Syrian troops captured the town of Mayadin on Sunday.", "--date",
                              "2017-10-16", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert rows[0]["type"] == "ASSAULT" and rows[0]["control"]["status"] == "captured" and rows[0]["rule"]
    assert rows[0]["date"] == "2017-10-15"
    table = runner.invoke(app, ["code", "Syrian troops captured the town of Mayadin."])
    assert table.exit_code == 0 and "capture" in table.stdout and "parse" in table.stdout
    bad = runner.invoke(app, ["code", "x", "--date", "2017-13-40"])
    assert bad.exit_code != 0


@pytest.mark.parametrize("sentence, etype, actor", [
    ("The Iraqi government announced that its troops will withdraw from Kirkuk next month.", "CONCEDE", None),
    ("Israel told Iran that it would strike any base near the border.", "THREATEN", "Israel"),
])
def test_announced_future_acts_are_reported_as_concessions_and_threats(sentence, etype, actor):
    events = [e for e in code_sentence(sentence, date="2017-10-16") if e.type == etype]
    assert events and events[0].certainty == "reported", events
    assert actor is None or _actor_ok([actor], events[0].actors)


@pytest.mark.parametrize("sentence, certainty, actor", [
    ("The SDF said on Sunday they had captured the al-Omar oil field.", "claimed", "Syrian Democratic Forces"),
    ("Pro-government sources denied that the town of Mayadin had been lost.", "hypothetical", None),
])
def test_speakers_and_denials(sentence, certainty, actor):
    events = code_sentence(sentence, date="2017-10-22")
    assert events and events[0].certainty == certainty, _describe(events)
    assert actor is None or _actor_ok([actor], events[0].actors), _describe(events)


def test_year_less_dates_anchor_on_the_nearest_dated_article_of_the_page():
    from frontwatch.coding import code_article
    from frontwatch.models import Article

    text = "On November 19, the army captured the town of Mayadin. On Sunday, ISIS fled the city of Raqqa."
    undated = Article(article_id="b", document="d", index=1, text=text, language="en")
    far = Article(article_id="a", document="d", index=5, text="x", published="2016-03-01", language="en")
    near = Article(article_id="c", document="d", index=2, text="y", published="2017-11-23", language="en")
    alone = code_article(undated)
    assert [e.date for e in alone] == [None, None]
    paged = code_article(undated, page_articles=[far, undated, near])
    # the year comes from the nearest dated article; a weekday needs the article's own date
    assert [e.date for e in paged] == ["2017-11-19", None]


@pytest.mark.parametrize("sentence, acled", [
    ("Gunmen attacked a village near Homs, killing 12 civilians.", ("Violence against civilians", "Attack")),
    ("Russian jets bombed a village near Homs, killing 12 civilians.", ("Explosions/Remote violence", "Air/drone strike")),
    ("Syrian troops captured the town of Mayadin.", ("Battles", "Government regains territory")),
    ("ISIS captured the town of Mayadin.", ("Battles", "Non-state actor overtakes territory")),
    ("The SDF handed over the town of Manbij to government forces.",
     ("Strategic developments", "Non-violent transfer of territory")),
])
def test_acled_categories(sentence, acled):
    events = code_sentence(sentence, date="2017-10-16")
    assert events and (events[0].acled_event_type, events[0].acled_sub_event_type) == acled, _describe(events)


def test_unknown_pipeline_name_is_a_clear_error(monkeypatch):
    from frontwatch.errors import DataFileError
    from frontwatch.nlp import pipeline

    with pytest.raises(DataFileError, match="not installed"):
        pipeline.load("no_such_pipeline_xyz")
    monkeypatch.setenv(pipeline.ENV_VAR, "another_model")
    assert pipeline.model_name() == "another_model"
    assert pipeline.model_name("explicit") == "explicit"
