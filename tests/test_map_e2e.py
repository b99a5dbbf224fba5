"""End to end: `frontwatch serve` on a store, driven in Debian's Chromium through Playwright.

The slider moves from 2017-11-10 to 2017-11-25 and al-Bukamal changes controller; its capture opens
with at least five mentions; screenshots (desktop 1280x800, phone 390x844) go to test-artifacts/.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from frontwatch.models import Event, MentionRef, PlaceRef
from tests.test_api_store import build_demo_store

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
BUKAMAL = "place:al-bukamal"
CAPTURE = "ev-bukamal-capture"
HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">Hostile <b>text</b>'


def make_store(path: Path) -> str:
    """The one step to swap for the seed pipeline: returns a database holding events and control."""
    from frontwatch.store import Store

    store = Store.open(str(path))
    build_demo_store(store)
    hostile = Event("ev-hostile", "PROTEST", date="2017-11-15", date_precision="day",
                    place=PlaceRef("place:hostile", HOSTILE, 36.2, 37.15, "SY"), sources=1, independent_sources=1,
                    mentions=[MentionRef("a-enab", HOSTILE, "en", 0, len(HOSTILE), HOSTILE)])
    store.save_events([hostile], {})
    store.close()
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve(app):
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("map") / "fw.db")


@pytest.fixture(scope="module")
def server(db):
    from frontwatch.api.app import create_app

    with _serve(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        msg = f"{CHROMIUM} missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def _open(browser, url: str, viewport: dict):
    page = browser.new_page(viewport=viewport)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=15000)
    return page, problems


def _controller(page) -> str:
    return page.get_attribute(f'#control-list li[data-place-id="{BUKAMAL}"]', "data-controller-id")


def test_slider_changes_bukamal_controller_and_event_shows_mentions(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, server + "/?at=2017-11-10", {"width": 1280, "height": 800})
    assert page.input_value("#slider") and page.text_content("#date-label") == "2017-11-10"
    assert _controller(page) == "isis"
    page.focus("#slider")
    for _ in range(15):  # one day per key press, as a keyboard user moves it
        page.keyboard.press("ArrowRight")
    assert page.text_content("#date-label") == "2017-11-25"
    page.wait_for_selector(f'#control-list li[data-place-id="{BUKAMAL}"][data-controller-id="syrian-arab-army"]',
                           state="attached")
    assert "Syrian Arab Army" in page.text_content(f'#control-list li[data-place-id="{BUKAMAL}"]')

    page.click(f'#event-list button[data-event-id="{CAPTURE}"]')
    page.wait_for_selector("#mentions li")
    mentions = page.locator("#mentions li.mention")
    assert mentions.count() >= 5
    outlets = {mentions.nth(i).locator(".outlet").text_content() for i in range(mentions.count())}
    assert len(outlets) >= 5
    assert page.locator('#mentions blockquote[dir="rtl"]').count() >= 1
    assert page.locator("#mentions a[href^='https://']").count() >= 5
    assert "50 killed" in page.text_content("#panel")
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "map-desktop.png"))

    page.keyboard.press("Escape")
    assert page.is_hidden("#panel")
    assert page.evaluate("document.activeElement.dataset.eventId") == CAPTURE
    assert problems == []
    page.close()


def test_claimed_event_looks_different_and_stored_text_is_inert(server, browser):
    page, problems = _open(browser, server + "/?at=2017-11-25", {"width": 1280, "height": 800})
    page.click('#event-list button[data-event-id="ev-bukamal-claim"]')
    page.wait_for_selector("#panel.claimed")
    assert "Claimed by Syrian army command" in page.text_content("#panel .badge")
    page.click("#panel-close")
    page.click('#event-list button[data-event-id="ev-hostile"]')
    page.wait_for_selector("#mentions li")
    assert HOSTILE in page.text_content("#mentions blockquote")
    assert page.locator("#panel img, #event-list img").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None
    assert problems == []
    page.close()


def test_filters_and_place_search(server, browser):
    page, problems = _open(browser, server + "/?at=2017-11-25", {"width": 1280, "height": 800})
    total = int(page.text_content("#event-count"))
    page.select_option("#f-side", "SDF")
    assert int(page.text_content("#event-count")) == 1
    page.select_option("#f-side", "")
    page.fill("#f-sources", "5")
    page.dispatch_event("#f-sources", "change")
    assert int(page.text_content("#event-count")) == 1
    page.fill("#f-sources", "1")
    page.dispatch_event("#f-sources", "change")
    page.uncheck("input[name=certainty][value=claimed]")
    assert int(page.text_content("#event-count")) == total - 2
    page.fill("#place-q", "Mayadin")
    page.press("#place-q", "Enter")
    page.wait_for_selector("#panel.place")
    assert "al-Mayadin" in page.text_content("#panel-title")
    assert problems == []
    page.close()


def test_keyboard_reaches_the_controls_and_play_moves_time(server, browser):
    page, problems = _open(browser, server + "/?at=2017-10-20", {"width": 1280, "height": 800})
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert {"place-q", "slider", "play", "f-type", "f-side", "f-actor", "f-sources"} <= reached
    before = page.input_value("#slider")
    page.click("#play")
    page.wait_for_timeout(1000)
    page.click("#play")
    assert page.get_attribute("#play", "aria-pressed") == "false"
    assert int(page.input_value("#slider")) > int(before)
    assert problems == []
    page.close()


def test_phone_layout(server, browser):
    page, problems = _open(browser, server + f"/?at=2017-11-25&event={CAPTURE}", {"width": 390, "height": 844})
    page.wait_for_selector("#mentions li")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "map-phone.png"))
    assert problems == []
    page.close()


def test_page_needs_no_outside_requests(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=15000)
    assert outside == []
    assert page.locator(".leaflet-overlay-pane path").count() > 0  # the bundled outline is drawn
    page.close()



def test_unreachable_tiles_fall_back_to_the_outline(db, browser):
    from frontwatch.api.app import create_app

    dead = f"http://127.0.0.1:{_free_port()}/{{z}}/{{x}}/{{y}}.png"  # nothing listens there
    with _serve(create_app(db, tile_url=dead, tile_attribution="test tiles")) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "/?at=2017-11-25")
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=15000)
        page.wait_for_selector("#status:has-text('tiles cannot be loaded')", timeout=15000)
        assert page.locator(".leaflet-overlay-pane path").count() > 0
        assert int(page.text_content("#event-count")) > 0
        assert errors == []
        page.close()


# ------------------------------------------------------------------ the same page on the seed page's own store


def make_seed_store(path: Path, shared: Path) -> tuple[str, str]:
    """The seed compilation page through the whole pipeline, with the map's marks as the starting state.
    Returns the database and the id of the al-Bukamal capture event (the one with most mentions)."""
    from frontwatch.pipeline import ingest, process_pending, resolve_store
    from frontwatch.resolve import control_timeline, load_baseline
    from frontwatch.store import Store

    store = Store.open(str(path))
    ingest(store, [str(shared / "corpus" / "seed-compilation.txt")])
    process_pending(store)
    resolve_store(store)
    store.set_baseline(load_baseline([shared / "data" / "places" / "syria.tsv"]))
    store.replace_control(control_timeline(store.all_events(), baseline=store.baseline()))
    captures = [e for e in store.all_events() if e.place and e.place.id == SEED_BUKAMAL and e.control
                and e.control.status == "captured"]
    store.close()
    assert captures, "the seed store has no al-Bukamal capture"
    return str(path), max(captures, key=lambda e: len(e.mentions)).event_id


SEED_BUKAMAL = "gn:174448"  # GeoNames id of Abu Kamal, as the gazetteer resolves it


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory, shared_dir):
    from frontwatch.api.app import create_app

    db, capture = make_seed_store(tmp_path_factory.mktemp("seedmap") / "fw.db", shared_dir)
    with _serve(create_app(db)) as url:
        yield url, capture


def test_seed_store_slider_changes_bukamal_and_capture_has_five_mentions(seed_server, browser):
    url, capture = seed_server
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = _open(browser, url + "/?at=2017-11-10", {"width": 1280, "height": 800})
    row = f'#control-list li[data-place-id="{SEED_BUKAMAL}"]'
    page.wait_for_selector(row, state="attached")
    before = page.get_attribute(row, "data-controller-id")
    page.focus("#slider")
    for _ in range(15):
        page.keyboard.press("ArrowRight")
    assert page.text_content("#date-label") == "2017-11-25"
    page.wait_for_selector(f'{row}[data-controller-id="saa"]', state="attached")
    assert before != "saa"
    page.click(f'#event-list button[data-event-id="{capture}"]')
    page.wait_for_selector("#mentions li")
    mentions = page.locator("#mentions li.mention")
    assert mentions.count() >= 5
    assert page.locator('#mentions blockquote[dir="rtl"]').count() >= 1
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "map-seed-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "map-seed-phone.png"))
    assert problems == []
    page.close()
