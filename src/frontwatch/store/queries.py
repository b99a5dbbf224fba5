"""Read queries over the store's tables (SQLAlchemy Core, SQLite and PostgreSQL): the event filter
builder with sorting and cursor pagination, and the lookups the API and the map need."""
from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.sql import ColumnElement, Select

from frontwatch.errors import QueryError
from frontwatch.store import schema as t

__all__ = [
    "CERTAINTIES",
    "MAP_FIELDS",
    "SORTS",
    "EventPage",
    "EventQuery",
    "article_sources",
    "compact_events",
    "control_periods",
    "count_events",
    "event_select",
    "event_stats",
    "get_article",
    "iter_events",
    "list_actors",
    "list_articles",
    "list_places",
    "map_table",
    "page_events",
    "parse_bbox",
    "parse_refs",
    "place_coords",
]

CERTAINTIES = ("reported", "claimed", "hypothetical")
E = t.events

# sort name -> (key expression, descending). Keys never hold NULL, so keyset comparisons are total;
# the date key matches the expression index of migration 0002.
_DATE_KEY = func.coalesce(E.c.date, literal_column("''"))
_TOLL_KEY = func.coalesce(E.c.fatalities, literal_column("-1"))
SORTS: dict[str, tuple[ColumnElement, bool]] = {
    "date": (_DATE_KEY, False), "-date": (_DATE_KEY, True),
    "fatalities": (_TOLL_KEY, False), "-fatalities": (_TOLL_KEY, True),
    "sources": (E.c.independent_sources, False), "-sources": (E.c.independent_sources, True),
}


@dataclass
class EventQuery:
    """Filters of an event query; empty lists and None mean "any"."""

    date_from: str | None = None
    date_to: str | None = None
    types: list[str] = field(default_factory=list)  # PLOVER
    modes: list[str] = field(default_factory=list)
    acled_event_types: list[str] = field(default_factory=list)
    acled_sub_event_types: list[str] = field(default_factory=list)
    actor: str | None = None  # actor id, or a part of its name
    side: str | None = None
    place: str | None = None  # place id, or a part of its name
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    country: str | None = None  # ISO 3166-1 alpha-2
    certainty: list[str] = field(default_factory=list)  # empty: reported and claimed
    control: bool | None = None  # only events that change or contest control (True) or none that do (False)
    min_sources: int | None = None  # independent outlets
    grades: list[str] = field(default_factory=list)
    language: str | None = None  # of at least one mention
    outlet: str | None = None  # part of the name of at least one mention's outlet
    q: str | None = None  # words in at least one mention's sentence
    sort: str = "date"
    limit: int = 100
    cursor: str | None = None


@dataclass
class EventPage:
    rows: list[Any]
    next_cursor: str | None


# ------------------------------------------------------------------------------------------ cursor


def _encode_cursor(sort: str, key: Any, event_id: str) -> str:
    raw = json.dumps([sort, key, event_id], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, key, event_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise QueryError("not a cursor this server gave out", source="cursor") from None
    if got_sort != sort or not isinstance(event_id, str) or not isinstance(key, (str, int)) or isinstance(key, bool):
        raise QueryError("the cursor belongs to another sort order or is damaged", source="cursor")
    if isinstance(key, int) and sort in ("date", "-date") or isinstance(key, str) and sort not in ("date", "-date"):
        raise QueryError("the cursor's key does not fit its sort order", source="cursor")
    return key, event_id


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """'west,south,east,north' in degrees."""
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError:
        raise QueryError("expected four numbers 'west,south,east,north'", source="bbox") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise QueryError("longitudes must lie in [-180, 180], latitudes in [-90, 90] with south <= north",
                         source="bbox")
    return w, s, e, n


# ------------------------------------------------------------------------------------------ filters


def _mentions_where(dialect: str, build) -> ColumnElement:
    """EXISTS over the mentions inside the event's exported JSON; `build(field)` makes the condition
    from an accessor that returns one mention field as text."""
    if dialect == "postgresql":
        m = func.json_array_elements(E.c.data.op("->")(literal_column("'mentions'"))).table_valued("value")
        def get(name):
            return m.c.value.op("->>")(literal_column(f"'{name}'"))
    else:
        m = func.json_each(E.c.data, literal_column("'$.mentions'")).table_valued("value")
        def get(name):
            return func.json_extract(m.c.value, literal_column(f"'$.{name}'"))
    return exists(select(literal_column("1")).select_from(m).where(build(get)))


def _like(expr: ColumnElement, text: str) -> ColumnElement:
    return func.lower(cast(expr, String)).contains(text.lower(), autoescape=True)


def _actor_where(q: EventQuery) -> list[ColumnElement]:
    a = t.event_actors
    out = []
    if q.actor:  # an actor id when one matches exactly (by index), else actors by part of their name
        exact = exists(select(literal_column("1")).where(a.c.actor_id == q.actor))
        named = select(a.c.actor_id).where(~exact, _like(a.c.name, q.actor))
        events = union_all(select(a.c.event_id).where(a.c.actor_id == q.actor),
                           select(a.c.event_id).where(a.c.actor_id.in_(named)))
        out.append(E.c.event_id.in_(events))
    if q.side:  # a closed vocabulary, matched exactly; few values, so probe per event in sort order
        out.append(exists(select(literal_column("1")).where(a.c.event_id == E.c.event_id, a.c.side == q.side)))
    return out


def _place_where(q: EventQuery, dialect: str) -> list[ColumnElement]:
    out = []
    if q.place:  # matching place ids first (an index-only pass over names), then their events by index
        names = E.alias("names")
        ids = select(names.c.place_id).where(_like(names.c.place_name, q.place))
        out.append(or_(E.c.place_id == q.place, E.c.place_id.in_(ids)))
    if q.bbox:
        w, s, e, n = q.bbox
        lon = E.c.lon.between(w, e) if w <= e else or_(E.c.lon >= w, E.c.lon <= e)
        out.append(and_(E.c.lat.between(s, n), lon))
    if q.country:
        out.append(func.upper(_plain(E.c.country, dialect)) == q.country.upper())
    return out


def _text_where(q: EventQuery, dialect: str) -> list[ColumnElement]:
    out = []
    if q.language:
        out.append(_mentions_where(dialect, lambda get: func.lower(get("language")) == q.language.lower()))
    if q.outlet:
        out.append(_mentions_where(dialect, lambda get: _like(get("outlet"), q.outlet)))
    if q.q:
        out.append(_mentions_where(dialect, lambda get: _like(get("text"), q.q)))
    return out


def _plain(col: ColumnElement, dialect: str) -> ColumnElement:
    """The column with SQLite's index use switched off ('+col'): for low-cardinality filters, where
    reading the sort index in order beats gathering and sorting a third of the table."""
    if dialect != "sqlite":
        return col
    return literal_column(f"+{col.table.name}.{col.name}", col.type)


def _certainty_where(wanted: set[str], dialect: str) -> list[ColumnElement]:
    col = _plain(E.c.certainty, dialect)
    if wanted >= set(CERTAINTIES):
        return []
    if len(wanted) == len(CERTAINTIES) - 1:
        return [col != next(iter(set(CERTAINTIES) - wanted))]
    return [col.in_(sorted(wanted))]


def _where(q: EventQuery, dialect: str) -> list[ColumnElement]:
    out: list[ColumnElement] = []
    if q.date_from:  # on the sort key, so that a date range is a range of the sort index
        out.append(_DATE_KEY >= q.date_from)
    if q.date_to:
        out.append(and_(_DATE_KEY <= q.date_to, _DATE_KEY != literal_column("''")))
    if q.types:
        out.append(E.c.type.in_([v.upper() for v in q.types]))
    for col, values in ((E.c.mode, q.modes), (E.c.acled_event_type, q.acled_event_types),
                        (E.c.acled_sub_event_type, q.acled_sub_event_types), (E.c.grade, q.grades)):
        if values:
            out.append(_plain(col, dialect).in_(values))
    out += _certainty_where(set(q.certainty or ["reported", "claimed"]), dialect)
    if q.control is not None:
        ctl = _plain(E.c.control_status, dialect)
        out.append(ctl.is_not(None) if q.control else ctl.is_(None))
    if q.min_sources:
        out.append(_plain(E.c.independent_sources, dialect) >= q.min_sources)
    return out + _actor_where(q) + _place_where(q, dialect) + _text_where(q, dialect)


# ------------------------------------------------------------------------------------------ events


def event_select(q: EventQuery, dialect: str, *columns: ColumnElement, paged: bool = True) -> Select:
    """SELECT of `columns` (default: the exported JSON) for the events matching `q`, in its sort order,
    after its cursor, at most `limit + 1` rows (the extra one tells that a next page exists)."""
    if q.sort not in SORTS:
        raise QueryError(f"unknown sort {q.sort!r}: one of {', '.join(SORTS)}", source="sort")
    key, desc = SORTS[q.sort]
    stmt = select(*(columns or (E.c.data,)), key.label("sort_key"), E.c.event_id.label("sort_id"))
    conds = _where(q, dialect)
    if q.cursor:
        k, last = _decode_cursor(q.cursor, q.sort)
        if desc:
            conds.append(or_(key < k, and_(key == k, E.c.event_id < last)))
        else:
            conds.append(or_(key > k, and_(key == k, E.c.event_id > last)))
    stmt = stmt.where(and_(true(), *conds))
    stmt = stmt.order_by(key.desc(), E.c.event_id.desc()) if desc else stmt.order_by(key, E.c.event_id)
    return stmt.limit(q.limit + 1) if paged else stmt


def page_events(conn: Connection, q: EventQuery, *columns: ColumnElement) -> EventPage:
    """One page of matching events and the cursor of the next page (None on the last)."""
    rows = conn.execute(event_select(q, conn.dialect.name, *columns)).all()
    nxt = None
    if len(rows) > q.limit:
        rows = rows[:q.limit]
        nxt = _encode_cursor(q.sort, rows[-1].sort_key, rows[-1].sort_id)
    return EventPage(rows, nxt)


def iter_events(engine: Engine, q: EventQuery, *columns: ColumnElement, page: int = 1000,
                max_rows: int | None = None) -> Iterator[Any]:
    """Every matching event (page by page, so memory stays flat), from `q.cursor` on. Each page is read on
    its own connection, back in the pool before the page's rows are yielded: a consumer that stops (a client
    reading a download slowly, or not at all) holds no connection and no read transaction."""
    cur = replace(q, limit=page)
    seen = 0
    while True:
        with engine.connect() as conn:
            got = page_events(conn, cur, *columns)
        for row in got.rows:
            if max_rows is not None and seen >= max_rows:
                return
            seen += 1
            yield row
        if got.next_cursor is None:
            return
        cur = replace(cur, cursor=got.next_cursor)


def count_events(conn: Connection, q: EventQuery) -> int:
    stmt = select(func.count()).select_from(E).where(and_(true(), *_where(q, conn.dialect.name)))
    return conn.execute(stmt).scalar_one()


MAP_FIELDS = ["id", "type", "mode", "date", "lat", "lon", "place_id", "place", "certainty", "control", "sources",
              "grade", "fatalities", "actors"]
_MAP_COLS = (E.c.event_id, E.c.type, E.c.mode, E.c.date, E.c.lat, E.c.lon, E.c.place_id, E.c.place_name,
             E.c.certainty, E.c.control_status, E.c.independent_sources, E.c.grade, E.c.fatalities)
_SEP_FIELD, _SEP_ITEM = "\x1f", "\x1e"
# an actor id inside the rows' JSON text: after an escaped U+001F, up to an escaped U+001E or the
# quote; the fast pattern handles ids without escapes, the full one the rest
_REF_IDS_FAST = re.compile(r'\\u001[fF]([^"\\]*)(\\u001[eE]|")?')
_REF_IDS_JSON = re.compile(r'\\u001[fF]((?:[^"\\]|\\.)*?)(?=\\u001[eE]|")')


def _ref_ids(rows_json: str) -> set[str]:
    """The distinct actor ids (still JSON-escaped) in the map rows' JSON text."""
    found = _REF_IDS_FAST.findall(rows_json)
    if all(end for _, end in found):
        return {m for m, _ in found}
    return set(_REF_IDS_JSON.findall(rows_json))


def map_table(conn: Connection, q: EventQuery, max_rows: int) -> dict:
    """`map_table_json` as Python data."""
    return json.loads(map_table_json(conn, q, max_rows))


def map_table_json(conn: Connection, q: EventQuery, max_rows: int) -> str:
    """Matching events as one compact JSON table for the map, in date order (undated first):
    `fields`, `rows` (one list per event; its last cell, `actors`, is 'role<US>actor id' items joined
    by <RS>, or null), `actors` ({id: [name, side]}) and `next_cursor`. The database writes the rows'
    JSON itself, reading only the covering index ix_events_map of migration 0002."""
    if q.sort != "date":
        raise QueryError("the map table comes in date order only", source="sort")
    dialect = conn.dialect.name
    conds = _where(q, dialect)
    if q.cursor:
        k, last = _decode_cursor(q.cursor, "date")
        conds.append(or_(_DATE_KEY > k, and_(_DATE_KEY == k, E.c.event_id > last)))
    # SQLite: plain date order (NULLs first), which the covering index gives; elsewhere the sort-key
    # index's order, the same one
    order = (E.c.date.asc().nulls_first(), E.c.event_id) if dialect == "sqlite" else (_DATE_KEY, E.c.event_id)
    inner = (select(*_MAP_COLS, _actor_list(dialect).label("refs"), _DATE_KEY.label("sort_key"))
             .where(and_(true(), *conds)).order_by(*order).limit(max_rows).subquery("page"))
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by
        row = func.json_build_array(*(c for c in inner.c if c.name != "sort_key"))
        rows_json = func.json_agg(aggregate_order_by(row, inner.c.sort_key, inner.c.event_id))
    else:  # SQLite keeps the subquery's order in the aggregate
        rows_json = func.json_group_array(func.json_array(*(c for c in inner.c if c.name != "sort_key")))
    rows = conn.execute(select(func.coalesce(cast(rows_json, String), "[]"))).scalar_one()
    after = conn.execute(select(E.c.date, E.c.event_id).where(and_(true(), *conds)).order_by(*order)
                         .offset(max_rows - 1).limit(2)).all()  # a row past the page: a next page
    nxt = _encode_cursor("date", after[0].date or "", after[0].event_id) if len(after) == 2 else None
    ids = {json.loads(f'"{m}"') for m in _ref_ids(rows)}
    return (f'{{"fields":{json.dumps(MAP_FIELDS)},"rows":{rows},'
            f'"actors":{json.dumps(_actor_names(conn, sorted(ids)), ensure_ascii=False)},'
            f'"next_cursor":{json.dumps(nxt)}}}')


def _actor_list(dialect: str) -> ColumnElement:
    """Per event, its actors as one string: 'role<US>actor id' items joined by <RS>."""
    a = t.event_actors
    char = "char" if dialect == "sqlite" else "chr"
    item = a.c.role + literal_column(f"{char}(31)") + a.c.actor_id
    sep = literal_column(f"{char}(30)")
    agg = func.group_concat(item, sep) if dialect == "sqlite" else func.string_agg(item, sep)
    return select(agg).where(a.c.event_id == E.c.event_id).scalar_subquery()


_ROLE_RANK = {"actor": 0, "target": 1, "associated": 2}


def parse_refs(text: str | None) -> list[list[str]]:
    """[[actor id, role], ...] from a map row's actors cell, actors first, then targets, then others."""
    refs = [item.split(_SEP_FIELD, 1)[::-1] for item in text.split(_SEP_ITEM)] if text else []
    refs.sort(key=lambda r: _ROLE_RANK.get(r[1], 3))
    return refs


def _actor_names(conn: Connection, ids: list[str], chunk: int = 400) -> dict[str, list]:
    """[name, side] of each actor id: one index probe per id (the first spelling events give, and
    the first side any gives)."""
    a = t.event_actors
    out: dict[str, list] = {}
    for lo in range(0, len(ids), chunk):
        wanted = union_all(*(select(literal(i, String).label("id")) for i in ids[lo:lo + chunk])).subquery("wanted")
        stmt = select(wanted.c.id, _first(a.c.name, a.c.actor_id, wanted.c.id),
                      _first(a.c.side, a.c.actor_id, wanted.c.id, a.c.side.is_not(None)))
        out.update({r[0]: [r[1], r[2]] for r in conn.execute(stmt)})
    return out


def compact_events(conn: Connection, q: EventQuery, max_rows: int) -> list[dict]:
    """Matching events in the small shape the map draws, as dicts (actors as [id, name, side, role])."""
    table = map_table(conn, q, max_rows)
    names = table["actors"]
    out = []
    for row in table["rows"]:
        d = dict(zip(MAP_FIELDS, row))
        d["actors"] = [[aid, *names.get(aid, [None, None]), role] for aid, role in parse_refs(d["actors"])]
        out.append(d)
    return out


# ------------------------------------------------------------------------------------------ lookups


def _first(col: ColumnElement, key: ColumnElement, value: ColumnElement, *extra: ColumnElement):
    """A correlated one-row lookup: `col` of the first row whose `key` equals `value` (by index)."""
    return select(col).where(key == value, *extra).limit(1).scalar_subquery()


def list_places(conn: Connection, *, q: str | None = None, country: str | None = None,
                limit: int = 100) -> list[dict]:
    """Places that events name (most events first) and places known only from control periods."""
    counted = select(E.c.place_id, func.count().label("events")).where(E.c.place_id.is_not(None))
    if q:
        counted = counted.where(_like(E.c.place_name, q))
    if country:
        counted = counted.where(func.upper(E.c.country) == country.upper())
    counted = counted.group_by(E.c.place_id).order_by(func.count().desc(), E.c.place_id).limit(limit).subquery()
    one = E.alias("one")
    stmt = select(counted.c.place_id, counted.c.events,
                  *(_first(one.c[k], one.c.place_id, counted.c.place_id).label(k)
                    for k in ("place_name", "lat", "lon", "country"))).order_by(counted.c.events.desc(),
                                                                                 counted.c.place_id)
    out = {r.place_id: {"id": r.place_id, "name": r.place_name, "lat": r.lat, "lon": r.lon,
                        "country": r.country, "events": r.events} for r in conn.execute(stmt)}
    if country or len(out) >= limit:
        return list(out.values())
    c = t.control_periods
    cstmt = select(c.c.place_id, func.min(c.c.place_name).label("name")).group_by(c.c.place_id)
    if q:
        cstmt = cstmt.having(_like(func.min(c.c.place_name), q))
    for r in conn.execute(cstmt):
        if r.place_id not in out and len(out) < limit:
            out[r.place_id] = {"id": r.place_id, "name": r.name, "lat": None, "lon": None, "country": None,
                               "events": 0}
    return list(out.values())


def list_actors(conn: Connection, *, q: str | None = None, side: str | None = None,
                limit: int = 100) -> list[dict]:
    """Actors that events name, with their side and number of events, most active first."""
    a = t.event_actors
    counted = select(a.c.actor_id, func.count().label("events"))
    if q:
        counted = counted.where(or_(_like(a.c.name, q), a.c.actor_id == q))
    if side:
        counted = counted.where(a.c.side == side)
    counted = counted.group_by(a.c.actor_id).order_by(func.count().desc(), a.c.actor_id).limit(limit).subquery()
    one = a.alias("one")
    stmt = select(counted.c.actor_id, counted.c.events,
                  _first(one.c.name, one.c.actor_id, counted.c.actor_id).label("name"),
                  _first(one.c.side, one.c.actor_id, counted.c.actor_id, one.c.side.is_not(None)).label("side")
                  ).order_by(counted.c.events.desc(), counted.c.actor_id)
    return [{"id": r.actor_id, "name": r.name, "side": r.side, "events": r.events} for r in conn.execute(stmt)]


_ARTICLE_COLS = ("article_id", "doc_id", "title", "outlet", "author", "translator", "published", "language",
                 "translation_of", "duplicate_of", "url")


def list_articles(conn: Connection, *, outlet: str | None = None, language: str | None = None,
                  date_from: str | None = None, date_to: str | None = None, q: str | None = None,
                  after: str | None = None, limit: int = 100) -> tuple[list[dict], str | None]:
    """Articles (without their text) in id order, and the id to continue after (None at the end)."""
    a = t.articles
    stmt = select(*(a.c[k] for k in _ARTICLE_COLS)).order_by(a.c.article_id).limit(limit + 1)
    for cond, ok in ((_like(a.c.outlet, outlet or ""), outlet), (func.lower(a.c.language) == (language or "").lower(), language),
                     (a.c.published >= (date_from or ""), date_from), (a.c.published <= (date_to or ""), date_to),
                     (_like(a.c.title, q or ""), q), (a.c.article_id > (after or ""), after)):
        if ok:
            stmt = stmt.where(cond)
    rows = [_article_dict(r) for r in conn.execute(stmt)]
    nxt = rows[limit - 1]["article_id"] if len(rows) > limit else None
    return rows[:limit], nxt


def _article_dict(r) -> dict:
    d = dict(r._mapping)
    d["document"] = d.pop("doc_id")
    return d


def get_article(conn: Connection, article_id: str) -> dict | None:
    a = t.articles
    r = conn.execute(select(*(a.c[k] for k in _ARTICLE_COLS), a.c.text, t.documents.c.url.label("doc_url"))
                     .join_from(a, t.documents, a.c.doc_id == t.documents.c.doc_id, isouter=True)
                     .where(a.c.article_id == article_id)).first()
    if r is None:
        return None
    d = _article_dict(r)
    d["url"] = d["url"] or d.pop("doc_url")
    d.pop("doc_url", None)
    return d


def article_sources(conn: Connection, article_ids: list[str]) -> dict[str, dict]:
    """For mentions: each article's title, date and the best link to its source."""
    a, d = t.articles, t.documents
    stmt = (select(a.c.article_id, a.c.title, a.c.published, a.c.url, d.c.url.label("doc_url"),
                   d.c.source.label("doc_source"))
            .join_from(a, d, a.c.doc_id == d.c.doc_id, isouter=True).where(a.c.article_id.in_(article_ids)))
    return {r.article_id: {"title": r.title, "published": r.published, "url": r.url or r.doc_url}
            for r in conn.execute(stmt)} if article_ids else {}


def place_coords(conn: Connection, place_ids: list[str]) -> dict[str, tuple[float, float]]:
    """A point for each place: from the events located there, else from the places table."""
    one, p = E.alias("one"), t.places
    out: dict[str, tuple[float, float]] = {}
    for pid in place_ids:
        r = conn.execute(select(one.c.lat, one.c.lon).where(one.c.place_id == pid, one.c.lat.is_not(None),
                                                             one.c.lon.is_not(None)).limit(1)).first()
        r = r or conn.execute(select(p.c.lat, p.c.lon).where(p.c.place_id == pid, p.c.lat.is_not(None))).first()
        if r:
            out[pid] = (r[0], r[1])
    return out


def control_periods(conn: Connection, *, at: str | None = None, place_id: str | None = None) -> list[dict]:
    """Control periods (those in force on `at`: start <= at < end, unknown bounds open), each with
    its place's point and its controller's side."""
    c, a, one = t.control_periods, t.event_actors, E.alias("one")
    stored = [c.c.controller_side] if "controller_side" in c.c else []  # migration 0003 on
    side = func.coalesce(*stored, _first(t.actors.c.side, t.actors.c.actor_id, c.c.controller_id),
                         _first(a.c.side, a.c.actor_id, c.c.controller_id, a.c.side.is_not(None)))
    ok = (one.c.lat.is_not(None), one.c.lon.is_not(None))
    stmt = select(*(col for col in c.c if col.name != "controller_side"), side.label("side_of_controller"), _first(one.c.lat, one.c.place_id, c.c.place_id, *ok).label("lat"),
                  _first(one.c.lon, one.c.place_id, c.c.place_id, *ok).label("lon"))
    stmt = stmt.order_by(c.c.place_name, c.c.place_id, func.coalesce(c.c.start, literal_column("''")), c.c.id)
    if place_id is not None:
        stmt = stmt.where(c.c.place_id == place_id)
    if at is not None:
        stmt = stmt.where(or_(c.c.start.is_(None), c.c.start <= at), or_(c.c.end.is_(None), c.c.end > at))
    rows = conn.execute(stmt).all()
    missing = sorted({r.place_id for r in rows if r.lat is None})
    extra = place_coords(conn, missing) if missing else {}
    out = []
    for r in rows:
        lat, lon = (r.lat, r.lon) if r.lat is not None else extra.get(r.place_id, (None, None))
        out.append({"place_id": r.place_id, "place_name": r.place_name, "controller_id": r.controller_id,
                    "controller_name": r.controller_name, "controller_side": r.side_of_controller,
                    "start": r.start, "end": r.end, "status": r.status, "evidence": list(r.evidence or []),
                    "lat": lat, "lon": lon})
    return out


def event_stats(conn: Connection) -> dict:
    """Event counts by type, certainty and grade, and the span of event dates."""
    def by(col):
        return {str(k): v for k, v in conn.execute(select(col, func.count()).group_by(col).order_by(col))}
    first, last = conn.execute(select(func.min(E.c.date), func.max(E.c.date))).one()
    return {"events_by_type": by(E.c.type), "events_by_certainty": by(E.c.certainty),
            "events_by_grade": by(E.c.grade), "first_date": first, "last_date": last}
