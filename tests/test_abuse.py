"""Hostile clients against the API on a real SQLite file: tokens, size caps, SSRF through ingest (with a real
local HTTP server), SQL metacharacters in every filter, and stored script text kept as data."""
from __future__ import annotations

import re
import socket
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import frontwatch.errors
from frontwatch.api.app import MAX_BODY_BYTES, MAX_URLS, STATIC, create_app
import frontwatch.ingest.fetch  # noqa: F401  (the package re-exports a function of the same name)
from frontwatch.models import Event, MentionRef, PlaceRef
from tests.httpserver import LocalServer, Routes
from tests.test_api_store import ISIS, SAA, build_demo_store

TOKEN = "abuse-test-token-7f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT = '<script>alert("fw")</script><img src=x onerror=alert(1)>'
fetch_mod = sys.modules["frontwatch.ingest.fetch"]
LEAKS = ("sqlite", "syntax error", "traceback", "select ", "operationalerror", "sqlalchemy", "no such")


# ------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    from frontwatch.store import Store

    path = tmp_path_factory.mktemp("abuse") / "fw.db"
    store = Store.open(str(path))
    build_demo_store(store)
    place = PlaceRef("place:x-script", f"Town {SCRIPT}", 35.0, 40.0, "SY", SCRIPT)
    text = f"Fighters {SCRIPT} entered the town."
    hostile = Event("ev-script", "ASSAULT", None, "Battles", "Armed clash", "2017-11-11", "day",
                    actors=[SAA], targets=[ISIS], place=place, certainty="reported", sources=1,
                    independent_sources=1, grade="C",
                    mentions=[MentionRef("a-sana", f"SANA {SCRIPT}", "en", 0, len(text), text, sentence_index=11,
                                         mention_id="a-sana:11")])
    store.save_events([hostile], {})
    url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    return url


@pytest.fixture(scope="module")
def reader(store_url):
    with TestClient(create_app(store_url)) as c:
        yield c


@pytest.fixture(scope="module")
def writer(store_url):
    with TestClient(create_app(store_url, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def server():
    """A loopback server with a secret page (which nothing may reach) and redirects to private places."""
    hits: list[str] = []

    def secret(handler):
        hits.append(handler.path)
        body = b"<html><body><p>internal secret</p></body></html>"
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    routes = Routes({"/secret": (200, {}, secret)})
    with LocalServer(routes) as srv:
        port = srv.httpd.server_address[1]
        for name, target in {
            "ten": "http://10.0.0.1/admin", "metadata": "http://169.254.169.254/latest/meta-data/",
            "v6loop": f"http://[::1]:{port}/secret", "zero": f"http://0.0.0.0:{port}/secret",
            "localhost": f"http://localhost:{port}/secret", "mapped": f"http://[::ffff:127.0.0.1]:{port}/secret",
            "decimal": "http://167772161/", "file": "file:///etc/passwd",
            "gopher": "gopher://127.0.0.1:11211/_stats", "relative": "/secret",
        }.items():
            routes[f"/to-{name}"] = (302, {"Location": target}, b"")
        srv.hits = hits
        srv.port = port
        yield srv


def _failures(resp) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [f["code"] for f in resp.json()["failures"]]


# ------------------------------------------------------------------------------------------ tokens and caps


@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "unauthorized"),
    ({"Authorization": "Bearer wrong-token"}, 401, "unauthorized"),
    ({"Authorization": f"Bearer {TOKEN}x"}, 401, "unauthorized"),
    ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 401, "unauthorized"),
    ({"Authorization": f"Token {TOKEN}"}, 401, "unauthorized"),
    ({"Authorization": "Bearer "}, 401, "unauthorized"),
    ({"X-Token": TOKEN}, 401, "unauthorized"),
])
def test_write_endpoint_refuses_missing_or_wrong_tokens(writer, store_url, headers, status, code):
    from frontwatch.store import Store

    r = writer.post("/api/ingest", json={"text": "Troops entered a town."}, headers=headers)
    assert (r.status_code, r.json()["error"]["code"]) == (status, code)
    assert r.headers["www-authenticate"] == "Bearer"
    store = Store.open(store_url)
    try:
        assert store.stats()["documents"] == 6  # the demo's six: nothing was written
    finally:
        store.close()


@pytest.mark.parametrize("headers", [{}, AUTH])
def test_read_only_server_refuses_any_write(reader, headers):
    r = reader.post("/api/ingest", json={"text": "x"}, headers=headers)
    assert (r.status_code, r.json()["error"]["code"]) == (403, "ingest_disabled")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_not_allowed(writer, method):
    r = writer.request(method, "/api/events", headers=AUTH)
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_oversized_body_is_refused_by_declared_length(writer):
    r = writer.post("/api/ingest", json={"text": "x" * (MAX_BODY_BYTES + 1)}, headers=AUTH)
    assert (r.status_code, r.json()["error"]["code"]) == (413, "payload_too_large")


def test_oversized_chunked_body_without_length_is_refused(writer):
    def chunks():
        yield b'{"text": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536
        yield b'"}'
    r = writer.post("/api/ingest", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]["code"]) == (413, "payload_too_large")


def test_oversized_body_without_token_is_refused_before_reading(writer, reader):
    big = {"text": "x" * (MAX_BODY_BYTES + 1)}
    assert writer.post("/api/ingest", json=big).status_code == 401
    assert reader.post("/api/ingest", json=big).status_code == 403


def test_lying_content_length_header_is_refused(writer):
    r = writer.post("/api/ingest", content=b'{"text": "short"}',
                    headers={**AUTH, "Content-Type": "application/json", "Content-Length": str(MAX_BODY_BYTES * 4)})
    assert r.status_code == 413


@pytest.mark.parametrize("n, status", [(MAX_URLS + 1, 413), (MAX_URLS * 20, 413)])
def test_url_lists_over_the_cap(writer, n, status):
    r = writer.post("/api/ingest", json={"urls": [f"http://10.1.{i // 250}.{i % 250}/" for i in range(n)]},
                    headers=AUTH)
    assert (r.status_code, r.json()["error"]["code"]) == (status, "payload_too_large")


def test_url_list_at_the_cap_is_taken_and_each_private_url_refused(writer):
    r = writer.post("/api/ingest", json={"urls": [f"http://10.2.0.{i}/" for i in range(MAX_URLS)]}, headers=AUTH)
    assert _failures(r) == ["FW120"] * MAX_URLS and r.json()["documents"] == 0


@pytest.mark.parametrize("body", [
    b"[" * 5000 + b"]" * 5000,
    b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b"\xff\xfe\x00garbage",
    b'{"urls": "http://10.0.0.1/"}',
    b'{"urls": [1, 2]}',
    b'{"text": "a", "text": {"nested": true}}',
])
def test_malformed_bodies_are_422_not_500(writer, body):
    r = writer.post("/api/ingest", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"


# ------------------------------------------------------------------------------------------ SSRF


PRIVATE_URLS = [
    "http://10.0.0.1/", "http://10.255.255.254:8080/x", "http://172.16.0.1/", "http://172.31.255.1/",
    "http://192.168.0.1/", "http://192.168.1.254:8443/admin", "http://169.254.169.254/latest/meta-data/",
    "http://169.254.169.254/computeMetadata/v1/", "http://[::1]/", "http://[::1]:22/", "http://0.0.0.0/",
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://017700000001/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:a00:1]/", "http://[fe80::1]/", "http://[fc00::1]/",
    "http://[::]/", "http://224.0.0.1/", "http://localhost/", "http://LocalHost/", "http://user:pw@127.0.0.1/",
    "http://example.org@10.0.0.1/", "HTTP://192.168.0.1/", "https://10.0.0.1/",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_and_loopback_targets_are_refused(writer, url):
    assert _failures(writer.post("/api/ingest", json={"urls": [url]}, headers=AUTH)) == ["FW120"]


def test_names_resolving_to_loopback_reach_nothing(writer, server):
    urls = [f"http://localhost:{server.port}/secret", f"{server.base}/secret", f"http://127.0.0.2:{server.port}/secret",
            f"http://[::ffff:127.0.0.1]:{server.port}/secret", f"http://0.0.0.0:{server.port}/secret"]
    r = writer.post("/api/ingest", json={"urls": urls}, headers=AUTH)
    assert _failures(r) == ["FW120"] * len(urls) and r.json()["documents"] == 0
    assert server.hits == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1:11211/_stats", "ftp://10.0.0.1/x",
                                 "dict://127.0.0.1:6379/info", "javascript:alert(1)", "/etc/passwd",
                                 "../../etc/passwd", " http://10.0.0.1/", "data:text/html,<p>x</p>",
                                 "file://localhost/etc/shadow", "\\\\10.0.0.1\\share"])
def test_non_http_schemes_and_paths_are_refused(writer, url):
    r = writer.post("/api/ingest", json={"urls": [url]}, headers=AUTH)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_parameter")


def test_loopback_test_server_is_refused_with_allow_private_off(writer, server):
    """The API never allows private addresses, so the loopback server itself is out of reach, redirects and all."""
    urls = [f"{server.base}/to-{n}" for n in ("ten", "metadata", "v6loop", "zero", "localhost")]
    assert _failures(writer.post("/api/ingest", json={"urls": urls}, headers=AUTH)) == ["FW120"] * len(urls)
    assert server.hits == []


@pytest.mark.parametrize("name", ["ten", "metadata", "v6loop", "zero", "mapped", "decimal", "file", "gopher"])
def test_redirect_to_a_private_address_is_refused_on_the_hop(writer, server, monkeypatch, name):
    """Pretend only the test server's own address (127.0.0.1) is public, so the first hop is fetched and the
    redirect's target must be refused by the per-hop check."""
    real = fetch_mod._blocked
    monkeypatch.setattr(fetch_mod, "_blocked", lambda ip: str(ip) != "127.0.0.1" and real(ip))
    r = writer.post("/api/ingest", json={"urls": [f"{server.base}/to-{name}"]}, headers=AUTH)
    failures = r.json()["failures"]
    assert [f["code"] for f in failures] == ["FW120"] and "redirected to" in failures[0]["message"]
    assert r.json()["documents"] == 0 and server.hits == []


def test_redirect_hop_check_is_really_what_stops_it(writer, server, monkeypatch):
    """Control: with the same pretence, a redirect to the (pretend-public) test server itself is followed."""
    real = fetch_mod._blocked
    monkeypatch.setattr(fetch_mod, "_blocked", lambda ip: str(ip) != "127.0.0.1" and real(ip))
    from frontwatch import pipeline
    monkeypatch.setattr(pipeline, "process_pending", lambda st, ids, report: None)
    monkeypatch.setattr(pipeline, "resolve_store", lambda st: 0)
    r = writer.post("/api/ingest", json={"urls": [f"{server.base}/to-relative"]}, headers=AUTH)
    assert _failures(r) == [] and r.json()["documents"] == 1
    assert server.hits == ["/secret"]
    server.hits.clear()


# ------------------------------------------------------------------------------------------ SQL metacharacters


SQLI = ["' OR '1'='1", "1; DROP TABLE events; --", '" OR 1=1 --', "') UNION SELECT doc_id FROM documents --",
        "%", "_", "%%", "\\", "\\%", "'", "*", "1' AND sleep(5) --", "ev-mayadin' --", "[a-z]", "%00", "ΑΩ'é\u202e"]
EVENT_FILTERS = ["date_from", "date_to", "type", "mode", "acled_event_type", "acled_sub_event_type", "actor", "side",
                 "place", "bbox", "country", "certainty", "control", "min_sources", "grade", "language", "outlet",
                 "q", "sort", "cursor", "limit", "count"]


def _no_leak(resp) -> None:
    assert resp.status_code in (200, 422), (resp.status_code, resp.text[:300])
    if resp.status_code == 422:
        low = resp.text.lower()
        assert not any(word in low for word in LEAKS), resp.text[:300]
        assert resp.json()["error"]["code"] == "invalid_parameter"


@pytest.mark.parametrize("param", EVENT_FILTERS)
def test_sql_metacharacters_in_every_event_filter(reader, param):
    for payload in SQLI:
        r = reader.get("/api/events", params={param: payload})
        _no_leak(r)
        if r.status_code == 200 and param == "q":  # words in a sentence: every hit must hold them
            for e in r.json()["items"]:
                assert any(payload.lower() in m["text"].lower() for m in e["mentions"]), (payload, e["event_id"])
        elif r.status_code == 200:
            assert r.json()["items"] == [], (param, payload, [e["event_id"] for e in r.json()["items"]])
    assert len(reader.get("/api/events", params={"limit": 1000}).json()["items"]) == 9  # nothing dropped


@pytest.mark.parametrize("path, params", [
    ("/api/events.csv", EVENT_FILTERS), ("/api/events.jsonl", EVENT_FILTERS), ("/api/events.geojson", EVENT_FILTERS),
    ("/api/map/events", EVENT_FILTERS), ("/api/articles", ["outlet", "language", "date_from", "date_to", "q", "cursor",
                                                           "limit"]),
    ("/api/places", ["q", "country", "limit"]), ("/api/actors", ["q", "side", "limit"]),
    ("/api/control", ["at", "place"]), ("/api/control.geojson", ["at"]),
])
def test_sql_metacharacters_in_other_endpoints(reader, path, params):
    for param in params:
        for payload in SQLI:
            _no_leak(reader.get(path, params={param: payload}))


@pytest.mark.parametrize("payload", SQLI)
def test_sql_metacharacters_in_path_ids_are_404(reader, payload):
    for path in ("/api/events/{}", "/api/articles/{}", "/api/control/{}/history"):
        r = reader.get(path.format(payload.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")))
        assert r.status_code in (404, 422), (path, payload, r.status_code)
        echoed = r.text.lower().replace(payload.lower(), "")  # the 404 message names the id asked for
        assert not any(w in echoed for w in LEAKS), r.text


def test_nul_in_a_parameter_is_422(reader):
    r = reader.get("/api/events", params={"q": "a\x00b"})
    assert r.status_code == 422 and r.json()["error"]["parameter"] == "q"


def test_wildcards_are_literal_not_match_all(reader):
    """'%' and '_' in name filters must not act as LIKE wildcards (they would return every event)."""
    for param in ("actor", "place", "outlet", "q"):
        assert reader.get("/api/events", params={param: "%"}).json()["items"] == []
        assert reader.get("/api/events", params={param: "_"}).json()["items"] == []
    assert [e["event_id"] for e in reader.get("/api/events", params={"place": "mayadin"}).json()["items"]] == \
        ["ev-mayadin"]


# ------------------------------------------------------------------------------------------ stored script text


def test_stored_script_text_comes_back_as_json_data(reader):
    r = reader.get("/api/events/ev-script")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert SCRIPT in body["mentions"][0]["text"] and SCRIPT in body["place"]["name"]
    assert "text/html" not in r.headers["content-type"]
    found = reader.get("/api/events", params={"q": "<script>"}).json()["items"]
    assert [e["event_id"] for e in found] == ["ev-script"]
    m = reader.get("/api/map/events")
    assert m.headers["content-type"].startswith("application/json")
    assert any(isinstance(c, str) and SCRIPT in c for row in m.json()["rows"] for c in row)


@pytest.mark.parametrize("path", ["/api/events.csv", "/api/events.jsonl", "/api/events.geojson"])
def test_downloads_are_not_html(reader, path):
    r = reader.get(path)
    assert r.status_code == 200 and "html" not in r.headers["content-type"]


def test_script_in_a_missing_id_is_not_reflected_as_html(reader):
    r = reader.get("/api/events/" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_map_page_headers_forbid_inline_and_foreign_scripts(reader):
    r = reader.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in csp and r.headers["x-content-type-options"] == "nosniff"
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", r.text, re.I)
    assert inline == []  # every script is a file from the server
    assert not re.search(r"\son\w+\s*=", r.text, re.I)  # no inline event handlers


def _static_js() -> list[Path]:
    files = sorted(Path(STATIC).glob("*.js"))
    assert files, "the map page has scripts"
    return files


@pytest.mark.parametrize("sink", [r"\.innerHTML\b", r"\.outerHTML\b", r"insertAdjacentHTML", r"document\.write",
                                  r"\beval\s*\(", r"new\s+Function\s*\(", r"\.html\s*\(", r"bindPopup\s*\(\s*['\"+]",
                                  r"setTimeout\s*\(\s*['\"]", r"DOMParser", r"createContextualFragment"])
def test_map_js_has_no_html_sinks(sink):
    for path in _static_js():
        assert not re.search(sink, path.read_text(encoding="utf-8")), f"{path.name} uses {sink}"


def test_map_js_html_options_hold_no_stored_text():
    """Leaflet's divIcon `html:` option is HTML: it may hold only literals and numbers."""
    for path in _static_js():
        for m in re.finditer(r"\bhtml\s*:\s*([^\n]*)", path.read_text(encoding="utf-8")):
            value = m.group(1)
            assert re.fullmatch(r'(""|"<span>" \+ String\(n\) \+ "</span>"\}?\);?)\s*(//.*)?', value.strip()) or \
                value.strip().startswith('""'), f"{path.name}: html: {value}"


def test_map_js_links_only_http_urls():
    js = "\n".join(p.read_text(encoding="utf-8") for p in _static_js())
    assert re.search(r"function safeUrl\(u\)[^\n]*\^https\?:", js)
    for m in re.finditer(r"href:\s*([^,}]+)", js):
        assert m.group(1).strip() in ("url",), m.group(0)


# ------------------------------------------------------------------------------------------ slow clients (real uvicorn)


@contextmanager
def _live_server(store_url: str, header_timeout: float):
    """The app under uvicorn on a loopback port, configured as `frontwatch serve` configures it."""
    import uvicorn

    from frontwatch.api.server import server_config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(server_config(create_app(store_url, token=TOKEN), port=port, header_timeout=header_timeout,
                                       log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(1200):
        if srv.started or not thread.is_alive():
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield port
    finally:
        srv.should_exit = True
        thread.join(30)


def test_serve_command_runs_uvicorn_with_the_header_deadline(store_url, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from frontwatch.cli import app

    seen = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: seen.append(self.config))
    result = CliRunner().invoke(app, ["serve", "--db", store_url, "--port", "8799", "--header-timeout", "3.5"])
    assert result.exit_code == 0, result.output
    assert seen[0].http.deadline_seconds == 3.5 and (seen[0].host, seen[0].port) == ("127.0.0.1", 8799)

@pytest.fixture(scope="module")
def patient(store_url):
    """A server whose header deadline is far away: slow clients stay connected for the whole test."""
    with _live_server(store_url, header_timeout=600.0) as port:
        yield port


@pytest.fixture(scope="module")
def strict(store_url):
    """A server with a one-second header deadline."""
    with _live_server(store_url, header_timeout=1.0) as port:
        yield port


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    return s


def _read_answer(s: socket.socket) -> bytes:
    """Everything the server sends until it closes or a whole response with a Content-Length is in."""
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return data
        if not chunk:
            return data
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        m = re.search(rb"content-length: (\d+)", head, re.I)
        if sep and m and len(body) >= int(m.group(1)):
            return data


def test_slow_header_clients_do_not_block_other_clients(patient):
    """40 connections send their headers a byte at a time; meanwhile ordinary requests are answered, the slow
    connections are still open, and each slow request, once complete, is answered too."""
    slow = [_connect(patient) for _ in range(40)]
    for s in slow:
        s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    stop, failed, sent = threading.Event(), [], [0]

    def trickle():
        while not stop.is_set():
            for s in slow:
                try:
                    s.sendall(b"a")
                    sent[0] += 1
                except OSError as e:
                    failed.append(e)
            time.sleep(0.05)

    dribbler = threading.Thread(target=trickle, daemon=True)
    dribbler.start()
    try:
        while sent[0] < 200:  # every slow client is mid-header
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{patient}", timeout=60) as c:
            answers = [c.get(path).status_code for path in ("/api/stats", "/api/events?limit=5", "/api/places",
                                                            "/api/events/ev-mayadin", "/")]
        assert answers == [200] * 5
        assert failed == []  # the slow ones were held open all along
    finally:
        stop.set()
        dribbler.join(30)
    for s in slow:
        s.sendall(b"\r\nConnection: close\r\n\r\n")
    replies = [_read_answer(s) for s in slow]
    for s in slow:
        s.close()
    assert all(r.startswith(b"HTTP/1.1 200") and b'"documents"' in r for r in replies), replies[:2]


def test_unauthorised_upload_is_refused_before_its_body_arrives(patient):
    """A client that declares a large body and never sends it gets its 401 at once, from the headers alone."""
    with _connect(patient) as s:
        s.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000000\r\n\r\n{\"text\": \"")
        answer = _read_answer(s)
    assert answer.startswith(b"HTTP/1.1 401") and b"unauthorized" in answer


def test_endless_header_line_is_refused_and_others_still_served(patient):
    with _connect(patient) as s:
        try:
            s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 200_000)
        except OSError:  # the server may close before all of it is sent
            pass
        answer = _read_answer(s)
    assert answer.startswith(b"HTTP/1.1 400") or answer == b""
    assert httpx.get(f"http://127.0.0.1:{patient}/api/stats", timeout=60).status_code == 200


@pytest.mark.parametrize("before", [b"", b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
                         ids=["first request", "after a response"])
@pytest.mark.parametrize("opening", [b"", b"GET /api/stats HTTP/1.1\r\nHo"], ids=["silent", "dribbling"])
def test_connections_that_never_finish_their_headers_are_cut_with_408(strict, before, opening):
    with _connect(strict) as s:
        if before:
            s.sendall(before)
            assert _read_answer(s).startswith(b"HTTP/1.1 200")
        s.sendall(opening)
        s.settimeout(0.2)
        got = b""
        for _ in range(300):  # a byte each 0.2 s, for at most a minute
            try:
                chunk = s.recv(4096)
                got += chunk
                if not chunk:
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                break
            if opening:
                try:
                    s.sendall(b"x")
                except OSError:
                    break
    assert got.startswith(b"HTTP/1.1 408"), got[:200]


def test_a_slow_answer_is_not_cut_by_the_header_deadline(strict, monkeypatch):
    """The deadline is for the client's headers only: a request the server takes longer than it to answer is
    answered in full."""
    from frontwatch.api import app as app_mod

    def slow_ingest(store, body):
        time.sleep(2.5)
        return {"documents": 0, "new": 0, "processed": 0, "events_resolved": 0, "failures": []}

    monkeypatch.setattr(app_mod, "_run_ingest", slow_ingest)
    r = httpx.post(f"http://127.0.0.1:{strict}/api/ingest", json={"text": "Troops entered a town."}, headers=AUTH,
                   timeout=60)
    assert r.status_code == 200 and r.json()["failures"] == []



def test_downloads_read_slowly_hold_no_database_connection(store_url):
    """The CSV and JSON Lines downloads stream events a keyset page at a time. A client that stops reading
    must not keep a pooled connection (and a read transaction) meanwhile: 15 such clients would starve
    every other request."""
    from frontwatch.api import app as app_mod
    from frontwatch.store import Store
    from frontwatch.store import queries as Q

    store = Store.open(store_url)
    pool = store.engine.pool
    query = Q.EventQuery(certainty=["reported", "claimed", "hypothetical"])
    try:
        with store.engine.connect() as conn:
            everything = [r.data["event_id"] for r in Q.page_events(conn, replace(query, limit=1000)).rows]
        rows = Q.iter_events(store.engine, query, page=2)
        first = next(rows)  # paused after one row of a five-page result
        assert pool.checkedout() == 0
        assert [r.data["event_id"] for r in [first, *rows]] == everything and len(everything) > 2
        records = app_mod._records(store, query)  # what both download routes stream from
        assert next(records)["event_id"] == everything[0] and pool.checkedout() == 0
        records.close()
    finally:
        store.close()

# ------------------------------------------------------------------------------------------ DNS names


_FAKE_DNS = {"intranet.fw-test": ["127.0.0.1"], "v6.fw-test": ["::1"], "mapped.fw-test": ["::ffff:127.0.0.1"],
             "mixed.fw-test": ["93.184.216.34", "10.0.0.5"], "metadata.fw-test": ["169.254.169.254"],
             "home.fw-test": ["192.168.1.1"], "any.fw-test": ["0.0.0.0"], "public.fw-test": ["93.184.216.34"]}


@pytest.fixture
def fake_dns(monkeypatch):
    """Names of a made-up domain resolve as listed (the way a hostile DNS server would answer); others as usual."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in _FAKE_DNS:
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                     (ip, port or 80)) for ip in _FAKE_DNS[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("name", [n for n in _FAKE_DNS if n != "public.fw-test"])
def test_dns_names_resolving_to_private_addresses_are_refused(writer, server, fake_dns, name):
    r = writer.post("/api/ingest", json={"urls": [f"http://{name}:{server.port}/secret"]}, headers=AUTH)
    failures = r.json()["failures"]
    assert [f["code"] for f in failures] == ["FW120"] and name in failures[0]["message"]
    assert r.json()["documents"] == 0 and server.hits == []


def test_fake_dns_control_a_public_answer_passes_the_check(fake_dns):
    fetch_mod.check_url("http://public.fw-test/")  # no exception: the refusals above come from the addresses
    with pytest.raises(frontwatch.errors.BlockedAddressError):
        fetch_mod.check_url("http://mixed.fw-test/")



def test_dns_rebinding_cannot_redirect_the_request(monkeypatch):
    """A name that answers a (pretend-public) address to the check and a private one a moment later: the
    request goes to the address that was checked, never to the private one."""
    hits: dict[str, list[str]] = {"public": [], "private": []}

    def page(kind):
        def answer(handler):
            hits[kind].append(handler.headers.get("Host"))
            body = f"<html><body><p>The {kind} page says the army entered the town on Sunday.</p></body></html>"
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            handler.wfile.write(body.encode())
        return answer

    with LocalServer(Routes({"/page": (200, {}, page("public"))})) as public:
        port = public.httpd.server_address[1]
        private = LocalServer(Routes({"/page": (200, {}, page("private"))}), host="127.0.0.2", port=port)
        with private:
            answers = iter(["127.0.0.1"])  # the first answer, then the private address for ever
            real_dns, real_blocked = socket.getaddrinfo, fetch_mod._blocked

            def getaddrinfo(host, p, *args, **kwargs):
                if host != "rebind.fw-test":
                    return real_dns(host, p, *args, **kwargs)
                return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (next(answers, "127.0.0.2"), p))]

            monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
            monkeypatch.setattr(fetch_mod, "_blocked", lambda ip: str(ip) != "127.0.0.1" and real_blocked(ip))
            got = fetch_mod.fetch(f"http://rebind.fw-test:{port}/page")
    assert hits == {"public": [f"rebind.fw-test:{port}"], "private": []}
    assert got.url == f"http://rebind.fw-test:{port}/page" and b"public page" in got.content

# ------------------------------------------------------------------------------------------ file sources


def _read_all(sources, **limits):
    """read_sources in a thread, so a source that blocks for ever (a FIFO) fails the test instead of hanging it."""
    from frontwatch.ingest import FetchLimits, read_sources

    out: list = []
    t = threading.Thread(target=lambda: out.extend(read_sources(sources, FetchLimits(**limits))), daemon=True)
    t.start()
    t.join(120)
    assert not t.is_alive(), "reading the sources blocked"
    return [d for d in out if not isinstance(d, Exception)], [e for e in out if isinstance(e, Exception)]


def test_directory_source_skips_devices_fifos_and_symlink_loops(tmp_path):
    import os

    root = tmp_path / "src"
    (root / "sub").mkdir(parents=True)
    (root / "ok.txt").write_text("The army entered the town on Sunday.", encoding="utf-8")
    (root / "sub" / "deep.txt").write_text("Clashes broke out near the bridge.", encoding="utf-8")
    os.mkfifo(root / "fifo.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "random.html").symlink_to("/dev/urandom")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    docs, errors = _read_all([str(root)])
    assert sorted(Path(d.source).name for d in docs) == ["deep.txt", "ok.txt"]  # each once, nothing else
    assert errors == []


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom", "fifo", "/proc/self", "no/such/../file.txt"])
def test_special_files_named_as_sources_are_refused(tmp_path, source):
    import os

    if source == "fifo":
        source = str(tmp_path / "pipe.txt")
        os.mkfifo(source)
    docs, errors = _read_all([source])
    assert docs == [] and len(errors) == 1 and isinstance(errors[0], frontwatch.errors.InputError)


def test_file_larger_than_its_stat_size_is_still_capped(tmp_path):
    """/proc files report a size of 0 but hold bytes: the cap must count what is read, not what stat says."""
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc")
    docs, errors = _read_all([str(status)], max_bytes=64)
    assert docs == [] and isinstance(errors[0], frontwatch.errors.TooLargeError)


def test_feed_items_pointing_at_files_or_private_hosts_are_refused(writer, monkeypatch):
    """A feed (from a pretend-public host) whose items link to local files, other schemes and private hosts:
    every item is refused and the private host is never reached."""
    hits: list[str] = []

    def secret(handler):
        hits.append(handler.path)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<p>internal</p>")

    with LocalServer(Routes({"/secret": (200, {}, secret)}), host="127.0.0.2") as inner:  # stays private
        port = inner.httpd.server_address[1]
        links = ["file:///etc/passwd", "file://localhost/etc/shadow", f"{inner.base}/secret",
                 f"http://[::ffff:127.0.0.2]:{port}/secret", f"http://[::1]:{port}/secret", "gopher://127.0.0.2:70/x",
                 f"http://10.0.0.1:{port}/secret", "ftp://127.0.0.2/secret"]
        items = "".join(f"<item><title>t{i}</title><link>{link}</link></item>" for i, link in enumerate(links))
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'.encode()
        with LocalServer(Routes({"/feed": (200, {"Content-Type": "application/rss+xml"}, feed)})) as outer:
            real = fetch_mod._blocked
            monkeypatch.setattr(fetch_mod, "_blocked", lambda ip: str(ip) != "127.0.0.1" and real(ip))
            r = writer.post("/api/ingest", json={"urls": [f"{outer.base}/feed"]}, headers=AUTH)
    body = r.json()
    assert body["documents"] == 0 and hits == [], body
    assert len(body["failures"]) == len(links) and {f["code"] for f in body["failures"]} == {"FW120"}


# ------------------------------------------------------------------------------------------ hostile servers


def _drip(handler):
    """Headers at once, then a byte of body every 0.1 s for ten minutes: each read is quick, the page never ends."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(6000):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def test_a_server_that_drips_its_answer_is_cut_at_the_fetch_timeout():
    """httpx's timeout is per read; the fetch's own deadline covers the whole answer."""
    from frontwatch.errors import FetchError
    from frontwatch.ingest import FetchLimits

    with LocalServer(Routes({"/drip": (200, {}, _drip)})) as srv:
        with pytest.raises(FetchError, match="timed out"):
            fetch_mod.fetch(f"{srv.base}/drip", FetchLimits(timeout=1.0, allow_private=True))
