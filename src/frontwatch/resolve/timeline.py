"""Control timeline: for each place, who held it from when to when, and on which events' word.

Each event with a `control` block is a change at its place on its date. Changes are applied in
date order (undated ones first: their start is unknown); each opens a period and closes the one
before on its date. A period's status follows its opening event: `contested` (fighting inside,
entry, siege, or a claim that someone denies), `claimed` (only attributed to a party), `held`
(reported plainly). A change by the same controller, or by one of its side, adds evidence to the
running period instead, except that a plainly reported capture after a claim or a fight opens a
`held` period from its own date, and fighting after a mere claim opens a `contested` one. A loss without a gainer ("IS fled the town") only ends the
period of the holder it names, opening one with an unknown holder that a same-day capture fills. A baseline (map marks) is the starting state and is closed by the
first dated event at the place; it never overrides an event.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from frontwatch.models import ActorRef, ControlPeriod, Event
from frontwatch.resolve.compat import DENIAL_MODES, name_key, same_gainer

_STATUS_ORDER = {"contested": 0, "claimed": 1, "held": 2}


def place_key_of(place_id: str | None, name: str | None) -> str:
    return place_id or "name:" + name_key(name)


def event_status(ev: Event) -> str:
    if ev.control and ev.control.status == "contested":
        return "contested"
    return "claimed" if ev.certainty == "claimed" else "held"


def _same_controller(p: ControlPeriod, a: ActorRef | None) -> bool:
    """One holder: the same actor, one side, or a name the knowledge base did not resolve."""
    if a is None:
        return p.controller_id is None and p.controller_name is None
    if p.controller_id is None and p.controller_name is None:
        return False
    held = ActorRef(id=p.controller_id, name=p.controller_name or "", side=p.controller_side)
    return same_gainer(held, a)


def _unknown_holder(p: ControlPeriod) -> bool:
    return p.controller_id is None and p.controller_name is None and not _is_baseline(p)


def _holder_lost(cur: ControlPeriod | None, loser: ActorRef | None) -> bool:
    """A loss without a gainer changes the holder only when the running holder is the loser."""
    return cur is not None and loser is not None and not _unknown_holder(cur) and \
        _same_controller(cur, loser)


def _set_controller(p: ControlPeriod, who: ActorRef, status: str) -> None:
    p.controller_id, p.controller_name, p.controller_side, p.status = who.id, who.name, who.side, status


def _is_baseline(p: ControlPeriod) -> bool:
    return bool(p.evidence) and p.evidence[0].startswith("baseline:")


def _open(ev: Event, key: str, status: str) -> ControlPeriod:
    who = ev.control.gained_by if ev.control else None
    return ControlPeriod(place_id=key, place_name=ev.place.name if ev.place else "",
                         controller_id=who.id if who else None,
                         controller_name=who.name if who else None,
                         start=ev.date, end=None, status=status, evidence=[ev.event_id],
                         controller_side=who.side if who else None)


def _changes(events: Iterable[Event]) -> dict[str, list[Event]]:
    by_place: dict[str, list[Event]] = {}
    for ev in events:
        if ev.control is None or ev.place is None or ev.certainty == "hypothetical":
            continue
        if ev.type == "REJECT" or (ev.mode or "").lower() in DENIAL_MODES:
            continue  # a denial whose claim is not (yet) known changes nobody's control
        by_place.setdefault(place_key_of(ev.place.id, ev.place.name), []).append(ev)
    for evs in by_place.values():
        evs.sort(key=lambda e: (e.date is not None, e.date or "", e.control.gained_by is not None,
                                _STATUS_ORDER[event_status(e)], e.event_id))
    return by_place


def _close(open_: list[ControlPeriod], periods: list[ControlPeriod], date: str | None,
           ) -> tuple[list[ControlPeriod], list[str]]:
    """End the running periods on `date`; return those still running and the evidence of periods
    that end the day they began (two holders named the same day: the later change stands)."""
    carried: list[str] = []
    if date is None:  # an undated report supersedes the map's undated starting state
        for p in [p for p in open_ if _is_baseline(p)]:
            open_.remove(p)
            periods.remove(p)
        return open_, carried
    for p in open_:
        p.end = date
        if p.start == p.end:
            periods.remove(p)
            carried += p.evidence
    return [], carried


def _place_periods(key: str, evs: list[Event], base: list[ControlPeriod]) -> list[ControlPeriod]:
    periods = [dataclasses.replace(b) for b in base]
    open_: list[ControlPeriod] = [p for p in periods if p.end is None]
    orphans: list[str] = []
    by_id = {ev.event_id: ev for ev in evs}
    for ev in evs:
        who, status = ev.control.gained_by, event_status(ev)
        cur = open_[-1] if open_ else None
        if who is None and not _holder_lost(cur, ev.control.lost_by):
            # "IS fled the town" says nothing of a new holder: evidence of the running period,
            # or of the next one if it opens the same day
            (cur.evidence if cur is not None else orphans).append(ev.event_id)
            continue
        if who is not None and cur is not None and _unknown_holder(cur) and cur.start == ev.date:
            _set_controller(cur, who, status)  # the loss and the capture of one day
            cur.evidence.append(ev.event_id)
            continue
        if cur is not None and not _is_baseline(cur) and _same_controller(cur, who):
            # a plain report after a claim or a fight, or a fight after a claim, is a new state
            upgrade = bool(ev.date and ev.date != cur.start) and (
                (status == "held" and cur.status != "held") or (status == "contested" and cur.status == "claimed"))
            if not upgrade:
                if _STATUS_ORDER[status] > _STATUS_ORDER[cur.status] and ev.date == cur.start:
                    cur.status = status
                cur.evidence.append(ev.event_id)
                continue
        open_, carried = _close(open_, periods, ev.date)
        new = _open(ev, key, status)
        new.evidence[:0] = [eid for eid in orphans if by_id[eid].date == ev.date] + carried
        orphans = []
        periods.append(new)
        open_.append(new)
    return periods


def control_timeline(events: list[Event], *, baseline: list[ControlPeriod] | None = None,
                     ) -> list[ControlPeriod]:
    """Periods of control for every place that events (or the baseline) name, sorted by place and start."""
    by_place = _changes(events)
    base_by_place: dict[str, list[ControlPeriod]] = {}
    for b in baseline or []:
        base_by_place.setdefault(b.place_id, []).append(b)
    base_by_name: dict[str, list[str]] = {}
    for pid, bs in base_by_place.items():
        base_by_name.setdefault(name_key(bs[0].place_name), []).append(pid)
    out: list[ControlPeriod] = []
    used: set[str] = set()
    for key, evs in by_place.items():
        base = base_by_place.get(key)
        if base is None:
            ids = base_by_name.get(name_key(evs[0].place.name), [])
            base = base_by_place[ids[0]] if len(ids) == 1 else []
        if base:
            used.add(base[0].place_id)
        out += _place_periods(key, evs, base)
    for pid, bs in base_by_place.items():
        if pid not in used:
            out += [dataclasses.replace(b) for b in bs]
    out.sort(key=lambda p: (p.place_name, p.place_id, p.start or "", p.end or "~"))
    return out


def periods_of(periods: list[ControlPeriod], place: str) -> list[ControlPeriod]:
    """The periods of one place: its id, or a folded name that any period of the place carries
    (the map's or a report's spelling)."""
    want = name_key(place)
    ids = {p.place_id for p in periods if place == p.place_id or name_key(p.place_name) == want}
    return [p for p in periods if p.place_id in ids]


def control_at(periods: list[ControlPeriod], date: str, place: str | None = None) -> list[ControlPeriod]:
    """Periods in force on `date` (start <= date < end; unknown bounds are open), optionally for one place."""
    if place:
        periods = periods_of(periods, place)
    return [p for p in periods if (p.start is None or p.start <= date) and (p.end is None or date < p.end)]
