"""Outlet registry: coverage, lookups by name, variant and domain, and validation errors."""
from __future__ import annotations

from collections import Counter

import pytest

from frontwatch.articles.outlets import default_registry, load_registry
from frontwatch.errors import DataFileError


def test_registry_covers_the_region_and_the_alignments():
    reg = default_registry()
    assert len(reg.outlets) >= 60
    countries = Counter(o.country for o in reg.outlets)
    for cc in ("SY", "IQ", "LB", "IL", "PS", "YE", "LY"):
        assert countries[cc] >= 1, cc
    alignments = {o.alignment for o in reg.outlets}
    for a in ("syrian-state", "hezbollah-affiliated", "russian-state", "kurdish", "syrian-opposition",
              "western-wire", "independent"):
        assert a in alignments
    assert sum("ar" in o.language for o in reg.outlets) >= 30
    assert all(o.reliability in "ABCDEF" for o in reg.outlets)


@pytest.mark.parametrize("name, domain, expected", [
    ("South Front", None, "south-front"),
    ("SouthFront", None, "south-front"),
    ("al-manar", None, "al-manar"),
    ("المنار", None, "al-manar"),
    ("سانا", None, "sana"),
    (None, "https://www.alraimedia.com/article/123", "al-rai"),
    (None, "english.almanar.com.lb", "al-manar"),
    (None, "arabic.rt.com", "rt"),
    ("Unknown Gazette", "example.org", None),
])
def test_lookup(name, domain, expected):
    hit = default_registry().lookup(name=name, domain=domain)
    assert (hit.id if hit else None) == expected
    if hit:
        assert default_registry().get(expected) is hit


def test_find_needs_capitals_for_short_names():
    reg = default_registry()
    assert [o.id for _, _, o in reg.find("BEIRUT (AP) - troops")] == ["ap"]
    assert reg.find("a map of the area") == []


GOOD = """alignments:
  independent: no sponsor
outlets:
- id: one
  name: One News
  variants: [One]
  domains: [one.example]
  country: SY
  language: [en]
  alignment: independent
  owner: nobody
  reliability: C
"""


@pytest.mark.parametrize("broken, line, field", [
    (GOOD.replace("reliability: C", "reliability: Z"), 12, "reliability"),
    (GOOD.replace("alignment: independent\n  owner", "alignment: mystery\n  owner"), 10, "alignment"),
    (GOOD.replace("country: SY", "country: Syria"), 8, "country"),
    (GOOD.replace("language: [en]", "language: [english]"), 9, "language"),
    (GOOD.replace("domains: [one.example]", "domains: [https://one.example/]"), 7, "domains"),
    (GOOD.replace("  name: One News\n", ""), 4, "name"),
    (GOOD.replace("  owner: nobody\n", "  owner: nobody\n  colour: red\n"), 12, "colour"),
    (GOOD + GOOD.split("outlets:\n")[1], 13, "id"),
    (GOOD.replace("variants: [One]", "variants: [One, [x]]"), 6, "variants"),
])
def test_bad_file_names_file_line_and_field(tmp_path, broken, line, field):
    path = tmp_path / "outlets.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_registry(path)
    assert f"{path}:{line}" in str(err.value) and f"'{field}'" in str(err.value)


def test_invalid_yaml_is_a_data_file_error(tmp_path):
    path = tmp_path / "outlets.yaml"
    path.write_text("outlets: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="invalid YAML"):
        load_registry(path)
    assert load_registry(_write(tmp_path, GOOD)).lookup(name="one").id == "one"


def _write(tmp_path, text):
    path = tmp_path / "good.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, line_text, field", [
    (lambda t: t.replace("months:\n  1:", "months:\n  13:"), "  13:", "months"),
    (lambda t: t.replace("related:\n", "related: 7\nx_related:\n"), "related: 7", "related"),
    (lambda t: t.replace("end:\n", "x_end:\n"), None, "end"),
])
def test_bad_phrase_file_names_file_line_and_field(tmp_path, edit, line_text, field):
    from frontwatch.articles.datafile import data_path
    from frontwatch.articles.phrases import load_phrases

    text = edit(data_path("articles_phrases.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "phrases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_phrases(path)
    assert str(path) in str(err.value) and f"'{field}'" in str(err.value)
    if line_text:
        n = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(line_text))
        assert f"{path}:{n}:" in str(err.value)
