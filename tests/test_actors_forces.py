"""A state's adjective and a military noun name its forces (data/actors/_forces.yaml); own sentences."""
from __future__ import annotations

import pytest

from frontwatch.errors import DataFileError
from frontwatch.kb.actors import (
    ActorKB,
    alignments_file,
    data_files,
    default_kb,
    forces_file,
)
from frontwatch.kb.actors_data import load_files, load_forces


@pytest.mark.parametrize("text, surface, actor_id", [
    ("Israeli tanks moved up to the fence near Quneitra.", "Israeli tanks", "idf"),
    ("Turkish artillery pounded villages around Afrin overnight.", "Turkish artillery", "turkish-armed-forces"),
    ("Russian warplanes struck the town twice.", "Russian warplanes", "russian-aerospace-forces"),
    ("Iraqi forces entered the district at dawn.", "Iraqi forces", "iraqi-armed-forces"),
    ("Turkish jets hit positions near Tal Rifaat.", "Turkish jets", "turkish-air-force"),
    ("Syrian helicopters dropped barrel bombs on the valley.", "Syrian helicopters", "syrian-arab-air-force"),
    ("US drones were seen over the desert base.", "US drones", "us-air-force"),
    ("Iraqi government troops retook the border town.", "Iraqi government troops", "iraqi-armed-forces"),
    ("قصفت المدفعية التركية قرى في ريف عفرين.", "المدفعية التركية", "turkish-armed-forces"),
    ("شنت الطائرات الحربية الروسية غارات على البلدة.", "الطائرات الحربية الروسية", "russian-aerospace-forces"),
    ("توغلت الدبابات الإسرائيلية في المنطقة العازلة.", "الدبابات الإسرائيلية", "idf"),
])
def test_adjective_and_military_noun_name_the_state_forces(text, surface, actor_id):
    found = {text[m.start:m.end]: m.actor_id for m in default_kb().find(text)}
    assert found.get(surface) == actor_id


def test_listed_names_are_not_shadowed():
    kb = default_kb()
    (m,) = kb.find("The Syrian army shelled the hills.")
    assert m.actor_id == "saa" and "alias" in m.why


def test_lower_case_us_is_not_the_united_states():
    assert not [m for m in default_kb().find("The officers told us drones had been heard.") if m.actor_id.startswith("us-")]


def test_every_bundled_phrase_names_a_known_actor():
    raws = load_files(data_files())
    phrases = load_forces(forces_file(), {r.data["id"] for r in raws})
    assert len(phrases) > 100 and {lang for _, _, lang in phrases} == {"en", "ar"}
    kb = ActorKB(raws, None, phrases)
    assert kb.find("Lebanese troops")[0].actor_id == "lebanese-army"
    assert ActorKB.from_files(data_files(), alignments_file()).find("Israeli tanks") == []  # without the file


@pytest.mark.parametrize("text, line, field", [
    ("nouns:\n  sea: {en: [ships]}\nstates: []\n", 2, "nouns"),
    ("nouns:\n  ground: {en: [tanks]}\nstates:\n  - {en: [Martian], ground: no-such-actor}\n", 4, "states.ground"),
    ("nouns:\n  ground: {en: tanks}\nstates: []\n", 2, "nouns.ground.en"),
    ("nouns: [tanks]\nstates: []\n", 1, "-"),
])
def test_bad_forces_file_names_line_and_field(tmp_path, text, line, field):
    path = tmp_path / "_forces.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_forces(path, {"idf"})
    assert f"line {line}, field '{field}'" in str(err.value) and "_forces.yaml" in str(err.value)
