"""API and map benchmark: builds a store of synthetic events, prints p50/p95 latency of the main API
queries (target p95 <= 100 ms on SQLite) and the time Chromium takes to show 50,000 events on the map
page (target <= 2 s).

    .venv/bin/python benchmarks/bench_api.py [--events 100000] [--map-events 50000] [--db URL] [--runs 30]

With --db the store is a database URL (e.g. PostgreSQL) that is wiped first; by default a temporary
SQLite file. The map part needs /usr/bin/chromium and the playwright package (skipped otherwise).
Latency is wall time through the ASGI stack (in-process client) and the process's CPU time for the
same request, which stays meaningful when other jobs load the machine (uptime is printed first).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from frontwatch.models import ActorRef, Control, ControlPeriod, Event, MentionRef, PlaceRef
from frontwatch.store import Store

SIDES = ["pro-government", "ISIS", "opposition", "SDF", "government", "Turkey-backed", "US-led"]
TYPES = ["ASSAULT"] * 8 + ["COERCE", "MOBILIZE", "RETREAT", "CONCEDE", "THREATEN", "PROTEST", "ACCUSE", "AID"]
OUTLETS = [("SANA", "en"), ("Al-Manar", "en"), ("Al Mayadeen", "ar"), ("Enab Baladi", "ar"), ("Reuters", "en"),
           ("Rudaw", "en"), ("Shafaq News", "ar"), ("South Front", "en"), ("Syria Direct", "en"), ("Al Jazeera", "ar")]
WORDS = ["army", "forces", "attack", "town", "village", "shelling", "killed", "captured", "advance", "clashes", "strike", "control", "checkpoint"]


@dataclass
class World:
    places: list[PlaceRef]
    actors: list[ActorRef]


def make_world(rng: random.Random, n_places: int = 600, n_actors: int = 60) -> World:
    places = [PlaceRef(f"syn:p{i}", f"Place {i}", round(rng.uniform(32.5, 37.2), 4), round(rng.uniform(36.0, 45.5), 4),
                       rng.choice(["SY", "IQ"]), f"Region {i % 14}") for i in range(n_places)]
    actors = [ActorRef(f"syn:a{i}", f"Actor {i}", SIDES[i % len(SIDES)]) for i in range(n_actors)]
    return World(places, actors)


def make_event(rng: random.Random, world: World, i: int) -> Event:
    day = rng.randrange(0, 6 * 365)
    date = time.strftime("%Y-%m-%d", time.gmtime(1388534400 + day * 86400)) if rng.random() > 0.02 else None
    actor, target = rng.sample(world.actors, 2)
    place = world.places[int(rng.paretovariate(1.2)) % len(world.places)]
    n = 1 + int(rng.expovariate(0.8)) % 6
    mentions = []
    for k in range(n):
        outlet, lang = rng.choice(OUTLETS)
        text = " ".join(rng.choice(WORDS) for _ in range(12)) + f" near {place.name}."
        mentions.append(MentionRef(f"syn:art{i}-{k}", outlet, lang, 0, len(text), text, 0, f"syn:m{i}-{k}"))
    certainty = rng.choices(["reported", "claimed", "hypothetical"], [80, 17, 3])[0]
    typ = rng.choice(TYPES)
    control = Control(actor, target, rng.choice(["captured", "contested"])) if typ == "ASSAULT" and rng.random() < .1 else None
    return Event(f"syn:e{i:07d}", typ, None, "Battles" if typ == "ASSAULT" else "Strategic developments", None, date,
                 "day", actors=[actor], targets=[target], place=place,
                 fatalities=rng.choice([None, None, 0, 1, 2, 5, 12, 40]), control=control, certainty=certainty,
                 claimed_by=actor.name if certainty == "claimed" else None, sources=n,
                 independent_sources=max(1, n - rng.randrange(0, 2)), grade=rng.choice("ABCD"), mentions=mentions)


def fill(store: Store, world: World, rng: random.Random, start: int, stop: int, chunk: int = 5000) -> None:
    for lo in range(start, stop, chunk):
        store.save_events([make_event(rng, world, i) for i in range(lo, min(stop, lo + chunk))], {})


def control_for(world: World, rng: random.Random) -> list[ControlPeriod]:
    out = []
    for p in world.places[:300]:
        cuts = sorted(rng.sample(range(1, 6 * 365), 3))
        bounds = [None] + [time.strftime("%Y-%m-%d", time.gmtime(1388534400 + c * 86400)) for c in cuts] + [None]
        for k in range(4):
            a = rng.choice(world.actors)
            out.append(ControlPeriod(p.id, p.name, a.id, a.name, bounds[k], bounds[k + 1],
                                     rng.choice(["held", "held", "claimed", "contested"])))
    return out


# ------------------------------------------------------------------------------------------ API


QUERIES = [
    ("first page", "/api/events?limit=100"),
    ("page 40 by cursor", None),
    ("type + date range", "/api/events?type=COERCE&date_from=2016-01-01&date_to=2016-06-30"),
    ("actor", "/api/events?actor=syn:a7"),
    ("side", "/api/events?side=SDF"),
    ("bbox", "/api/events?bbox=38,34,39,35"),
    ("country + certainty", "/api/events?country=IQ&certainty=claimed"),
    ("min sources + grade", "/api/events?min_sources=4&grade=A"),
    ("place name", "/api/events?place=Place%2042"),
    ("sort by toll", "/api/events?sort=-fatalities"),
    ("outlet", "/api/events?outlet=rudaw"),
    ("language", "/api/events?language=ar&type=AID"),
    ("text search", "/api/events?q=checkpoint%20near"),
    ("one event", "/api/events/syn:e0004242"),
    ("control at date", "/api/control?at=2016-05-01"),
    ("control history", "/api/control/syn:p3/history"),
    ("places", "/api/places?limit=100"),
    ("actors", "/api/actors?limit=100"),
    ("stats", "/api/stats"),
    ("geojson 1,000", "/api/events.geojson?limit=1000&properties=compact"),
    ("map table 5,000", "/api/map/events?limit=5000"),
]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def bench_api(db: str, runs: int) -> None:
    from fastapi.testclient import TestClient

    from frontwatch.api.app import create_app

    with TestClient(create_app(db)) as client:
        cursor_url = "/api/events?limit=100"
        for _ in range(39):
            cursor_url = "/api/events?limit=100&cursor=" + client.get(cursor_url).json()["next_cursor"]
        print(f"{'query':24} {'p50 ms':>8} {'p95 ms':>8} {'cpu p95':>8}  rows")
        worst = worst_cpu = 0.0
        for name, url in QUERIES:
            url = url or cursor_url
            times, cpu, r = [], [], None
            for _ in range(runs):
                t0, c0 = time.perf_counter(), time.process_time()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                assert r.status_code == 200, (url, r.status_code, r.text[:200])
            body = r.json()
            rows = len(body["items"]) if isinstance(body, dict) and "items" in body else (
                len(body["features"]) if isinstance(body, dict) and "features" in body else (
                    len(body) if isinstance(body, list) else 1))
            p95, cpu95 = _pct(times, .95), _pct(cpu, .95)
            worst, worst_cpu = max(worst, p95), max(worst_cpu, cpu95)
            print(f"{name:24} {statistics.median(times):8.1f} {p95:8.1f} {cpu95:8.1f}  {rows}")
        print(f"worst p95: {worst:.1f} ms wall, {worst_cpu:.1f} ms CPU (target <= 100 ms)")
        t0 = time.perf_counter()
        n = len(client.get("/api/map/events").json()["rows"])
        print(f"map table of all {n} events: {(time.perf_counter() - t0) * 1000:.0f} ms")


# ------------------------------------------------------------------------------------------ map


def bench_map(db: str, expected: int) -> None:
    if not Path("/usr/bin/chromium").exists():
        print("map: skipped (/usr/bin/chromium missing)")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("map: skipped (playwright not installed)")
        return
    import uvicorn

    from frontwatch.api.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for attempt in ("cold", "warm"):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120000)
            took = time.perf_counter() - t0
            shown = int(page.get_attribute("body", "data-events-shown"))
            t_data, t_ready = (int(page.get_attribute("body", k)) for k in ("data-t-data", "data-t-ready"))
            print(f"map page ({attempt}): {shown} events shown in {took:.2f} s (target <= 2 s for {expected}); "
                  f"data in after {t_data / 1000:.2f} s, drawn {(t_ready - t_data) / 1000:.2f} s later")
            slow = page.evaluate("performance.getEntriesByType('resource').map(r => "
                                 "[r.name.split('/').slice(3).join('/').slice(0, 40), Math.round(r.startTime), "
                                 "Math.round(r.responseStart), Math.round(r.responseEnd)])")
            print("  requests (start, first byte, end; ms):",
                  "; ".join(f"{n} {a}/{b}/{c}" for n, a, b, c in sorted(slow, key=lambda x: -x[3])[:4]))
            page.close()
        browser.close()
    srv.should_exit = True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--map-events", type=int, default=50_000)
    ap.add_argument("--db", help="database URL (wiped first); default: a temporary SQLite file")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fw-bench-"))
    try:
        run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp: Path) -> None:
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()), f"on {os.cpu_count()} CPUs")
    rng = random.Random(7)
    world = make_world(rng)
    db = args.db or str(tmp / "bench.db")
    store = Store.open(db)
    store.wipe()
    store.replace_control(control_for(world, rng))
    t0 = time.perf_counter()
    fill(store, world, rng, 0, min(args.map_events, args.events))
    map_db = None
    if not args.db:  # a copy holding exactly the map's events
        store.close()
        map_db = str(tmp / "map.db")
        shutil.copy(db, map_db)
        store = Store.open(db)
    fill(store, world, rng, min(args.map_events, args.events), args.events)
    print(f"store: {args.events} events written in {time.perf_counter() - t0:.1f} s ({store.dialect})")
    store.close()
    bench_api(db, args.runs)
    if map_db:
        bench_map(map_db, args.map_events)
    else:
        print("map: measured on the default SQLite store only")


if __name__ == "__main__":
    main()
