"""Actor knowledge base: data validation, mention finding, dated names and generic mentions in context."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from frontwatch.errors import DataFileError
from frontwatch.kb.actors import ActorContext, ActorKB, data_files, default_kb
from frontwatch.kb.actors_data import KINDS, load_files

DATA = Path(__file__).resolve().parent.parent / "src" / "frontwatch" / "data"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return default_kb()


# ---- the bundled data ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.name)
def test_each_data_file_is_valid_yaml_list_of_entries(path):
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), path.name


def test_bundled_kb_loads_and_is_large_enough(kb):
    real = [a for a in kb.actors.values() if not a.generic]
    assert len(real) >= 150
    assert {a.kind for a in real} >= KINDS - {"civilians"} | {"civilians"}
    for a in kb.actors.values():
        assert a.name_en and a.name_ar and a.kind in KINDS
        assert re.search(r"[\u0600-\u06FF]", a.name_ar), a.id
        if a.parent:
            assert a.parent in kb


def test_every_generic_rule_alignment_is_a_known_outlet_alignment(kb):
    outlets = DATA / "outlets.yaml"
    if not outlets.exists():
        pytest.skip("outlet registry not present")
    known = set(yaml.safe_load(outlets.read_text(encoding="utf-8"))["alignments"])
    for a in kb.actors.values():
        for rule in a.resolve:
            for al in (rule.get("when") or {}).get("outlet_alignment", []):
                assert al in known, (a.id, al)


@pytest.mark.parametrize("actor_id, parent", [
    ("tiger-forces", "saa"), ("kataib-hezbollah", "pmu"), ("quds-force", "irgc"), ("ypg", "sdf"),
    ("amaq", "isis"), ("hurras-al-din", "al-qaeda"), ("russian-aerospace-forces", "russian-armed-forces"),
])
def test_hierarchy(kb, actor_id, parent):
    assert kb.get(actor_id).parent == parent


@pytest.mark.parametrize("actor_id, theatre, side", [
    ("saa", "syria", "pro-government"), ("tiger-forces", "syria", "pro-government"),  # inherited from SAA
    ("hts", "syria", "opposition"), ("sdf", "syria", "SDF"), ("ypj", "syria", "SDF"), ("isis", "iraq", "ISIS"),
    ("sna", "syria", "Turkey-backed"), ("cjtf-oir", "syria", "US-led"), ("peshmerga", "iraq", "Kurdistan Region"),
    ("kataib-hezbollah", "iraq", "government"), ("cts", "iraq", "government"), ("un", "syria", None),
])
def test_sides(kb, actor_id, theatre, side):
    assert kb.side(actor_id, theatre) == side


def test_get_unknown_id_raises(kb):
    with pytest.raises(KeyError, match="no-such-actor"):
        kb.get("no-such-actor")


def test_default_kb_is_cached():
    assert default_kb() is default_kb()


# ---- bad data is refused with file, line and field -----------------------------------------------
GOOD = """\
- id: alpha
  name_en: Alpha Brigade
  name_ar: لواء ألفا
  aliases_en: [Alpha]
  kind: militia
  country: SY
- id: beta
  name_en: Beta Front
  name_ar: جبهة بيتا
  kind: rebel group
  country: SY
"""


def _load(tmp_path: Path, text: str, name: str = "bad.yaml") -> ActorKB:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return ActorKB.from_files([p])


def test_small_good_file_loads(tmp_path):
    kb = _load(tmp_path, GOOD, "good.yaml")
    assert [m.actor_id for m in kb.find("Alpha and Beta Front")] == ["alpha", "beta"]


@pytest.mark.parametrize("label, text, line, field, words", [
    ("duplicate id", GOOD + "- {id: alpha, name_en: Other, name_ar: آخر, kind: militia, country: IQ}\n",
     12, "id", "duplicate id 'alpha'"),
    ("alias on two actors", GOOD.replace("  kind: rebel group", "  aliases_en: [Alpha]\n  kind: rebel group"),
     10, "aliases_en", "also names actor 'alpha'"),
    ("unknown parent", GOOD.replace("  kind: rebel group", "  parent: gamma\n  kind: rebel group"),
     10, "parent", "unknown actor 'gamma'"),
    ("bad date", GOOD.replace("  kind: rebel group", "  valid_from: 2016-13-45\n  kind: rebel group"),
     10, "valid_from", "not a valid YYYY-MM-DD date"),
    ("dates reversed", GOOD.replace("  kind: militia", "  valid_from: 2017-01-01\n  valid_until: 2016-01-01\n  kind: militia"),
     5, "valid_from", "after valid_until"),
    ("bad dated name", GOOD.replace("  kind: militia", "  names:\n    - {name: Old Alpha, valid_until: 2016-02-30}\n  kind: militia"),
     6, "names", "valid_until"),
    ("unknown kind", GOOD.replace("kind: militia", "kind: army"), 5, "kind", "'army' is not one of"),
    ("bad side", GOOD.replace("  kind: militia", "  sides: {syria: rebels}\n  kind: militia"),
     5, "sides", "'rebels' is not a side of syria"),
    ("bad country", GOOD.replace("country: SY\n- id: beta", "country: Syria\n- id: beta"), 6, "country", "alpha-2"),
    ("missing name_ar", GOOD.replace("  name_ar: جبهة بيتا\n", ""), 7, "name_ar", "missing required field"),
    ("unknown field", GOOD.replace("  kind: rebel group", "  colour: red\n  kind: rebel group"),
     10, "colour", "unknown field"),
    ("parent loop", GOOD.replace("  kind: militia", "  parent: beta\n  kind: militia")
     .replace("  kind: rebel group", "  parent: alpha\n  kind: rebel group"), 5, "parent", "loops"),
    ("rule to unknown actor", GOOD + "- id: g\n  name_en: the lads\n  name_ar: الشباب\n  kind: militia\n"
     "  country: null\n  generic: true\n  resolve:\n    - {when: {country: SY}, then: delta}\n", 19, "resolve", "unknown actor 'delta'"),
    ("yaml syntax", GOOD + "- id: [unclosed\n", 13, "-", "YAML syntax"),
    ("generic without rules", GOOD.replace("  kind: rebel group", "  generic: true\n  kind: rebel group"),
     10, "generic", "needs 'resolve' rules"),
    ("bad alias item", GOOD.replace("aliases_en: [Alpha]", "aliases_en: [Alpha, {nom: x}]"), 4, "aliases_en", "item 1"),
])
def test_bad_data_is_refused_naming_file_line_field(tmp_path, label, text, line, field, words):
    with pytest.raises(DataFileError) as exc:
        _load(tmp_path, text)
    msg = str(exc.value)
    assert "bad.yaml" in msg, msg
    assert f"line {line}," in msg, msg
    assert f"field '{field}'" in msg, msg
    assert words in msg, msg
    assert exc.value.code == "FW200"


def test_alias_shared_across_countries_is_allowed_and_split_by_context(tmp_path):
    text = GOOD.replace("country: SY\n- id: beta", "country: SY\n- id: beta").replace(
        "  kind: rebel group\n  country: SY", "  aliases_en: [Alpha]\n  kind: rebel group\n  country: IQ")
    kb = _load(tmp_path, text, "ok.yaml")
    assert kb.resolve_name("Alpha", context=ActorContext(country="SY")).actor_id == "alpha"
    assert kb.resolve_name("Alpha", context=ActorContext(country="IQ")).actor_id == "beta"


def test_alias_shared_by_periods_that_do_not_overlap_is_allowed(tmp_path):
    text = GOOD.replace("  kind: militia", "  valid_until: 2015-01-01\n  kind: militia").replace(
        "  kind: rebel group", "  aliases_en: [Alpha]\n  valid_from: 2015-01-01\n  kind: rebel group")
    kb = _load(tmp_path, text, "ok.yaml")
    assert kb.resolve_name("Alpha", context=ActorContext(date="2014-06-01")).actor_id == "alpha"
    assert kb.resolve_name("Alpha", context=ActorContext(date="2016-06-01")).actor_id == "beta"


def test_bundled_files_loaded_one_by_one_name_the_missing_parent(tmp_path):
    # a single file whose parents live in another file is refused, naming the field
    with pytest.raises(DataFileError, match=r"field 'parent': unknown actor"):
        load_files([p for p in data_files() if p.name == "media.yaml"])


# ---- finding mentions ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Kata'ib Hezbollah and Hezbollah", [("Kata'ib Hezbollah", "kataib-hezbollah"), ("Hezbollah", "hezbollah")]),
    ("Kata’ib Hezbollah", [("Kata’ib Hezbollah", "kataib-hezbollah")]),
    ("Kataib Hezbollah", [("Kataib Hezbollah", "kataib-hezbollah")]),
    ("Ahrar ash-Sham", [("Ahrar ash-Sham", "ahrar-al-sham")]),  # article assimilated to a sun letter
    ("Hashd ash-Shaabi", [("Hashd ash-Shaabi", "pmu")]),
    ("Abu Bakr Baghdadi", [("Abu Bakr Baghdadi", "abu-bakr-al-baghdadi")]),  # article before the last word
    ("the Syrian Arab Army (SAA)", [("Syrian Arab Army", "saa"), ("SAA", "saa")]),
    ("Hay'at Tahrir al-Sham", [("Hay'at Tahrir al-Sham", "hts")]),
    ("HAYAT TAHRIR AL-SHAM fighters", [("HAYAT TAHRIR AL-SHAM", "hts"), ("fighters", "hts")]),
    ("the PMUs entered al-Qaim", [("PMUs", "pmu")]),
    ("this is it", []),  # "is" is not IS: acronyms are case-sensitive
    ("IS claimed the attack", [("IS", "isis")]),
    ("THE WAR ON TERROR IS BEING WON", []),  # a headline in capitals
    ("Hezbollahi and SDFX", []),  # word boundaries
    ("Russian Aerospace Forces jets", [("Russian Aerospace Forces", "russian-aerospace-forces")]),
    ("وبالجيش السوري", [("الجيش السوري", "saa")]),
    ("للجيش السوري", [("جيش السوري", "saa")]),
    ("لحزب الله", [("حزب الله", "hezbollah")]),
    ("وداعش وقسد", [("داعش", "isis"), ("قسد", "sdf")]),
    ("فالحرس الثوري", [("الحرس الثوري", "irgc")]),
    ("كتائب حزب الله", [("كتائب حزب الله", "kataib-hezbollah")]),
    ("هَيْئَة تَحْرِير الشَّام", [("هَيْئَة تَحْرِير الشَّام", "hts")]),
    ("تنظيم «داعش»", [("تنظيم «داعش", "isis")]),
    ("القاعدة الجوية", []),  # "the air base", not al-Qaeda
    ("حزب اللهي", []),
    ("النظام الدولي", []),  # "the international order", not the regime
    ("fighting on the southern front", []),  # case-sensitive alias
    ("the Southern Front said", [("Southern Front", "southern-front")]),
    ("a general amnesty was declared", []),
    ("NATO and nato", [("NATO", "nato")]),  # a name in capitals is case-sensitive like an acronym alias
    ("a coalition of factions", []),
    ("Hafez al-Assad ruled", [("Hafez al-Assad", "hafez-al-assad")]),
])
def test_find_surface_and_actor(kb, text, expected):
    got = kb.find(text)
    assert [(m.text, m.actor_id) for m in got] == expected
    for m in got:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text, actor_id", [
    ("Qassim Suleimany arrived", "qasem-soleimani"),
    ("Ahmed Abou Al Ghaith said", "ahmed-aboul-gheit"),
    ("Abu Mahdi al-Muhandes said", "abu-mahdi-al-muhandis"),
    ("Mazloum Abdee said", "mazloum-abdi"),
])
def test_person_spelling_variants_by_skeleton(kb, text, actor_id):
    (m,) = kb.find(text)
    assert m.actor_id == actor_id and m.score < 0.9 and "spelling variant" in m.why


@pytest.mark.parametrize("text", ["Syrian Arab Army units", "The Arab League Council", "Deir Ezzor Military",
                                  "Ahmed Said", "New York Times"])
def test_capitalised_words_that_are_no_person_stay_unmatched_by_skeleton(kb, text):
    assert all("spelling variant" not in m.why for m in kb.find(text))


def test_find_gives_side_in_the_context_theatre_and_names_in_the_language(kb):
    (m,) = kb.find("حزب الله", lang="ar", context=ActorContext(country="SY"))
    assert (m.actor_id, m.side, m.name) == ("hezbollah", "pro-government", "حزب الله")
    (m,) = kb.find("the Peshmerga", context=ActorContext(country="IQ"))
    assert (m.side, m.name) == ("Kurdistan Region", "Peshmerga")
    assert m.score > 0.5 and m.why


# ---- dated names ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name, date, actor_id", [
    ("Jabhat al-Nusra", None, "nusra"),
    ("Jabhat al-Nusra", "2015-05-01", "nusra"),
    ("Jabhat al-Nusra", "2017-11-19", "hts"),
    ("Jabhat Fateh al-Sham", "2016-09-01", "nusra"),
    ("Jabhat Fateh al-Sham", "2018-03-01", "hts"),
    ("جبهة النصرة", "2019-01-01", "hts"),
    ("Hayat Tahrir al-Sham", "2017-11-19", "hts"),
    ("Mahdi Army", "2005-01-01", "saraya-al-salam"),
])
def test_dated_names(kb, name, date, actor_id):
    assert kb.resolve_name(name, context=ActorContext(date=date)).actor_id == actor_id


@pytest.mark.parametrize("date, lang, name", [
    ("2016-10-01", "en", "Jabhat Fateh al-Sham"), ("2014-01-01", "en", "Jabhat al-Nusra"),
    ("2016-10-01", "ar", "جبهة فتح الشام"), (None, "en", "Jabhat al-Nusra"),
])
def test_match_name_is_the_name_in_use_on_the_date(kb, date, lang, name):
    (m,) = kb.find("al-Nusra Front", lang=lang, context=ActorContext(date=date))
    assert m.actor_id == "nusra" and m.name == name


def test_dated_name_out_of_use_says_so(kb):
    m = kb.resolve_name("Jabhat Fateh al-Sham", context=ActorContext(date="2018-03-01"))
    assert "2017-01-28" in m.why and "Hayat Tahrir al-Sham" in m.why


# ---- generic mentions in context (own sentences) ---------------------------------------------------
SY, IQ = "SY", "IQ"


@pytest.mark.parametrize("text, country, alignment, surface, actor_id", [
    ("Government troops advanced on the town overnight.", SY, None, "Government troops", "saa"),
    ("Government troops advanced on the town overnight.", IQ, None, "Government troops", "iraqi-army"),
    ("Government troops advanced on the town overnight.", None, None, "Government troops", "generic-government-forces"),
    ("The army shelled the outskirts of the village.", SY, None, "The army", "saa"),
    ("The army shelled the outskirts of the village.", IQ, None, "The army", "iraqi-army"),
    ("تقدم الجيش نحو القرية", SY, None, "الجيش", "saa"),
    ("تقدم الجيش نحو القرية", IQ, None, "الجيش", "iraqi-army"),
    ("وسيطرت القوات الحكومية على البلدة", IQ, None, "القوات الحكومية", "iraqi-army"),
    ("Terrorists fired mortar shells at a school in the city.", SY, "syrian-state", "Terrorists", "armed-opposition"),
    ("Terrorists fired mortar shells at a school in the city.", None, "syrian-state", "Terrorists", "armed-opposition"),
    ("Terrorists fired mortar shells at a school in the city.", SY, "turkish-state", "Terrorists", "ypg"),
    ("Terrorists of ISIS fired mortar shells at a school.", SY, "syrian-state", "Terrorists", "isis"),
    ("ISIS terrorists fired mortar shells at a school.", SY, "syrian-state", "terrorists", "isis"),
    ("Militants attacked an army checkpoint near the town.", IQ, None, "Militants", "isis"),
    ("Militants attacked an army checkpoint near the town.", SY, "kurdish", "Militants", "sna"),
    ("Militants attacked an army checkpoint near the town.", SY, None, "Militants", "armed-opposition"),
    ("HTS militants withdrew from the hill.", SY, None, "militants", "hts"),
    ("The regime dropped barrel bombs on the town.", SY, "syrian-opposition", "The regime", "syrian-government"),
    ("استهدف المسلحين حاجزاً للجيش", SY, "syrian-state", "المسلحين", "armed-opposition"),
    ("استهدف مسلحو داعش حاجزاً، وقتل المسلحين", IQ, None, "المسلحين", "isis"),
    ("Kurdish forces took the ridge.", SY, None, "Kurdish forces", "sdf"),
    ("Kurdish forces took the ridge.", IQ, None, "Kurdish forces", "peshmerga"),
    ("US aircraft and the coalition struck the bridge.", None, None, "the coalition", "cjtf-oir"),
    ("Mercenaries shelled the village.", SY, "kurdish", "Mercenaries", "sna"),
    ("Nusra terrorists shelled the village.", SY, None, "terrorists", "nusra"),
    ("وهاجم مسلحو داعش حاجزاً بعد أن انسحبت هيئة تحرير الشام", SY, None, "مسلحو", "isis"),  # idafa
    ("وقصف النظام البلدة", SY, None, "النظام", "syrian-government"),
    ("According to Amaq, its fighters took the town.", SY, None, "fighters", "isis"),  # a group's media wing
    ("The government said the road was open.", IQ, None, "The government", "iraqi-government"),
    ("وقالت الحكومة إن الطريق مفتوح", SY, None, "الحكومة", "syrian-government"),
    # the outlet's own forces ("our valiant army") and its own words for its side
    ("وأعلن جيشنا الباسل السيطرة على البلدة", SY, "syrian-state", "جيشنا الباسل", "saa"),
    ("وأعلنت قواتنا الأمنية تحرير القضاء", IQ, "iraqi-state", "قواتنا الأمنية", "iraqi-armed-forces"),
    ("وقالت المقاومة إنها استهدفت موقعاً", None, "hezbollah-affiliated", "المقاومة", "hezbollah"),
    ("The army and allied militias retook the hill.", SY, None, "allied militias", "pro-government-militias"),
    # the sentences before: the last armed group named (not of the outlet's own side, for a pejorative word)
    ("HTS fighters entered the town on Monday. On Tuesday, militants shelled the market.", SY, None,
     "militants", "hts"),
    ("The SDF said ISIS attacked its posts. The mercenaries were repelled.", SY, "kurdish", "mercenaries", "isis"),
    ("The SDF pushed into the town. The mercenaries fled to the desert.", SY, "turkish-state", "mercenaries", "sdf"),
    ("The SDF pushed into the town. The terrorists fled to the desert.", SY, "kurdish", "terrorists",
     "generic-terrorists"),
    # the group the whole text names most
    ("ISIS held the town for years. ISIS fighters laid mines. " + "The town was quiet for a long while. " * 20
     + "Mercenaries came back at night.", SY, "kurdish", "Mercenaries", "isis"),
])
def test_generic_mentions_resolve_by_context(kb, text, country, alignment, surface, actor_id):
    ctx = ActorContext(country=country, outlet_alignment=alignment)
    got = {m.text.lower(): m for m in kb.find(text, context=ctx)}
    m = got[surface.lower()]
    assert m.actor_id == actor_id, m.why
    assert m.generic


def test_bad_alignment_sides_file_is_refused(tmp_path):
    from frontwatch.kb.actors_data import load_alignment_sides

    p = tmp_path / "_alignments.yaml"
    p.write_text("kurdish: {syria: SDF}\nsyrian-state: {syria: loyalists}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"_alignments.yaml: line 2, field 'syrian-state'.*'loyalists'"):
        load_alignment_sides(p)


def test_caller_given_nearby_actor_resolves_a_generic(kb):
    (m,) = kb.find("militants withdrew", context=ActorContext(country="SY", nearby=["ahrar-al-sham"]))
    assert m.actor_id == "ahrar-al-sham"


# ---- resolve_name / explain / CLI ----------------------------------------------------------------
@pytest.mark.parametrize("name, actor_id", [
    ("ISIL", "isis"), ("Daesh", "isis"), ("داعش", "isis"), ("تنظيم الدولة", "isis"),
    ("Syrian Democratic Forces", "sdf"), ("قسد", "sdf"), ("CJTF-OIR", "cjtf-oir"), ("Wagner", "wagner-group"),
    ("Quds Force", "quds-force"), ("Asa'ib Ahl al-Haq", "asaib-ahl-al-haq"), ("OPCW", "opcw"),
    ("SANA", "sana"), ("Amaq", "amaq"), ("Abu Bakr al-Baghdadi", "abu-bakr-al-baghdadi"),
])
def test_resolve_name(kb, name, actor_id):
    assert kb.resolve_name(name).actor_id == actor_id


@pytest.mark.parametrize("country, actor_id", [("SY", "republican-guard-sy"), ("IQ", "iraqi-republican-guard")])
def test_bundled_name_shared_across_countries_is_split_by_context(kb, country, actor_id):
    for name in ("Republican Guard", "الحرس الجمهوري"):
        assert kb.resolve_name(name, context=ActorContext(country=country)).actor_id == actor_id


def test_explain_scores_a_shared_name_by_country(kb):
    info = kb.explain("قوى الأمن الداخلي", ActorContext(country="LB"))
    scores = {c["actor_id"]: c["score"] for c in info["candidates"]}
    assert info["choice"]["actor_id"] == "lebanese-isf"
    assert scores["lebanese-isf"] > scores["asayish"]
    assert all(0 <= c["score"] <= 1 for c in info["candidates"])


def test_resolve_name_of_no_actor(kb):
    assert kb.resolve_name("the weather in spring") is None


def test_explain_lists_candidates_with_reasons(kb):
    info = kb.explain("government forces", ActorContext(country="IQ"))
    assert info["choice"]["actor_id"] == "iraqi-army"
    by_id = {c["actor_id"]: c for c in info["candidates"]}
    assert by_id["iraqi-army"]["score"] > 0 and by_id["saa"]["score"] == 0
    assert "does not hold" in by_id["saa"]["why"]


def test_cli_actors_json_and_errors():
    import typer

    from frontwatch.kb import cli as kb_cli

    app = typer.Typer()  # only this area's commands: other areas' modules are not under test here
    app.callback()(lambda: None)  # a group, so that "actors" is a subcommand
    kb_cli.register(app)
    runner = CliRunner()
    r = runner.invoke(app, ["actors", "government troops", "--country", "SY", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.strip().splitlines()[-1])["choice"]["actor_id"] == "saa"
    r = runner.invoke(app, ["actors", "Nusra", "--date", "2017-13-01"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["actors", "the weather"])
    assert r.exit_code == 1
    r = runner.invoke(app, ["actors", "-", "--text", "--country", "SY", "--json"],
                      input="Government troops and ISIS militants clashed.")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.strip().splitlines()]
    assert [(x["text"], x["actor_id"]) for x in rows] == [("Government troops", "saa"), ("ISIS", "isis"),
                                                          ("militants", "isis")]


# ---- properties ----------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["ISIS", "Hezbollah", "Kata'ib Hezbollah", "the army", "SDF", "داعش", "وبالجيش السوري", "قسد",
           "militants", "IS", "is", "US-led coalition", "Damascus", "في دمشق", "«", "»", ",", ".", "\n", " ",
           "Hay\u02bcat Tahrir", "الإرهابيين", "x", "ال", "ـ"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from([None, "SY", "IQ"]))
def test_find_spans_are_exact_ordered_and_disjoint(pieces, country):
    text = " ".join(pieces)
    found = default_kb().find(text, context=ActorContext(country=country))
    last_end = 0
    for m in found:
        assert text[m.start:m.end] == m.text and m.text.strip()
        assert m.start >= last_end
        last_end = m.end
        assert m.actor_id in default_kb()


def test_find_on_empty_and_punctuation(kb):
    assert kb.find("") == [] and kb.find(" ,.;«» \n") == []
