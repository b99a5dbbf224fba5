"""Exports read back and checked against the field list of the design page (the contract)."""
from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from frontwatch.export import ARTICLE_FIELDS, EVENT_FIELDS, write
from frontwatch.models import ActorRef, Article, Control, Event, MentionRef, PlaceRef

CONTRACT_PLACE = {"id", "name", "lat", "lon", "country", "admin1", "precision", "located"}
CONTRACT_MENTION = {"article_id", "outlet", "language", "start", "end", "text"}


def _events() -> list[Event]:
    saa = ActorRef("sy.saa", "Syrian Arab Army", "pro-government")
    isis = ActorRef("isis", "Islamic State", "ISIS")
    full = Event(
        event_id="ev1", type="ASSAULT", mode="firearms", acled_event_type="Battles",
        acled_sub_event_type="Government regains territory", date="2017-11-19", date_precision="day",
        actors=[saa], targets=[isis], place=PlaceRef("g:1", "Abu Kamal", 34.45, 40.92, "SY", "Deir ez-Zor"),
        fatalities=50, control=Control(saa, isis, "captured"), sources=3, independent_sources=2, grade="B2",
        mentions=[MentionRef("a-00", "Al-Manar", "en", 10, 80, "The army regained the city."),
                  MentionRef("a-01", "الراي", "ar", 0, 40, "حرر الجيش المدينة")])
    bare = Event(event_id="ev2", type="THREATEN", certainty="claimed", claimed_by="a group's statement")
    return [full, bare]


def _articles() -> list[Article]:
    return [Article("d-00", "d", 0, "Body text,\nwith a comma and \"quotes\".", title="T", outlet="SANA",
                    published="2017-11-20", language="en")]


def test_jsonl_events_carry_exactly_the_contract_fields():
    buf = io.StringIO()
    assert write("events", _events(), "jsonl", buf) == 2
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    for r in rows:
        assert list(r) == EVENT_FIELDS
    full = rows[0]
    assert set(full["place"]) == CONTRACT_PLACE
    assert set(full["mentions"][0]) == CONTRACT_MENTION
    assert full["control"] == {"gained_by": {"id": "sy.saa", "name": "Syrian Arab Army"},
                               "lost_by": {"id": "isis", "name": "Islamic State"}, "status": "captured"}
    assert full["actors"] == [{"id": "sy.saa", "name": "Syrian Arab Army", "side": "pro-government"}]
    assert rows[1]["place"] is None and rows[1]["control"] is None and rows[1]["mentions"] == []


def test_csv_events_have_acled_columns_and_every_field():
    buf = io.StringIO()
    write("events", _events(), "csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert set(EVENT_FIELDS) <= set(rows[0])
    assert rows[0]["event_type"] == "Battles" and rows[0]["latitude"] == "34.45"
    assert rows[0]["source"] == "Al-Manar; الراي"
    assert json.loads(rows[0]["mentions"])[1]["text"] == "حرر الجيش المدينة"


def test_geojson_points_and_null_geometry():
    buf = io.StringIO()
    write("events", _events(), "geojson", buf)
    fc = json.loads(buf.getvalue())
    assert fc["type"] == "FeatureCollection"
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [40.92, 34.45]}
    assert fc["features"][1]["geometry"] is None
    assert list(fc["features"][0]["properties"]) == EVENT_FIELDS


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "events.parquet"
    write("events", _events(), "parquet", str(path))
    rows = pq.read_table(path).to_pylist()
    assert [list(r) for r in rows] == [EVENT_FIELDS, EVENT_FIELDS]
    assert rows[0]["place"]["lat"] == 34.45 and rows[0]["mentions"][1]["language"] == "ar"
    assert rows[1]["fatalities"] is None


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_articles_export_fields(tmp_path, fmt):
    path = tmp_path / f"a.{fmt}"
    write("articles", _articles(), fmt, str(path))
    if fmt == "jsonl":
        row = json.loads(path.read_text().splitlines()[0])
    elif fmt == "csv":
        row = next(csv.DictReader(path.open(newline="")))
    else:
        row = pq.read_table(path).to_pylist()[0]
    assert list(row)[:len(ARTICLE_FIELDS)] == ARTICLE_FIELDS
    assert row["text"] == 'Body text,\nwith a comma and "quotes".'


def test_geojson_for_articles_is_refused():
    with pytest.raises(ValueError, match="geojson is for events"):
        write("articles", _articles(), "geojson", io.StringIO())
