"""Folding one event mention into an event: merged type, date, place, actors, control, certainty.

Every rule here is order-free or breaks ties the same way each run (mentions are fed in a fixed
order), so the same mentions always give the same event:
- type: a mention carrying a change of control sets it (a capture reported as ASSAULT or COERCE);
- date: the most specific precision, at equal precision the earliest day;
- place: the best located (finest precision, in a gazetteer, with coordinates, with an id);
- actors, targets, associated: union, first seen first;
- fatalities: the largest reported figure (see docs/grading.md for why not the sum or the least);
- control: the first gainer the knowledge base resolved (else the first named); status `captured` over `lost` over `contested`, and `contested` for
  good once a denial or a counter-claim is attached;
- certainty: `reported` once any outlet states it plainly, else `claimed` (claimers joined); for an
  event with a change of control only the mentions that carry that change count.
"""
from __future__ import annotations

import copy
import hashlib
import re

from frontwatch.models import ActorRef, Article, Event, EventMention, MentionRef, mention_key
from frontwatch.resolve.compat import (TERRITORY_TYPES, actor_key, date_better, place_better,
                                       same_gainer)

_STATUS_RANK = {"captured": 3, "lost": 2, "contested": 1}
_DENIAL_RE = re.compile(r"^denial <(.+?)> by ")


def ref_key(r: MentionRef) -> str:
    """The mention id a reference stands for (`models.mention_key`), or its span when it has none."""
    return r.mention_id or span_key(r)


def span_key(m: EventMention | MentionRef) -> str:
    return f"{m.article_id}:{m.start}:{m.end}"


def event_id_for(key: str) -> str:
    """Deterministic: the hash of the first mention's key."""
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def denial_keys(event: Event) -> set[str]:
    """Mentions attached as denials or counter-claims (recorded in `why`, so they survive storage)."""
    out = set()
    for line in event.why:
        m = _DENIAL_RE.match(line)
        if m:
            out.add(m.group(1))
    return out


def mention_ref(m: EventMention, article: Article | None) -> MentionRef:
    return MentionRef(article_id=m.article_id, outlet=article.outlet if article else None,
                      language=m.language or (article.language if article else None),
                      start=m.start, end=m.end, text=m.text, sentence_index=m.sentence_index,
                      mention_id=mention_key(m))


def describe(m: EventMention) -> str:
    where = m.place.name if m.place else "no place"
    return f"{m.type}{'/' + m.mode if m.mode else ''} at {where} on {m.date or 'no date'}"


def new_event(m: EventMention, article: Article | None) -> Event:
    key = mention_key(m)
    ev = Event(event_id=event_id_for(key), type=m.type, mode=m.mode,
               acled_event_type=m.acled_event_type, acled_sub_event_type=m.acled_sub_event_type,
               date=m.date, date_precision=m.date_precision if m.date else None,
               actors=[copy.copy(a) for a in m.actors], targets=[copy.copy(a) for a in m.targets],
               associated=[copy.copy(a) for a in m.associated],
               place=copy.copy(m.place), fatalities=m.fatalities,
               control=copy.deepcopy(m.control), certainty=m.certainty,
               claimed_by=m.claimed_by if m.certainty != "reported" else None)
    ev.mentions.append(mention_ref(m, article))
    ev.why.append(f"created from <{key}>: {describe(m)}")
    return ev


def _union(into: list[ActorRef], new: list[ActorRef]) -> None:
    seen = {actor_key(a): a for a in into}
    for a in new:
        k = actor_key(a)
        if k not in seen:
            seen[k] = copy.copy(a)
            into.append(seen[k])
        elif seen[k].side is None and a.side:
            seen[k].side = a.side


def _merge_type(ev: Event, m: EventMention) -> None:
    if m.control and not ev.control and m.type in TERRITORY_TYPES and ev.type != m.type:
        ev.type, ev.mode = m.type, m.mode
        ev.acled_event_type, ev.acled_sub_event_type = m.acled_event_type, m.acled_sub_event_type
        return
    if ev.type == m.type and ev.mode is None and m.mode:
        ev.mode = m.mode
    # a capture reported after the first report of fighting makes the event a change of territory
    captured = m.control is not None and m.control.status == "captured" and (
        ev.control is None or ev.control.status != "captured")
    if ev.type == m.type and (ev.acled_event_type is None or captured) and m.acled_event_type:
        ev.acled_event_type, ev.acled_sub_event_type = m.acled_event_type, m.acled_sub_event_type


def _merge_control(ev: Event, m: EventMention, contradicted: bool) -> None:
    if m.control is None:
        return
    if ev.control is None:
        ev.control = copy.deepcopy(m.control)
    else:
        c = ev.control
        new = m.control.gained_by
        if new is not None and (c.gained_by is None or (c.gained_by.id is None and new.id is not None)):
            c.gained_by = copy.copy(new)  # a resolved actor names the gainer better than "its units"
        if c.lost_by is None and m.control.lost_by is not None:
            c.lost_by = copy.copy(m.control.lost_by)
        if _STATUS_RANK.get(m.control.status, 0) > _STATUS_RANK.get(c.status, 0):
            c.status = m.control.status
    if contradicted:
        ev.control.status = "contested"


def _merge_certainty(ev: Event, m: EventMention, gains_control: bool) -> None:
    """Once an event carries a change of control, only mentions of that change decide whether it is
    reported or claimed (a plain report of fighting does not confirm a claimed capture)."""
    if ev.certainty == "hypothetical":
        return
    if gains_control:
        ev.certainty = m.certainty
        ev.claimed_by = m.claimed_by if m.certainty != "reported" else None
        return
    if ev.certainty == "reported" or (ev.control is not None and m.control is None):
        return
    if m.certainty == "reported":
        ev.certainty, ev.claimed_by = "reported", None
    elif m.claimed_by:
        claimers = [c for c in (ev.claimed_by or "").split("; ") if c]
        if m.claimed_by not in claimers:
            ev.claimed_by = "; ".join([*claimers, m.claimed_by])


def add_support(ev: Event, m: EventMention, article: Article | None, reason: str) -> None:
    """Attach a mention that reports the event (not a denial) and update the merged fields."""
    _merge_type(ev, m)
    if date_better(m.date, m.date_precision, ev.date, ev.date_precision):
        ev.date, ev.date_precision = m.date, m.date_precision or "day"
    if place_better(m.place, ev.place):
        ev.place = copy.copy(m.place)
    _union(ev.actors, m.actors)
    _union(ev.targets, m.targets)
    _union(ev.associated, m.associated)
    if m.fatalities is not None and (ev.fatalities is None or m.fatalities > ev.fatalities):
        ev.fatalities = m.fatalities
    gains_control = m.control is not None and ev.control is None
    _merge_control(ev, m, bool(denial_keys(ev)) if m.control else False)
    _merge_certainty(ev, m, gains_control)
    ev.mentions.append(mention_ref(m, article))
    ev.why.append(f"merged <{mention_key(m)}>: {reason}")


def add_denial(ev: Event, m: EventMention, article: Article | None, reason: str) -> None:
    """Attach a denial or counter-claim: kept beside the claim, and the control becomes contested."""
    who = m.claimed_by or ", ".join(a.name for a in m.actors) or "unnamed party"
    if ev.control is not None:
        ev.control.status = "contested"
    ev.mentions.append(mention_ref(m, article))
    ev.why.append(f"denial <{mention_key(m)}> by {who}: {reason}; control marked contested")


def counter_claim(ev: Event, m: EventMention) -> bool:
    """A same-day claim that a different side gained the place, where one of the two is only claimed."""
    if not (m.control and ev.control and m.control.gained_by and ev.control.gained_by):
        return False
    if same_gainer(m.control.gained_by, ev.control.gained_by):
        return False
    if not (m.date and m.date == ev.date and (m.date_precision or "day") == "day"
            and (ev.date_precision or "day") == "day"):
        return False
    return "claimed" in (m.certainty, ev.certainty)
