"""The query API on a real SQLite file and on PostgreSQL: filters, sorting, cursor pages, downloads,
control, errors, and the token-guarded ingest."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from frontwatch.api.app import MAX_BODY_BYTES, MAX_URLS, create_app
from frontwatch.store.queries import parse_refs
from tests.test_api_store import build_demo_store

VISIBLE = {"ev-bukamal-claim", "ev-bukamal-retake", "ev-bukamal-capture", "ev-bukamal-flee", "ev-mayadin",
           "ev-qaim", "ev-raqqa", "ev-atarib"}  # all but the hypothetical one
TOKEN = "s3cret-token"


def _url(store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_db(request, tmp_path_factory):
    """One demo store per database engine for the whole module (the read tests do not write)."""
    from frontwatch.store import Store

    if request.param == "sqlite":
        store = Store.open(str(tmp_path_factory.mktemp("api") / "fw.db"))
    else:
        url, _ = request.getfixturevalue("pg_database")
        store = Store.open(url)
        store.wipe()
    build_demo_store(store)
    yield _url(store)
    store.close()


@pytest.fixture(scope="module")
def client(api_db):
    with TestClient(create_app(api_db)) as c:
        yield c


@pytest.fixture(scope="module")
def writer_store(tmp_path_factory):
    from frontwatch.store import Store

    store = Store.open(str(tmp_path_factory.mktemp("ingest") / "fw.db"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def writer(writer_store):
    with TestClient(create_app(_url(writer_store), token=TOKEN)) as c:
        yield c


def _ids(resp) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {e["event_id"] for e in resp.json()["items"]}


@pytest.mark.parametrize("params, expected", [
    ({}, VISIBLE),
    ({"date_from": "2017-11-08", "date_to": "2017-11-10"}, {"ev-bukamal-claim", "ev-bukamal-retake"}),
    ({"type": "RETREAT"}, {"ev-bukamal-flee"}),
    ({"type": "retreat,concede", "certainty": ["claimed", "hypothetical"]}, {"ev-bukamal-flee", "ev-hypothetical"}),
    ({"mode": "aerial"}, {"ev-atarib"}),
    ({"acled_event_type": "Explosions/Remote violence"}, {"ev-atarib"}),
    ({"acled_sub_event_type": "Non-state actor overtakes territory"}, {"ev-bukamal-retake", "ev-raqqa"}),
    ({"actor": "hezbollah"}, {"ev-bukamal-capture"}),
    ({"actor": "democratic"}, {"ev-raqqa"}),
    ({"side": "SDF"}, {"ev-raqqa"}),
    ({"side": "sdf"}, set()),  # sides are a closed vocabulary, matched exactly
    ({"place": "place:al-qaim"}, {"ev-qaim"}),
    ({"place": "mayadin"}, {"ev-mayadin"}),
    ({"bbox": "40.5,34,41.5,34.6"}, {"ev-bukamal-claim", "ev-bukamal-retake", "ev-bukamal-capture",
                                     "ev-bukamal-flee", "ev-qaim"}),
    ({"country": "iq"}, {"ev-qaim"}),
    ({"certainty": "claimed"}, {"ev-bukamal-claim", "ev-bukamal-flee"}),
    ({"control": "true", "date_from": "2017-11-10"}, {"ev-bukamal-retake", "ev-bukamal-capture"}),
    ({"min_sources": 2}, {"ev-bukamal-capture", "ev-bukamal-retake"}),
    ({"grade": "A,B"}, {"ev-bukamal-capture", "ev-bukamal-retake"}),
    ({"language": "ar"}, {"ev-bukamal-capture", "ev-raqqa", "ev-atarib"}),
    ({"outlet": "manar"}, {"ev-bukamal-capture", "ev-bukamal-claim", "ev-bukamal-flee"}),
    ({"q": "euphrates"}, {"ev-bukamal-flee"}),
    ({"q": "البوكمال"}, {"ev-bukamal-capture"}),
    ({"q": "50%"}, set()),  # LIKE wildcards in the words are taken literally
    ({"type": "ASSAULT", "side": "ISIS", "date_to": "2017-11-10"}, {"ev-bukamal-retake", "ev-bukamal-claim",
                                                                     "ev-mayadin", "ev-qaim", "ev-raqqa"}),
])
def test_event_filters(client, params, expected):
    assert _ids(client.get("/api/events", params=params)) == expected


def test_count_and_contract_fields(client):
    body = client.get("/api/events", params={"count": "true", "limit": 1}).json()
    assert body["total"] == len(VISIBLE) and len(body["items"]) == 1 and body["next_cursor"]
    ev = body["items"][0]
    assert list(ev) == ["event_id", "type", "mode", "acled_event_type", "acled_sub_event_type", "date",
                        "date_precision", "actors", "targets", "place", "fatalities", "control", "certainty",
                        "claimed_by", "sources", "independent_sources", "grade", "mentions"]


@pytest.mark.parametrize("sort", ["date", "-date", "fatalities", "-fatalities", "sources", "-sources"])
def test_cursor_pages_walk_every_event_once_in_order(client, sort):
    full = [e["event_id"] for e in client.get("/api/events", params={"sort": sort}).json()["items"]]
    seen, cursor = [], None
    while True:
        body = client.get("/api/events", params={"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["event_id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == full and set(seen) == VISIBLE
    key = {"date": "date", "fatalities": "fatalities", "sources": "independent_sources"}[sort.lstrip("-")]
    values = [e[key] if e[key] is not None else (-1 if key == "fatalities" else "")
              for e in client.get("/api/events", params={"sort": sort}).json()["items"]]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize("params, parameter", [
    ({"date_from": "2017-13-01"}, "date_from"),
    ({"date_to": "yesterday"}, "date_to"),
    ({"date_to": "0"}, "date_to"),  # not a timestamp either
    ({"bbox": "1,2"}, "bbox"),
    ({"bbox": "1,50,2,40"}, "bbox"),
    ({"cursor": "zzz"}, "cursor"),
    ({"limit": 0}, "limit"),
    ({"limit": 5000}, "limit"),
    ({"min_sources": -1}, "min_sources"),
    ({"sort": "bogus"}, "sort"),
    ({"certainty": "maybe"}, "certainty"),
    ({"country": "SYR"}, "country"),
    ({"control": "perhaps"}, "control"),
    ({"q": "a\x00b"}, "q"),
])
def test_malformed_parameter_is_422_naming_it(client, params, parameter):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_parameter" and err["parameter"] == parameter and parameter in err["message"]


def test_cursor_of_another_sort_is_refused(client):
    cursor = client.get("/api/events", params={"limit": 1}).json()["next_cursor"]
    r = client.get("/api/events", params={"limit": 1, "sort": "-fatalities", "cursor": cursor})
    assert r.status_code == 422 and r.json()["error"]["parameter"] == "cursor"


def test_event_detail_has_every_mention_with_its_source(client):
    ev = client.get("/api/events/ev-bukamal-capture").json()
    assert len(ev["mentions"]) == 6 and ev["fatalities"] == 50 and ev["grade"] == "A"
    assert {m["outlet"] for m in ev["mentions"]} >= {"SANA", "Al-Manar", "Al Mayadeen", "Enab Baladi"}
    assert all(m["url"].startswith("https://example.org/") for m in ev["mentions"])
    assert ev["associated"][0]["id"] == "russian-aerospace-forces"
    arabic = [m for m in ev["mentions"] if m["language"] == "ar"]
    assert arabic and "البوكمال" in arabic[0]["text"]


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/articles/nope", "/api/control/nope/history",
                                  "/api/nothing-here"])
def test_not_found_is_json(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_wrong_method_is_json(client):
    r = client.post("/api/events")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("at, controller, status", [
    ("2017-11-07", "isis", "held"), ("2017-11-08", "syrian-arab-army", "claimed"),
    ("2017-11-10", "isis", "contested"), ("2017-11-25", "syrian-arab-army", "held"),
])
def test_control_at_a_date(client, at, controller, status):
    rows = [p for p in client.get("/api/control", params={"at": at}).json() if p["place_id"] == "place:al-bukamal"]
    assert len(rows) == 1
    assert (rows[0]["controller_id"], rows[0]["status"]) == (controller, status)
    assert rows[0]["lat"] == pytest.approx(34.4506) and rows[0]["controller_side"]


def test_control_history_and_geojson(client):
    hist = client.get("/api/control/place:al-bukamal/history").json()
    assert [p["controller_id"] for p in hist["periods"]] == ["isis", "syrian-arab-army", "isis", "syrian-arab-army"]
    gj = client.get("/api/control.geojson", params={"at": "2017-11-25"}).json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 4
    bk = next(f for f in gj["features"] if f["properties"]["place_id"] == "place:al-bukamal")
    assert bk["geometry"]["coordinates"] == pytest.approx([40.9186, 34.4506])


@pytest.mark.parametrize("properties", ["full", "compact"])
def test_events_geojson(client, properties):
    gj = client.get("/api/events.geojson", params={"properties": properties, "place": "bukamal"}).json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 4
    f = gj["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [40.9186, 34.4506]}
    if properties == "compact":
        assert {"id", "type", "date", "certainty", "actors", "sources"} <= set(f["properties"])
    else:
        assert f["properties"]["event_id"] == f["id"]


def test_map_table(client):
    t = client.get("/api/map/events", params={"certainty": ["reported", "claimed", "hypothetical"]}).json()
    rows = [dict(zip(t["fields"], r)) for r in t["rows"]]
    assert len(rows) == 9 and t["next_cursor"] is None
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    cap = next(r for r in rows if r["id"] == "ev-bukamal-capture")
    refs = parse_refs(cap["actors"])
    assert [r for _, r in refs] == ["actor", "actor", "target", "associated"]  # actors first
    assert ["syrian-arab-army", "actor"] in refs and ["isis", "target"] in refs
    assert t["actors"]["isis"] == ["Islamic State", "ISIS"] and cap["sources"] == 5
    part = client.get("/api/map/events", params={"limit": 2}).json()
    assert len(part["rows"]) == 2 and part["next_cursor"]
    assert all(part["actors"].get(ref[0]) for r in part["rows"] for ref in parse_refs(r[-1]))
    rest = client.get("/api/map/events", params={"cursor": part["next_cursor"]}).json()
    assert [r[0] for r in part["rows"] + rest["rows"]] == [r["id"] for r in rows if r["certainty"] != "hypothetical"]
    assert client.get("/api/map/events", params={"sort": "-date"}).status_code == 422


def test_csv_and_jsonl_downloads_follow_the_query(client):
    params = {"place": "bukamal", "certainty": ["reported", "claimed"]}
    lines = client.get("/api/events.jsonl", params=params).text.splitlines()
    assert len(lines) == 4 and all(json.loads(x)["place"]["name"] == "al-Bukamal" for x in lines)
    r = client.get("/api/events.csv", params=params)
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 4 and rows[0]["location"] == "al-Bukamal" and rows[0]["event_id_cnty"]
    assert any("البوكمال" in row["mentions"] for row in rows)
    empty = client.get("/api/events.csv", params={"type": "SANCTION"}).text.splitlines()
    assert len(empty) == 1 and empty[0].startswith("event_id_cnty")
    assert client.get("/api/events.jsonl", params={"cursor": "bad"}).status_code == 422


def test_downloads_stream_past_one_page(tmp_path):
    from dataclasses import replace

    from frontwatch.store import Store
    from tests.test_api_store import demo_events

    store = Store.open(str(tmp_path / "many.db"))
    base = demo_events()[2]
    store.save_events([replace(base, event_id=f"ev-{i:05d}") for i in range(1203)], {})
    with TestClient(create_app(_url(store))) as c:
        ids = [json.loads(x)["event_id"] for x in c.get("/api/events.jsonl").text.splitlines()]
    store.close()
    assert len(ids) == len(set(ids)) == 1203


def test_articles_places_actors_stats(client):
    arts = client.get("/api/articles", params={"language": "ar"}).json()
    assert {a["outlet"] for a in arts["items"]} == {"Al Mayadeen", "Enab Baladi"} and "text" not in arts["items"][0]
    page1 = client.get("/api/articles", params={"limit": 4}).json()
    page2 = client.get("/api/articles", params={"limit": 4, "cursor": page1["next_cursor"]}).json()
    assert len(page1["items"]) == 4 and len(page2["items"]) == 2 and page2["next_cursor"] is None
    one = client.get("/api/articles/a-sana").json()
    assert one["text"].startswith("SANA") and one["url"] == "https://example.org/a-sana"
    places = client.get("/api/places", params={"q": "buk"}).json()
    assert [p["id"] for p in places] == ["place:al-bukamal"] and places[0]["events"] == 5
    actors = {a["id"]: a for a in client.get("/api/actors").json()}
    assert actors["isis"]["side"] == "ISIS" and actors["isis"]["events"] >= 7
    assert [a["id"] for a in client.get("/api/actors", params={"side": "SDF"}).json()] == ["sdf"]
    stats = client.get("/api/stats").json()
    assert stats["events"] == 9 and stats["events_by_type"]["ASSAULT"] == 7
    assert stats["first_date"] == "2017-10-14" and stats["articles"] == 6


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/places", "/api/actors",
              "/api/control", "/api/control/{place_id}/history", "/api/stats", "/api/events.geojson",
              "/api/control.geojson", "/api/events.csv", "/api/events.jsonl", "/api/ingest"):
        assert p in paths, p
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"date_from", "type", "actor", "side", "bbox", "country", "certainty", "min_sources", "grade",
            "language", "outlet", "q", "sort", "cursor", "limit"} <= params


def test_map_page_and_its_files(client):
    r = client.get("/")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    assert '<div id="map"' in r.text
    for path in ("/static/map.js", "/static/map.css", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css",
                 "/vendor/leaflet/images/marker-icon.png", "/favicon.ico"):
        assert client.get(path).status_code == 200, path
    outline = client.get("/static/countries.geojson").json()
    assert "Natural Earth" in outline["attribution"]
    assert {"Syria", "Iraq", "Turkey", "Jordan", "Lebanon"} <= {f["properties"]["name"] for f in outline["features"]}
    assert client.get("/api/config").json() == {"tile_url": None, "tile_attribution": None, "ingest": False}


# ------------------------------------------------------------------------------------------ ingest


def test_ingest_is_off_without_a_token(client):
    r = client.post("/api/ingest", json={"text": "Some report."})
    assert r.status_code == 403 and r.json()["error"]["code"] == "ingest_disabled"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
def test_ingest_needs_the_token(writer, headers):
    r = writer.post("/api/ingest", json={"text": "Some report."}, headers=headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("body, status, code", [
    ({"text": "x" * (MAX_BODY_BYTES + 10)}, 413, "payload_too_large"),
    ({"urls": [f"https://example.org/{i}" for i in range(MAX_URLS + 1)]}, 413, "payload_too_large"),
    ({"urls": ["/etc/passwd"]}, 422, "invalid_parameter"),
    ({"urls": ["file:///etc/passwd"]}, 422, "invalid_parameter"),
    ({}, 422, "invalid_parameter"),
    ({"text": 5}, 422, "invalid_parameter"),
    ({"unknown": "field"}, 422, "invalid_parameter"),
])
def test_ingest_limits_and_validation(writer, body, status, code):
    r = writer.post("/api/ingest", json=body, headers=AUTH)
    assert r.status_code == status and r.json()["error"]["code"] == code


def test_ingest_refuses_private_addresses_like_the_cli(writer):
    r = writer.post("/api/ingest", json={"urls": ["http://127.0.0.1:9/x", "http://10.0.0.1/y"]}, headers=AUTH)
    assert r.status_code == 200
    body = r.json()
    assert body["documents"] == 0 and [f["code"] for f in body["failures"]] == ["FW120", "FW120"]


def test_ingest_text_stores_a_document_and_runs_the_pipeline(writer, writer_store, monkeypatch):
    from frontwatch import pipeline

    calls = []
    monkeypatch.setattr(pipeline, "process_pending", lambda st, ids, report: calls.append(("process", list(ids))))
    monkeypatch.setattr(pipeline, "resolve_store", lambda st: calls.append(("resolve",)) or 3)
    store = writer_store
    before = store.stats()["documents"]
    text = "On 3 November 2017 Iraqi forces retook the border town of al-Qaim from Islamic State fighters."
    r = writer.post("/api/ingest", json={"text": text, "url": "https://example.org/qaim"}, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["documents"], body["new"], body["events_resolved"]) == (1, 1, 3)
    assert store.stats()["documents"] == before + 1
    assert calls[0][0] == "process" and len(calls[0][1]) == 1 and calls[1] == ("resolve",)
    again = writer.post("/api/ingest", json={"text": text}, headers=AUTH).json()
    assert again["new"] == 0  # stored once, keyed by content


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from frontwatch.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--token", "--tile-url"):
        assert option in result.output


def test_serve_command_reports_a_bad_database(tmp_path):
    from typer.testing import CliRunner

    from frontwatch.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", "nosuchdriver://x/y"])
    assert result.exit_code != 0


def test_docs_page_is_served_without_a_cdn(client):
    pytest.importorskip("swagger_ui_bundle")
    html = client.get("/docs").text
    assert "/vendor/swagger/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/vendor/swagger/swagger-ui-bundle.js").status_code == 200


def test_map_table_keeps_odd_actor_ids(tmp_path):
    from frontwatch.models import ActorRef, Event, PlaceRef
    from frontwatch.store import Store

    odd = ActorRef(None, 'Brigade "Quote" \\ Slash', "opposition")  # stored as id 'name:<name>'
    store = Store.open(str(tmp_path / "odd.db"))
    store.save_events([Event("ev-odd", "ASSAULT", date="2017-11-01", actors=[odd],
                             place=PlaceRef("p", "P", 35.0, 38.0))], {})
    with TestClient(create_app(_url(store))) as c:
        t = c.get("/api/map/events").json()
    store.close()
    [[actor_id, role]] = parse_refs(t["rows"][0][-1])
    assert (actor_id, role) == (f"name:{odd.name}", "actor")
    assert t["actors"][actor_id] == [odd.name, "opposition"]
