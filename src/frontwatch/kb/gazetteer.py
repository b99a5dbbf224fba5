"""Places: the gazetteer (bundled SQLite plus a user file) and toponym resolution in context."""
from __future__ import annotations

import functools
import gc
import math
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from frontwatch.errors import DataFileError
from frontwatch.kb.gazetteer_data import DATA_DIR, Place, haversine_km
from frontwatch.kb.gazetteer_names import (
    exact_key,
    is_arabic_token,
    name_fold,
    skeletons,
)
from frontwatch.kb.gazetteer_store import (
    add_place,
    connect,
    ensure_bundled,
    import_geonames,
    place_from_row,
    read_places,
)
from frontwatch.models import PlaceRef
from frontwatch.nlp.normalize import fold as _fold_uncached

fold = functools.lru_cache(maxsize=100_000)(_fold_uncached)

__all__ = ["Gazetteer", "GeoContext", "Place", "PlaceResolution", "default_gazetteer", "import_geonames"]

CUES_PATH = DATA_DIR / "cues.tsv"
_MAX_NGRAM = 6
_AREA_KINDS = frozenset({"country", "governorate", "region", "continent", "border", "river", "admin area"})


@dataclass
class GeoContext:
    """What an article says about where it is: country focus (ISO2 -> weight), points already resolved,
    and areas named nearby (Places with a point and a radius: 'northern Hama', 'near Damascus')."""

    countries: dict[str, float] = field(default_factory=dict)
    points: list[tuple[float, float]] = field(default_factory=list)
    areas: list[Place] = field(default_factory=list)
    country: str | list[str] | None = None  # shorthand: one ISO2 code (or a list) of the article's focus

    def __post_init__(self) -> None:
        if isinstance(self.countries, (str, list)):
            self.countries = GeoContext.of(self.countries).countries
        if self.country:
            for c, w in GeoContext.of(self.country).countries.items():
                self.countries.setdefault(c, w)
            self.country = None

    @classmethod
    def of(cls, countries: str | list[str] | dict[str, float] | None = None, **kw) -> GeoContext:
        if isinstance(countries, str):
            countries = {countries: 1.0}
        elif isinstance(countries, list):
            countries = {c: 1.0 / len(countries) for c in countries}
        return cls(countries=dict(countries or {}), **kw)


@dataclass
class PlaceResolution:
    start: int
    end: int
    surface: str
    place: PlaceRef
    score: float
    runners_up: list[tuple[str, str, float]] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    area: Place | None = field(default=None, repr=False, compare=False)  # the area, when the mention names one


@dataclass
class _Mention:
    start: int  # offsets into the original text
    end: int
    tok0: int  # token index range
    tok1: int
    key: str
    cands: list[tuple[Place, str]]  # (place, match kind: exact | skeleton | feature)
    sentence: int
    area: Place | None = None  # set when the mention is itself an area (region, directional phrase)
    cued: bool = False


def _load_cues(path: Path = CUES_PATH) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8") as f:
        lines = [(i, ln.rstrip("\r\n")) for i, ln in enumerate(f, 1) if ln.strip() and not ln.startswith("#")]
    for i, ln in lines[1:]:
        cells = ln.split("\t")
        if len(cells) != 3 or not cells[0] or not cells[1]:
            raise DataFileError(f"line {i}: expected word, type, value", source=str(path))
        out.setdefault(cells[1], {})[fold(cells[0])] = cells[2]
    return out


def _load_words(path: Path) -> frozenset[str]:
    with open(path, encoding="utf-8") as f:
        return frozenset(fold(ln.strip()) for ln in f if ln.strip() and not ln.startswith("#"))


def _offset(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    b = math.radians(bearing)
    dlat = km * math.cos(b) / 111.2
    dlon = km * math.sin(b) / (111.2 * max(0.2, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


_DIR_NAMES = {0: "north", 45: "north-east", 90: "east", 135: "south-east", 180: "south", 225: "south-west",
              270: "west", 315: "north-west"}
_SENT_END = re.compile(r"[.!?؟]\s|\n")


class Gazetteer:
    """Place lookup and toponym resolution over the bundled gazetteer and an optional user SQLite."""

    def __init__(self, path: str | Path | None = None, extra_path: str | None = None):
        self.path = Path(path) if path else ensure_bundled()
        if not self.path.is_file():
            raise DataFileError("gazetteer file not found (run `frontwatch gazetteer build`)", source=str(self.path))
        self.extra_path = extra_path
        self._places: dict[str, Place] = {}
        self._exact: dict[str, list[str]] = {}
        self._skel: dict[str, list[str]] = {}
        con = sqlite3.connect(str(self.path))
        try:
            for r in con.execute("SELECT * FROM places"):
                p = place_from_row(r)
                self._places[p.id] = p
            self._heads: set[str] = set()
            for key, kind, pid in con.execute("SELECT key, kind, place_id FROM names"):
                if kind == "h":
                    self._heads.add(key)
                else:
                    (self._exact if kind == "x" else self._skel).setdefault(key, []).append(pid)
        except sqlite3.DatabaseError as e:
            raise DataFileError(f"not a gazetteer file ({e})", source=str(self.path)) from None
        finally:
            con.close()
        self._exact = {k: tuple(v) for k, v in self._exact.items()}
        self._skel = {k: tuple(v) for k, v in self._skel.items()}
        self._extra = connect(extra_path) if extra_path else None
        self.cues = _load_cues()
        self.not_places = _load_words(DATA_DIR / "not_places.txt")
        self.abbrevs = {n for p in self._places.values() if p.source == "frontwatch" for n in p.names
                        if n.replace(".", "").isupper() and n.isascii()}
        self._dirs = {k: float(v) for k, v in self.cues["dir"].items()}
        self.phrase_heads = {t for p in self._places.values() if p.kind in _AREA_KINDS or p.source == "frontwatch"
                             for n in p.names for t in name_fold(n).split()[:2] if len(name_fold(n).split()) > 1}
        self._admin = {(p.country, p.admin1): p for p in self._places.values()
                       if p.kind == "governorate" and p.admin1}
        self._country = {p.country: p for p in self._places.values() if p.kind == "country"}
        # The index is long-lived: keep the cyclic garbage collector from walking it on every collection.
        gc.collect()
        gc.freeze()

    # ---- lookup ----------------------------------------------------------------------------------------
    def _lookup(self, key: str, kind: str) -> list[Place]:
        table = self._exact if kind == "x" else self._skel
        out = [self._places[i] for i in table.get(key, ())]
        if self._extra is not None:
            ids = [r[0] for r in self._extra.execute(
                "SELECT place_id FROM names WHERE key = ? AND kind = ?", (key, kind))]
            extra = read_places(self._extra, ids)
            user_ids = {p.id for p in extra}
            out = [p for p in out if p.id not in user_ids] + extra
        return out

    def _has(self, key: str, kind: str) -> bool:
        if key in (self._exact if kind == "x" else self._skel):
            return True
        if self._extra is None:
            return False
        return self._extra.execute("SELECT 1 FROM names WHERE key = ? AND kind = ? LIMIT 1",
                                   (key, kind)).fetchone() is not None

    def may_start(self, first_word_key: str) -> bool:
        """Whether some name starts with this word (or is it): n-grams from other words cannot match."""
        if first_word_key in self._heads or first_word_key in self._exact:
            return True
        return self._extra is not None and self._extra.execute(
            "SELECT 1 FROM names WHERE key = ? AND kind IN ('h', 'x') LIMIT 1", (first_word_key,)).fetchone() is not None

    def get(self, place_id: str) -> Place | None:
        p = self._places.get(place_id)
        if p is None and self._extra is not None:
            found = read_places(self._extra, [place_id])
            p = found[0] if found else None
        return p

    def candidates(self, name: str, *, lang: str | None = None) -> list[Place]:
        """Places whose name matches `name`: exact (folded, articles dropped) first, then by skeleton."""
        return [p for p, _ in self._candidates(name)]

    def _candidates(self, name: str) -> list[tuple[Place, str]]:
        key = exact_key(name)
        out: list[tuple[Place, str]] = [(p, "exact") for p in self._lookup(key, "x")] if key else []
        seen = {p.id for p, _ in out}
        latin = not is_arabic_token(name)
        from frontwatch.kb.gazetteer_parse import _close_spelling
        for s in skeletons(name):
            if len(s) >= 3:
                for p in self._lookup(s, "s"):
                    if p.id not in seen and (not latin or _close_spelling(name_fold(name), p)):
                        seen.add(p.id)
                        out.append((p, "skeleton"))
        if not out:
            out = self._feature_candidates(name_fold(name).split())
        return out

    def _feature_candidates(self, toks: list[str]) -> list[tuple[Place, str]]:
        """'Balil Hill' / 'Tal Balil' not held as such: the name without its feature word."""
        feats = self.cues.get("feature", {})
        if len(toks) < 2:
            return []
        rest = toks[:-1] if toks[-1] in feats else toks[1:] if toks[0] in feats else None
        if not rest:
            return []
        key = exact_key(" ".join(rest), folded=True)
        return [(p, "feature") for p in self._lookup(key, "x")] if len(key) >= 3 else []

    # ---- user additions ----------------------------------------------------------------------------------
    def add(self, name: str, lat: float, lon: float, country: str | None = None,
            kind: str = "settlement") -> Place:
        """Adds a place to the user gazetteer (extra_path) and returns it."""
        if not self.extra_path:
            raise DataFileError("no user gazetteer: pass extra_path to add places")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataFileError(f"latitude/longitude out of range: {lat}, {lon}", source=self.extra_path)
        import hashlib
        pid = "user:" + hashlib.sha1(f"{fold(name)}|{lat:.4f}|{lon:.4f}".encode()).hexdigest()[:10]
        place = Place(id=pid, name=name, names=(name,), kind=kind, feature_class="P", country=country,
                      lat=lat, lon=lon, source="user")
        if self._extra is not None:
            self._extra.close()
        add_place(self.extra_path, place)
        self._extra = connect(self.extra_path)
        return place

    # ---- scoring -----------------------------------------------------------------------------------------
    def _score(self, p: Place, how: str, ctx: GeoContext, exclude: tuple[float, float] | None = None
               ) -> tuple[float, list[str]]:
        why: list[str] = []
        s = {"exact": 1.0, "feature": 0.8, "skeleton": 0.55}[how]
        why.append(f"{how} name {s:.2f}")
        if p.population:
            pop = 0.3 * min(1.0, math.log10(p.population + 1) / 6.5)
            s += pop
            why.append(f"population {p.population} +{pop:.2f}")
        bonus = {"country": 0.35, "capital": 0.3, "city": 0.1, "governorate": 0.15, "region": 0.15, "river": 0.15,
                 "border": 0.1, "continent": 0.2}.get(p.kind, 0.0)
        if bonus:
            s += bonus
            why.append(f"kind {p.kind} +{bonus:.2f}")
        if ctx.countries:
            w = ctx.countries.get(p.country or "", 0.0)
            cs = 0.6 * w if w else -0.25
            s += cs
            why.append(f"country focus {p.country} {cs:+.2f}")
        for a in ctx.areas:
            if a.id == p.id:
                continue
            d = haversine_km(p.lat, p.lon, a.lat, a.lon)
            r = max(a.radius_km, 5.0)
            if d <= r:
                v = 0.6 * (1 - d / (2 * r))
            else:
                v = -0.6 * min(1.0, (d - r) / r)
            s += v
            why.append(f"{d:.0f} km from area {a.name} (r {r:.0f}) {v:+.2f}")
        pts = [q for q in set(ctx.points) if q != exclude]
        if pts:
            dmin = min(haversine_km(p.lat, p.lon, la, lo) for la, lo in pts)
            v = 0.45 * math.exp(-dmin / 60.0)
            s += v
            why.append(f"{dmin:.0f} km from a place of the article {v:+.2f}")
        return s, why

    def _choose(self, surface: str, cands: list[tuple[Place, str]], ctx: GeoContext,
                exclude: tuple[float, float] | None = None, strict: bool = True
                ) -> tuple[Place | None, float, list, list[str]]:
        """The best candidate in context, its score, the runners-up and the reasons; None when the best is
        a same-sounding place outside what the context names (`strict`: areas named nearby bind a village)."""
        scored = []
        if len(cands) > 12:  # many namesakes: score the likeliest by name match, nearness to context, size
            rank = {"exact": 0, "feature": 1, "skeleton": 2}
            anchors = [(a.lat, a.lon) for a in ctx.areas] + list(ctx.points)

            def near(p: Place) -> float:
                return min((haversine_km(p.lat, p.lon, *q) for q in anchors), default=0.0) // 100
            cands = sorted(cands, key=lambda c: (rank[c[1]], near(c[0]), c[0].kind not in _AREA_KINDS,
                                                 -c[0].population))[:12]
        for p, how in cands:
            s, why = self._score(p, how, ctx, exclude)
            scored.append((s, p, how, why))
        scored.sort(key=lambda t: -t[0])
        if not scored:
            return None, 0.0, [], []
        s, p, how, why = scored[0]
        runners = [(q.name, q.id, round(t, 3)) for t, q, _, _ in scored[1:4]]
        if not self._plausible(p, how, ctx, strict):
            why = why + [f"refused {p.name} ({p.id}): {how} match outside the areas and places in context"]
            return None, s, [(p.name, p.id, round(s, 3)), *runners][:4], why
        return p, s, runners, why

    def _plausible(self, p: Place, how: str, ctx: GeoContext, strict: bool = True) -> bool:
        """A same-sounding place far from everything the context names is not the place meant: a village
        (or any name matched by skeleton) must lie in the areas named with it, or near the article's places."""
        if p.kind in ("country", "continent") or p.source == "frontwatch":
            return True
        prominent = how == "exact" and (p.population >= 20_000 or p.kind in ("capital", "city"))
        if prominent or (how == "exact" and not strict):
            return True
        areas = [a for a in ctx.areas if a.id != p.id and a.kind not in ("country", "continent", "river")
                 and a.source != "previous sentence"  # an area of the sentence before guides, never binds
                 and not (a.country and a.id == f"fw:c:{a.country}")]
        if areas:
            slack = 1.25 if how == "exact" else 1.0
            return any(haversine_km(p.lat, p.lon, a.lat, a.lon) <= max(a.radius_km, 5) * slack + 5 for a in areas)
        if how != "exact":  # a respelling: in the text's main countries, or near its places
            if not ctx.points and not ctx.countries:
                return True
            return ctx.countries.get(p.country or "", 0.0) >= 0.5 or any(
                haversine_km(p.lat, p.lon, *q) <= 60 for q in ctx.points)
        return True

    # ---- public resolution ----------------------------------------------------------------------------------
    def resolve(self, name: str, *, context: GeoContext | None = None,
                near_text: str | None = None) -> PlaceResolution | None:
        """Resolves one place name as an event coder meets it; `near_text` (the sentence) adds context."""
        base = context or GeoContext()
        ctx = GeoContext(countries=dict(base.countries), points=list(base.points), areas=list(base.areas))
        if near_text:
            for r in self.geoparse(near_text, context=context):
                if r.place.located and fold(r.surface) != fold(name):
                    if r.area is not None:
                        ctx.areas.append(r.area)
                    elif r.place.lat is not None:
                        ctx.points.append((r.place.lat, r.place.lon))
                    if r.place.country and not (context and context.countries):
                        ctx.countries[r.place.country] = ctx.countries.get(r.place.country, 0) + 0.5
        ctx.countries = _normalise(ctx.countries)
        siblings = list(ctx.points[len(base.points):])
        area = self._area_phrase(name)
        if area is not None:
            ref = _ref(area, 1.0, name)
            ref.precision = "country" if area.kind == "country" else "region"
            return PlaceResolution(0, len(name), name, ref, 1.0, [], ["an area phrase"])
        cands = self._candidates(name)
        p, s, runners, why = self._choose(name, cands, ctx)
        if p is not None:
            return PlaceResolution(0, len(name), name, _ref(p, s, name), round(s, 3), runners, why)
        return self._unlocated(name, 0, len(name), ctx, siblings, runners, why)

    def _unlocated(self, surface: str, start: int, end: int, ctx: GeoContext,
                   siblings: list[tuple[float, float]], runners: list, why: list[str], bare: bool = False
                   ) -> PlaceResolution | None:
        """A name not placed on a known place: at the area its context names, the places named with it,
        or the text's country (located=False); with `bare`, without coordinates when there is no context."""
        areas = sorted((a for a in ctx.areas if a.kind != "continent"), key=lambda a: a.radius_km)
        area = areas[0] if areas else None
        inside = [q for q in siblings if area is None
                  or haversine_km(q[0], q[1], area.lat, area.lon) <= area.radius_km * 1.25 + 5]
        if inside:
            lat = sum(q[0] for q in inside) / len(inside)
            lon = sum(q[1] for q in inside) / len(inside)
            how = f"unlocated: placed at the places named with it ({len(inside)})"
        elif area is not None:
            lat, lon = area.lat, area.lon
            how = f"unlocated: placed at the area its context names ({area.name})"
        elif ctx.countries and max(ctx.countries, key=ctx.countries.get) in self._country:
            area = self._country[max(ctx.countries, key=ctx.countries.get)]
            ref = PlaceRef(id=None, name=surface, lat=area.lat, lon=area.lon, country=area.country,
                           precision="country", located=False, score=0.0, text=surface)
            return PlaceResolution(start, end, surface, ref, 0.0, runners,
                                   why + [f"unlocated: no area named; placed at the text's country ({area.name})"])
        elif bare:
            ref = PlaceRef(id=None, name=surface, precision="region", located=False, score=0.0, text=surface)
            return PlaceResolution(start, end, surface, ref, 0.0, runners, why + ["unlocated: no context"])
        else:
            return None
        ref = PlaceRef(id=None, name=surface, lat=round(lat, 4), lon=round(lon, 4),
                       country=area.country if area else None, admin1=area.admin1 if area else None,
                       precision="region", located=False, score=0.0, text=surface)
        return PlaceResolution(start, end, surface, ref, 0.0, runners, why + [how])

    # ---- geoparsing -----------------------------------------------------------------------------------------
    def geoparse(self, text: str, *, lang: str | None = None,
                 context: GeoContext | None = None) -> list[PlaceResolution]:
        """Every place mention of `text` with its resolution (offsets into `text`)."""
        from frontwatch.kb.gazetteer_parse import find_mentions, resolve_mentions
        mentions, toks = find_mentions(self, text)
        return resolve_mentions(self, text, mentions, toks, context)

    def _area_phrase(self, name: str) -> Place | None:
        """An area named by the whole phrase ('northern Hama', 'Eastern Ghouta'), else None."""
        from frontwatch.kb.gazetteer_parse import find_mentions
        mentions, _ = find_mentions(self, name)
        bare = re.sub(r"^(the|al|el)\s+", "", name.strip(), flags=re.IGNORECASE)
        if len(mentions) == 1 and mentions[0].area is not None and mentions[0].end - mentions[0].start \
                >= 0.8 * len(bare):
            return mentions[0].area
        return None


def _normalise(w: dict[str, float]) -> dict[str, float]:
    top = max(w.values(), default=0.0)
    return {k: v / top for k, v in w.items()} if top else {}


def _ref(p: Place, score: float, text: str) -> PlaceRef:
    precision = p.precision
    if p.kind == "country":
        precision = "country"
    return PlaceRef(id=p.id, name=p.name, lat=round(p.lat, 5), lon=round(p.lon, 5), country=p.country,
                    admin1=p.admin1, precision=precision, located=True, score=round(score, 3), text=text)


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer (built into the cache on first use), plus the user file in FRONTWATCH_HOME."""
    import os

    from frontwatch.kb.gazetteer_store import default_db_path
    extra = os.environ.get("FRONTWATCH_GAZETTEER_EXTRA")
    if not extra:
        cand = default_db_path().with_name("places-user.sqlite")
        extra = str(cand) if cand.exists() else None
    return Gazetteer(extra_path=extra)
