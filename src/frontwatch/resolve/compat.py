"""Whether an event mention and an event can describe the same happening: type, place, date, actors."""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from frontwatch.models import ActorRef, Control, EventMention, PlaceRef
from frontwatch.nlp.normalize import fold

# Types that can all report one change of territory ("captured", "seized", "took control of").
TERRITORY_TYPES = frozenset({"ASSAULT", "COERCE"})
# Modes of an event without a change of control that can still be the fighting of a capture.
GROUND_MODES = frozenset({None, "firearms"})
# Modes and a mention rule that mark a statement denying a reported change of control.
DENIAL_MODES = frozenset({"deny", "denial"})
# Place precision, best first; larger rank = better located.
PRECISION_RANK = {"point": 3, "district": 2, "region": 1, "country": 0}
# Greatest distance (km) at which two places still count as one, by the coarser precision.
RADIUS_KM = {"point": 2.0, "district": 25.0, "region": 50.0}
# Date precision: days on each side of the given date that the happening may fall on.
DATE_SLACK = {"day": 0, "week": 3}
DATE_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}
_ARTICLES = ("al", "el", "ال")


@lru_cache(maxsize=200_000)
def name_key(name: str | None) -> str:
    """Folded name without articles (al-, el-, ال) or spaces: 'al-Bukamal' -> 'bukamal'."""
    if not name:
        return ""
    words = []
    for w in fold(name).split():
        if w in _ARTICLES:
            continue
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        words.append(w)
    return "".join(words)


def actor_key(a: ActorRef | None) -> str:
    if a is None:
        return ""
    return a.id or ("name:" + name_key(a.name))


def is_denial(m: EventMention) -> bool:
    """A statement that a reported change of control did not happen ("ISIS denied losing the town").

    Coded as REJECT with the denied `control` block, or any type with mode `deny`, or a negated
    (hypothetical) mention that names who says so and whose rule says it is a denial or negation."""
    if m.control is None or m.place is None:
        return False
    if m.certainty != "hypothetical":
        return (m.mode or "").lower() in DENIAL_MODES or m.type == "REJECT"
    rule = (m.rule or "").lower()
    return bool(m.claimed_by) and ("deni" in rule or "neg" in rule)


# ---------------------------------------------------------------- dates


@lru_cache(maxsize=100_000)
def day_number(date: str | None) -> int | None:
    """YYYY-MM-DD (or YYYY-MM, YYYY) -> proleptic ordinal of its first day; None if unreadable."""
    if not date:
        return None
    parts = date[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(y, m, d).toordinal()
    except (ValueError, IndexError):
        return None


@lru_cache(maxsize=100_000)
def date_window(date: str | None, precision: str | None) -> tuple[int, int] | None:
    """The days (first, last ordinal) a date of the given precision can mean."""
    n = day_number(date)
    if n is None:
        return None
    p = precision or "day"
    if p in DATE_SLACK:
        return n - DATE_SLACK[p], n + DATE_SLACK[p]
    d = dt.date.fromordinal(n)
    if p == "month":
        nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return dt.date(d.year, d.month, 1).toordinal(), nxt.toordinal() - 1
    return dt.date(d.year, 1, 1).toordinal(), dt.date(d.year, 12, 31).toordinal()


def date_score(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float | None:
    """2 same day; 1 to 1.5 when the windows meet within a day (more the nearer their middles);
    0.5 one side undated; None apart."""
    if a is None or b is None:
        return 1.0 if a is None and b is None else 0.5
    if a[0] > b[1] + 1 or b[0] > a[1] + 1:
        return None
    if a == b and a[0] == a[1]:
        return 2.0
    return 1.0 + 0.5 / (1.0 + abs((a[0] + a[1]) - (b[0] + b[1])) / 2)


def date_better(date: str | None, precision: str | None, than_date: str | None,
                than_precision: str | None) -> bool:
    """The more specific date wins; at equal precision the earlier one (first reports restate less)."""
    if day_number(date) is None:
        return False
    if day_number(than_date) is None:
        return True
    r, tr = DATE_RANK.get(precision or "day", 3), DATE_RANK.get(than_precision or "day", 3)
    return r > tr or (r == tr and date < than_date)


# ---------------------------------------------------------------- places


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _has_point(p: PlaceRef) -> bool:
    return p.lat is not None and p.lon is not None


def place_match(a: PlaceRef | None, b: PlaceRef | None) -> tuple[float, str] | None:
    """(score, reason) when the two places can be one; None when they cannot."""
    if a is None or b is None:
        return (1.0, "no place on either") if a is b else None
    dist = km(a.lat, a.lon, b.lat, b.lon) if _has_point(a) and _has_point(b) else None
    if a.id and a.id == b.id:
        return 3.0, f"same place id {a.id}"
    if name_key(a.name) and name_key(a.name) == name_key(b.name):
        if dist is not None and dist > 30 and a.located and b.located:
            return None  # namesakes far apart
        return 3.0, f"same place name {a.name!r}"
    if dist is None or not (a.located and b.located):
        return None
    if a.id and b.id and (a.precision or "point") == (b.precision or "point") == "point":
        return None  # two gazetteer points with different ids are two places, however near
    pa, pb = a.precision or "point", b.precision or "point"
    if "country" in (pa, pb):
        return (2.0, f"same country {a.country}") if pa == pb and a.country == b.country else None
    coarser = pa if PRECISION_RANK.get(pa, 3) < PRECISION_RANK.get(pb, 3) else pb
    if dist <= RADIUS_KM.get(coarser, 2.0):
        return (2.0 if coarser == "point" else 1.0), f"places {dist:.1f} km apart ({coarser})"
    return None


def place_better(p: PlaceRef | None, than: PlaceRef | None) -> bool:
    """Better located: finer precision, in a gazetteer, with coordinates, with an id."""
    if p is None:
        return False
    if than is None:
        return True

    def rank(x: PlaceRef) -> tuple:
        return (PRECISION_RANK.get(x.precision or "point", 3), x.located, _has_point(x),
                x.id is not None, x.score or 0.0)

    return rank(p) > rank(than)


# ---------------------------------------------------------------- types, actors, control


def type_match(m: EventMention, etype: str, emode: str | None, ecurrent_control: Control | None) -> str | None:
    """Reason when the mention's type fits the event's; None when not."""
    if m.type == etype:
        if m.mode and emode and m.mode != emode and not (m.control and ecurrent_control):
            return None
        if bool(m.control) != bool(ecurrent_control):
            other = emode if m.control else m.mode
            if other not in GROUND_MODES and m.mode != emode:
                return None  # an airstrike or a bombing near a capture is its own event
        return f"same type {etype}"
    if m.control and ecurrent_control and m.type in TERRITORY_TYPES and etype in TERRITORY_TYPES:
        return f"{m.type} and {etype} both report a change of control"
    return None


# actor keys, actor sides, target keys, target sides, whether any doer is known to the knowledge base
Parties = tuple[set[str], set[str], set[str], set[str], bool]


def parties(actors: list[ActorRef], targets: list[ActorRef]) -> Parties:
    return ({actor_key(a) for a in actors}, {a.side for a in actors if a.side},
            {actor_key(a) for a in targets}, {a.side for a in targets if a.side},
            any(a.id or a.side for a in actors))


def actors_match(m: Parties, e: Parties) -> str | None:
    """Reason when the doers can be the same (or mirror each other: A attacks B, B attacks A);
    None when they differ, even if they hit the same target (two attackers, two events)."""
    a, a_side, t, t_side, known = m
    ea, ea_side, et, et_side, eknown = e
    if not a or not ea:
        return "actors unknown on one side"
    if a & ea:
        return "shared actors " + ", ".join(sorted(a & ea)[:3])
    if a_side & ea_side:
        return "actors of the same side " + ", ".join(sorted(a_side & ea_side))
    if (a & et or a_side & et_side) and (t & ea or t_side & ea_side or not t or not et):
        return "the same two parties, each attacking the other"
    if not (known and eknown):
        return "actors not resolved on one side"
    return None


def same_gainer(a: ActorRef | None, b: ActorRef | None) -> bool:
    """The same actor, or two actors of one side (the army and its allies taking a town), or a name
    the knowledge base did not resolve ("its units"), which may be either."""
    if a is None or b is None or actor_key(a) == actor_key(b):
        return True
    if a.side and b.side:
        return a.side == b.side
    return not (a.id and b.id)
