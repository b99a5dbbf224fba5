"""Event resolution: event mentions -> events, by blocking on place cell and week, never all pairs.

Each event is indexed under keys for its place (id, folded name, a fine grid cell of about 5 km for
points, a coarse cell of about 55 km for districts and regions, the country for country-level
places, the article for place-less ones) crossed with the weeks its date window covers. A mention
looks up only the keys it could share, scores the candidates (place + date + actors) and joins the
best, or starts a new event. Denials and hypothetical mentions are kept in their own lanes.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from frontwatch.models import Article, Event, EventMention, PlaceRef, mention_key
from frontwatch.resolve import compat
from frontwatch.resolve.corroboration import make_lookup
from frontwatch.resolve.grading import grade_event
from frontwatch.resolve.merge import (add_denial, add_support, counter_claim, new_event, ref_key,
                                      span_key)

_FINE, _COARSE = 0.05, 0.5
_ANY = "*"


def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
    return int(lat // size), int(lon // size)


def _around(c: tuple[int, int]) -> list[tuple[int, int]]:
    return [(c[0] + i, c[1] + j) for i in (-1, 0, 1) for j in (-1, 0, 1)]


def place_keys(p: PlaceRef | None, article_id: str, *, query: bool) -> list[tuple]:
    """Index keys of a place (to register an event) or the keys to look up (for a mention)."""
    if p is None:
        return [("none",), ("art", article_id)]
    keys: list[tuple] = [("art", article_id)]
    if p.id:
        keys.append(("id", p.id))
    if compat.name_key(p.name):
        keys.append(("name", compat.name_key(p.name)))
    precision = p.precision or "point"
    if precision == "country":
        keys.append(("country", p.country))
    elif p.lat is not None and p.lon is not None and p.located:
        point = precision == "point"
        if query:
            if point:
                keys += [("f", *c) for c in _around(_cell(p.lat, p.lon, _FINE))]
            keys += [("cc", *c) for c in _around(_cell(p.lat, p.lon, _COARSE))]
            if not point:
                keys += [("cp", *c) for c in _around(_cell(p.lat, p.lon, _COARSE))]
        else:
            if point:
                keys += [("f", *_cell(p.lat, p.lon, _FINE)), ("cp", *_cell(p.lat, p.lon, _COARSE))]
            else:
                keys.append(("cc", *_cell(p.lat, p.lon, _COARSE)))
    return keys


def _weeks(window: tuple[int, int] | None) -> list[Any]:
    if window is None:
        return [None]
    return list(range((window[0] - 1) // 7, (window[1] + 1) // 7 + 1))


class Resolver:
    """Holds events and their index, so that new mentions can be added cheaply and repeatedly."""

    def __init__(self, articles: Mapping[str, Article] | None = None, *, outlets: Any = None,
                 reliability: Mapping[str, str] | None = None):
        self.articles: dict[str, Article] = dict(articles or {})
        self.lookup = make_lookup(outlets)
        self.reliability = reliability
        self.events: dict[str, Event] = {}
        self._index: dict[tuple, list[str]] = {}
        self._registered: dict[str, set[tuple]] = {}
        self._keys: set[str] = set()  # mention keys held, and spans of old references without one
        self._parts: dict[str, compat.Parties] = {}

    # ------------------------------------------------------------ index

    def _lane(self, certainty: str) -> str:
        return "h" if certainty == "hypothetical" else "r"

    def _register(self, ev: Event, article_ids: Iterable[str]) -> None:
        """Index the event under its place keys (and its articles' keys) for each week it may fall in."""
        lane = self._lane(ev.certainty)
        weeks = (*_weeks(compat.date_window(ev.date, ev.date_precision)), _ANY)
        done = self._registered.setdefault(ev.event_id, set())
        pkeys = set(place_keys(ev.place, "", query=False))
        pkeys.discard(("art", ""))
        pkeys.update(("art", aid) for aid in article_ids)
        index, eid = self._index, ev.event_id
        keys = {(lane, pk, wk) for pk in pkeys for wk in weeks}
        keys -= done
        done |= keys
        for k in keys:
            lst = index.get(k)
            if lst is None:
                index[k] = [eid]
            else:
                lst.append(eid)

    def _candidates(self, m: EventMention, lane: str) -> list[Event]:
        window = compat.date_window(m.date, m.date_precision)
        weeks = [_ANY] if window is None else [*_weeks(window), None]
        seen: dict[str, Event] = {}
        for pk in place_keys(m.place, m.article_id, query=True):
            for wk in weeks:
                for eid in self._index.get((lane, pk, wk), ()):
                    if eid not in seen:
                        seen[eid] = self.events[eid]
        return list(seen.values())

    def _parties(self, ev: Event) -> compat.Parties:
        if ev.event_id not in self._parts:
            self._parts[ev.event_id] = compat.parties(ev.actors, ev.targets)
        return self._parts[ev.event_id]

    # ------------------------------------------------------------ matching

    def _match(self, m: EventMention, ev: Event, same_article: bool) -> tuple[float, list[str]] | None:
        """(score, reasons) when the mention can report the event, else None."""
        why_type = compat.type_match(m, ev.type, ev.mode, ev.control)
        if why_type is None:
            return None
        place = compat.place_match(m.place, ev.place)
        if place is None:
            if not (same_article and (m.place is None or ev.place is None)):
                return None
            place = (0.5, "same article, place given once")
        d = compat.date_score(compat.date_window(m.date, m.date_precision),
                              compat.date_window(ev.date, ev.date_precision))
        if d is None:
            return None
        if (m.control is None) != (ev.control is None) and not (same_article or d == 2.0):
            return None  # fighting near a capture joins it only the same day or in the same article
        mine, theirs = compat.parties(m.actors, m.targets), self._parties(ev)
        why_actors = compat.actors_match(mine, theirs)
        if why_actors is None and m.control and ev.control:
            why_actors = "the same gainer of control"  # checked below; other roles may be misread
        shared = mine[0] & theirs[0]
        if why_actors is None or ((m.place is None or ev.place is None) and not shared):
            return None  # without a place on one side, only the same doer ties them
        if (m.control and ev.control and not compat.same_gainer(m.control.gained_by, ev.control.gained_by)):
            return None
        score = place[0] + d + (1.0 if shared else 0.0) + (1.0 if same_article else 0.0)
        date_reason = "no date on one side" if d == 0.5 else ("same day" if d == 2.0 else "dates overlap")
        return score, [why_type, place[1], date_reason, why_actors]

    def _best(self, m: EventMention, lane: str) -> tuple[Event, list[str]] | None:
        best = None
        for ev in self._candidates(m, lane):
            same_article = any(r.article_id == m.article_id for r in ev.mentions[-8:])
            hit = self._match(m, ev, same_article)
            if hit is not None:
                rank = (hit[0], ev.certainty == "reported", len(ev.mentions), ev.event_id)
                if best is None or rank > best[0]:
                    best = (rank, ev, hit[1])
        return (best[1], best[2]) if best else None

    def _denied(self, m: EventMention) -> tuple[Event, str] | None:
        """The event a denial or counter-claim speaks against: same place, overlapping date, control."""
        best = None
        for ev in self._candidates(m, "r"):
            if ev.control is None or compat.place_match(m.place, ev.place) is None:
                continue
            d = compat.date_score(compat.date_window(m.date, m.date_precision),
                                  compat.date_window(ev.date, ev.date_precision))
            if d is None:
                continue
            if compat.is_denial(m) and compat.same_gainer(m.control.gained_by, ev.control.gained_by):
                reason = f"denies the change of control at {ev.place.name if ev.place else '?'}"
            elif counter_claim(ev, m):
                reason = (f"counter-claim: {m.control.gained_by.name} said to hold the place the same day "
                          f"{ev.control.gained_by.name} claims")
            else:
                continue
            rank = (d, len(ev.mentions), ev.event_id)
            if best is None or rank > best[0]:
                best = (rank, ev, reason)
        return (best[1], best[2]) if best else None

    # ------------------------------------------------------------ public

    def load(self, events: Iterable[Event]) -> None:
        """Index events made earlier (from this resolver or read back from the store)."""
        for ev in events:
            self.events[ev.event_id] = ev
            for r in ev.mentions:
                self._keys.add(ref_key(r))
            self._register(ev, {r.article_id for r in ev.mentions})

    def add(self, mentions: Iterable[EventMention], articles: Mapping[str, Article] | None = None,
            ) -> list[Event]:
        """Attach each new mention to an event or start one; return the events touched, graded."""
        if articles:
            self.articles.update(articles)
        # denials last (they need the claim they deny); precise dates first, undated last (the
        # others then join the nearest event rather than the first one made)
        todo = sorted((m for m in mentions if not self._holds(m)),
                      key=lambda m: (compat.is_denial(m), -compat.DATE_RANK.get(m.date_precision or "day", 3)
                                     if m.date else 1, mention_key(m)))
        touched: dict[str, Event] = {}
        for m in todo:
            if self._holds(m):
                continue  # the same mention twice in one batch
            self._keys.add(mention_key(m))
            ev = self._attach(m)
            touched[ev.event_id] = ev
        for ev in touched.values():
            grade_event(ev, self.articles, self.lookup, self.reliability)
        return list(touched.values())

    def _holds(self, m: EventMention) -> bool:
        return mention_key(m) in self._keys or span_key(m) in self._keys

    def _attach(self, m: EventMention) -> Event:
        article = self.articles.get(m.article_id)
        if compat.is_denial(m):
            hit = self._denied(m)
            if hit:
                add_denial(hit[0], m, article, hit[1])
                return hit[0]
        lane = self._lane(m.certainty)
        hit = self._best(m, lane)
        if hit is None and lane == "r" and m.control is not None:
            against = self._denied(m)
            if against:
                add_denial(against[0], m, article, against[1])
                return against[0]
        if hit is None:
            ev = new_event(m, article)
            self.events[ev.event_id] = ev
        else:
            ev = hit[0]
            add_support(ev, m, article, "; ".join(hit[1]))
            self._parts.pop(ev.event_id, None)
        self._register(ev, (m.article_id,))
        return ev


def resolve_mentions(mentions: list[EventMention], articles: dict[str, Article], *,
                     existing: list[Event] | None = None, outlets: Any = None,
                     reliability: Mapping[str, str] | None = None) -> list[Event]:
    """Cluster event mentions into events (existing ones first, then new ones in creation order).

    `existing` events are mutated in place when new mentions join them; mentions already held by
    an event (same article, start, end) are skipped, so re-running changes nothing. `outlets` is an
    outlet registry or a mapping outlet_id -> object with .alignment/.owner/.reliability (default:
    the project registry); `reliability` overrides an outlet's letter by outlet id or name."""
    r = Resolver(articles, outlets=outlets, reliability=reliability)
    r.load(existing or [])
    r.add(mentions)
    return list(r.events.values())
