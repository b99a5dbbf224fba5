"""The HTTP API (FastAPI) over a store, and the map page it serves at `/`."""
from __future__ import annotations

import datetime as dt
import hmac
import json
import re
from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BeforeValidator, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontwatch.api import schemas as S
from frontwatch.errors import FrontwatchError, QueryError
from frontwatch.store import Store
from frontwatch.store import queries as Q

__all__ = ["MAX_BODY_BYTES", "MAX_URLS", "ApiError", "create_app"]

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 2 * 1024 * 1024  # one ingest request
MAX_URLS = 50
MAX_PAGE = 1000
MAX_FEATURES = 200_000
_ERRORS = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
           413: "payload_too_large", 422: "invalid_parameter"}
_ERROR_RESPONSES = {422: {"model": S.ErrorOut, "description": "A malformed parameter (named in the error)."}}
_NOT_FOUND = {404: {"model": S.ErrorOut, "description": "No such item."}}


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a message, rendered as {"error": {...}}."""

    def __init__(self, status: int, code: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.parameter = status, code, message, parameter


def _error(status: int, code: str, message: str, parameter: str | None = None, headers=None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if parameter is not None:
        body["parameter"] = parameter
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_req, e: ApiError):
        headers = {"WWW-Authenticate": "Bearer"} if e.status == 401 else None
        return _error(e.status, e.code, e.message, e.parameter, headers)

    @app.exception_handler(QueryError)
    async def _query(_req, e: QueryError):
        return _error(422, "invalid_parameter", f"{e.source or 'query'}: {e.args[0]}", e.source)

    @app.exception_handler(FrontwatchError)
    async def _fw(_req, e: FrontwatchError):
        return _error(400, e.code, str(e))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req, e: RequestValidationError):
        first = e.errors()[0] if e.errors() else {}
        loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body")]
        name = loc[0] if loc else None
        return _error(422, "invalid_parameter", f"{'.'.join(loc) or 'request'}: {first.get('msg', 'invalid')}", name)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req, e: StarletteHTTPException):
        return _error(e.status_code, _ERRORS.get(e.status_code, f"http_{e.status_code}"), str(e.detail),
                      headers=getattr(e, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_req, _e: Exception):
        return _error(500, "internal_error", "the server failed on this request; see its log")


def _no_nul(request: Request) -> None:
    """Refuses NUL characters in any parameter (no database stores them; PostgreSQL rejects them)."""
    for name, value in list(request.query_params.multi_items()) + list(request.path_params.items()):
        if "\x00" in str(value):
            raise ApiError(422, "invalid_parameter", f"{name}: contains a NUL character", name)


# ------------------------------------------------------------------------------------------ event query


def _split(values: list[str] | None) -> list[str]:
    """Repeated parameters and comma-separated lists both work: ?type=A&type=B or ?type=A,B."""
    return [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _iso_only(value: Any) -> Any:
    """Dates as YYYY-MM-DD only (pydantic would also take numbers as timestamps)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]
Sort = Literal["date", "-date", "fatalities", "-fatalities", "sources", "-sources"]
Certainty = Literal["reported", "claimed", "hypothetical"]


def event_query(
    *,
    date_from: Annotated[IsoDate | None, Query(description="Earliest event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[IsoDate | None, Query(description="Latest event date, YYYY-MM-DD.")] = None,
    type: Annotated[list[str], Query(default_factory=list, description="PLOVER type(s), e.g. ASSAULT.")],
    mode: Annotated[list[str], Query(default_factory=list, description="PLOVER mode(s), e.g. aerial.")],
    acled_event_type: Annotated[list[str], Query(default_factory=list, description="ACLED event type(s), e.g. Battles.")],
    acled_sub_event_type: Annotated[list[str], Query(default_factory=list, description="ACLED sub-event type(s).")],
    actor: Annotated[str | None, Query(description="Actor id, or part of an actor's name.")] = None,
    side: Annotated[str | None, Query(description="Side of any actor, exactly: pro-government, ISIS, SDF…")] = None,
    place: Annotated[str | None, Query(description="Place id, or part of a place's name.")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees.")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code.", pattern="^[A-Za-z]{2}$")] = None,
    certainty: Annotated[list[Certainty], Query(
        default_factory=list, description="reported, claimed, hypothetical (default: reported and claimed).")],
    control: Annotated[bool | None, Query(description="Only events that change control (true) or none (false).")] = None,
    min_sources: Annotated[int | None, Query(ge=0, le=100_000, description="Least number of independent outlets.")] = None,
    grade: Annotated[list[str], Query(default_factory=list, description="Grade(s), e.g. A,B.")],
    language: Annotated[str | None, Query(description="Language of at least one mention (ISO 639-1).")] = None,
    outlet: Annotated[str | None, Query(description="Part of the name of at least one mention's outlet.")] = None,
    q: Annotated[str | None, Query(description="Words in at least one mention's sentence.")] = None,
    sort: Annotated[Sort, Query(description="Sort key; a leading '-' sorts descending.")] = "date",
    cursor: Annotated[str | None, Query(description="From the previous page's next_cursor.")] = None,
) -> Q.EventQuery:
    return Q.EventQuery(
        date_from=_iso(date_from), date_to=_iso(date_to), types=_split(type), modes=_split(mode),
        acled_event_types=_split(acled_event_type), acled_sub_event_types=_split(acled_sub_event_type),
        actor=actor or None, side=side or None, place=place or None,
        bbox=Q.parse_bbox(bbox) if bbox else None, country=country, certainty=list(certainty or []),
        control=control, min_sources=min_sources, grades=_split(grade), language=language or None,
        outlet=outlet or None, q=q or None, sort=sort, cursor=cursor or None)


EventQueryDep = Annotated[Q.EventQuery, Depends(event_query)]
At = Annotated[IsoDate | None, Query(description="Day, YYYY-MM-DD (default: every period).")]


# ------------------------------------------------------------------------------------------ app


def create_app(db: str, *, token: str | None = None, tile_url: str | None = None,
               tile_attribution: str | None = None) -> FastAPI:
    """The API and map over the store at `db` (path or URL). Writing (POST /api/ingest) is on only
    with a `token`, which requests must then send as `Authorization: Bearer TOKEN`."""
    store = Store.open(db)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        store.close()

    app = FastAPI(title="frontwatch", version="0.1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Sourced, geolocated events and territorial control from war and crisis "
                              "reporting. Read-only unless the server was started with a token.",
                  dependencies=[Depends(_no_nul)])
    app.state.store = store
    app.state.token = token or None
    app.state.config = S.ConfigOut(tile_url=tile_url or None, tile_attribution=tile_attribution,
                                   ingest=bool(token))
    _install_error_handlers(app)
    _event_routes(app, store)
    _lookup_routes(app, store)
    _control_routes(app, store)
    _ingest_route(app, store)
    _page_routes(app)
    return app


def _record(data: dict) -> dict:
    from frontwatch.export import event_record
    from frontwatch.store import event_from_dict
    return event_record(event_from_dict(data))


def _event_routes(app: FastAPI, store: Store) -> None:
    @app.get("/api/events", response_model=S.EventPageOut, tags=["events"], responses=_ERROR_RESPONSES)
    def events(query: EventQueryDep,
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Events per page.")] = 100,
               count: Annotated[bool, Query(description="Also count every matching event.")] = False):
        """Events matching the filters, one page at a time (follow `next_cursor`)."""
        query.limit = limit
        with store.engine.connect() as conn:
            page = Q.page_events(conn, query)
            total = Q.count_events(conn, query) if count else None
        return JSONResponse({"items": [_record(r.data) for r in page.rows], "next_cursor": page.next_cursor,
                             "total": total})

    @app.get("/api/events.geojson", response_model=S.GeoJSONOut, tags=["events"], responses=_ERROR_RESPONSES)
    def events_geojson(query: EventQueryDep,
                       limit: Annotated[int, Query(ge=1, le=MAX_FEATURES)] = 10_000,
                       properties: Annotated[Literal["full", "compact"], Query(
                           description="full: the export record; compact: what the map draws.")] = "full"):
        """Events as GeoJSON points (events without coordinates have a null geometry)."""
        query.limit = limit
        with store.engine.connect() as conn:
            if properties == "compact":
                feats = [_compact_feature(r) for r in Q.compact_events(conn, query, limit)]
                nxt = None
            else:
                page = Q.page_events(conn, query)
                feats = [_full_feature(_record(r.data)) for r in page.rows]
                nxt = page.next_cursor
        return JSONResponse({"type": "FeatureCollection", "features": feats, "next_cursor": nxt})

    @app.get("/api/map/events", tags=["map"], responses={
        200: {"description": "fields, rows (one list per event), actors ({id: [name, side]}), next_cursor"},
        **_ERROR_RESPONSES})
    def map_events(query: EventQueryDep, limit: Annotated[int, Query(ge=1, le=MAX_FEATURES)] = MAX_FEATURES):
        """Matching events as one compact table: what the map page draws, in the least bytes."""
        with store.engine.connect() as conn:
            return Response(Q.map_table_json(conn, query, limit), media_type="application/json")

    @app.get("/api/events.csv", tags=["events"], responses={
        200: {"content": {"text/csv": {}}, "description": "ACLED-like columns, then every contract field."},
        **_ERROR_RESPONSES})
    def events_csv(query: EventQueryDep):
        """Every matching event as CSV (streamed)."""
        _check_cursor(store, query)
        return StreamingResponse(_csv_lines(store, query), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/api/events.jsonl", tags=["events"], responses={
        200: {"content": {"application/x-ndjson": {}}, "description": "One export record a line."},
        **_ERROR_RESPONSES})
    def events_jsonl(query: EventQueryDep):
        """Every matching event as JSON Lines (streamed)."""
        _check_cursor(store, query)
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in _records(store, query))
        return StreamingResponse(lines, media_type="application/x-ndjson; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.jsonl"'})

    @app.get("/api/events/{event_id}", response_model=S.EventDetailOut, tags=["events"],
             responses={**_NOT_FOUND, **_ERROR_RESPONSES})
    def event(event_id: Annotated[str, PathParam(max_length=200)]):
        """One event with all its mentions (outlet, language, sentence, link to the source)."""
        return _event_detail(store, event_id)


def _check_cursor(store: Store, query: Q.EventQuery) -> None:
    """Validates the query before a stream starts (errors mid-stream cannot change the status)."""
    Q.event_select(query, store.dialect)


def _records(store: Store, query: Q.EventQuery) -> Iterator[dict]:
    for row in Q.iter_events(store.engine, query):  # a page per connection: a slow download holds none
        yield _record(row.data)


def _csv_lines(store: Store, query: Q.EventQuery) -> Iterator[str]:
    import csv
    import io

    from frontwatch.export import _csv_event_row, event_record
    from frontwatch.models import Event

    buf = io.StringIO()
    writer = None
    for rec in _records(store, query):
        row = _csv_event_row(rec)
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if writer is None:  # no rows: the header alone
        csv.DictWriter(buf, fieldnames=list(_csv_event_row(event_record(Event("", ""))))).writeheader()
        yield buf.getvalue()


def _full_feature(rec: dict) -> dict:
    p = rec.get("place") or {}
    geom = None
    if p.get("lat") is not None and p.get("lon") is not None:
        geom = {"type": "Point", "coordinates": [p["lon"], p["lat"]]}
    return {"type": "Feature", "id": rec["event_id"], "geometry": geom, "properties": rec}


def _compact_feature(r: dict) -> dict:
    geom = {"type": "Point", "coordinates": [r.pop("lon"), r.pop("lat")]} if r["lat"] is not None and \
        r["lon"] is not None else None
    r.pop("lat", None), r.pop("lon", None)
    return {"type": "Feature", "id": r["id"], "geometry": geom, "properties": r}


def _event_detail(store: Store, event_id: str) -> dict:
    e = store.get_event(event_id)
    if e is None:
        raise ApiError(404, "not_found", f"no event with id {event_id!r}")
    from frontwatch.export import event_record
    rec = event_record(e)
    with store.engine.connect() as conn:
        sources = Q.article_sources(conn, sorted({m.article_id for m in e.mentions}))
    rec["associated"] = [{"id": a.id, "name": a.name, "side": a.side} for a in e.associated]
    rec["why"] = list(e.why)
    for out, m in zip(rec["mentions"], e.mentions):
        out["sentence_index"] = m.sentence_index
        out.update(sources.get(m.article_id, {"title": None, "published": None, "url": None}))
    return rec


def _lookup_routes(app: FastAPI, store: Store) -> None:
    @app.get("/api/articles", response_model=S.ArticlePageOut, tags=["articles"], responses=_ERROR_RESPONSES)
    def articles(outlet: Annotated[str | None, Query(description="Part of the outlet's name.")] = None,
                 language: Annotated[str | None, Query(description="ISO 639-1 code.")] = None,
                 date_from: IsoDate | None = None, date_to: IsoDate | None = None,
                 q: Annotated[str | None, Query(description="Words in the title.")] = None,
                 cursor: Annotated[str | None, Query(max_length=200, description="From next_cursor.")] = None,
                 limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100):
        """Articles (without text; GET /api/articles/{id} has it), in id order."""
        with store.engine.connect() as conn:
            items, nxt = Q.list_articles(conn, outlet=outlet, language=language, date_from=_iso(date_from),
                                         date_to=_iso(date_to), q=q, after=cursor, limit=limit)
        return {"items": items, "next_cursor": nxt}

    @app.get("/api/articles/{article_id}", response_model=S.ArticleDetailOut, tags=["articles"],
             responses={**_NOT_FOUND, **_ERROR_RESPONSES})
    def article(article_id: Annotated[str, PathParam(max_length=200)]):
        """One article with its text."""
        with store.engine.connect() as conn:
            a = Q.get_article(conn, article_id)
        if a is None:
            raise ApiError(404, "not_found", f"no article with id {article_id!r}")
        return a

    @app.get("/api/places", response_model=list[S.PlaceListOut], tags=["places"], responses=_ERROR_RESPONSES)
    def places(q: Annotated[str | None, Query(description="Part of the place's name.")] = None,
               country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100):
        """Places that events or control periods name, most eventful first."""
        with store.engine.connect() as conn:
            return Q.list_places(conn, q=q, country=country, limit=limit)

    @app.get("/api/actors", response_model=list[S.ActorListOut], tags=["actors"], responses=_ERROR_RESPONSES)
    def actors(q: Annotated[str | None, Query(description="Actor id or part of its name.")] = None,
               side: str | None = None, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100):
        """Actors that events name, with their side, most active first."""
        with store.engine.connect() as conn:
            return Q.list_actors(conn, q=q, side=side, limit=limit)

    @app.get("/api/stats", tags=["stats"], responses=_ERROR_RESPONSES)
    def stats() -> dict[str, Any]:
        """Counts of what the store holds."""
        counts = store.stats()  # its own connection: one request never holds two (pool deadlock under load)
        with store.engine.connect() as conn:
            return {**counts, **Q.event_stats(conn)}

    @app.get("/api/config", response_model=S.ConfigOut, tags=["map"])
    def config():
        """What the map page needs to know: tile URL and whether ingest is on."""
        return app.state.config


def _control_routes(app: FastAPI, store: Store) -> None:
    @app.get("/api/control", response_model=list[S.ControlPeriodOut], tags=["control"], responses=_ERROR_RESPONSES)
    def control(at: At = None, place: Annotated[str | None, Query(description="Place id.")] = None):
        """Control periods: who held which place, from when to when, on which events' word."""
        with store.engine.connect() as conn:
            return Q.control_periods(conn, at=_iso(at), place_id=place)

    @app.get("/api/control.geojson", response_model=S.GeoJSONOut, tags=["control"], responses=_ERROR_RESPONSES)
    def control_geojson(at: At = None):
        """Control periods as GeoJSON points at their places."""
        with store.engine.connect() as conn:
            periods = Q.control_periods(conn, at=_iso(at))
        feats = [{"type": "Feature", "properties": p,
                  "geometry": None if p["lat"] is None else {"type": "Point", "coordinates": [p["lon"], p["lat"]]}}
                 for p in periods]
        return {"type": "FeatureCollection", "features": feats}

    @app.get("/api/control/{place_id}/history", response_model=S.ControlHistoryOut, tags=["control"],
             responses={**_NOT_FOUND, **_ERROR_RESPONSES})
    def history(place_id: Annotated[str, PathParam(max_length=200)]):
        """Every control period of one place, in time order."""
        with store.engine.connect() as conn:
            periods = Q.control_periods(conn, place_id=place_id)
        if not periods:
            raise ApiError(404, "not_found", f"no control periods for place {place_id!r}")
        periods.sort(key=lambda p: (p["start"] or "", p["end"] or "~"))
        return {"place_id": place_id, "place_name": periods[0]["place_name"], "periods": periods}


# ------------------------------------------------------------------------------------------ ingest


async def _read_capped(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", f"request body over {MAX_BODY_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise ApiError(413, "payload_too_large", f"request body over {MAX_BODY_BYTES} bytes")
    return bytes(body)


def _authorize(app: FastAPI, request: Request) -> None:
    token = app.state.token
    if not token:
        raise ApiError(403, "ingest_disabled", "this server is read-only (start it with --token to allow ingest)")
    got = request.headers.get("authorization", "")
    scheme, _, value = got.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "unauthorized", "send the server's token as 'Authorization: Bearer TOKEN'")


def _parse_ingest(raw: bytes) -> S.IngestIn:
    try:
        body = S.IngestIn.model_validate_json(raw or b"{}")
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err.get("loc", ())) or "body"
        raise ApiError(422, "invalid_parameter", f"{loc}: {err.get('msg')}", loc) from None
    if len(body.urls) > MAX_URLS:
        raise ApiError(413, "payload_too_large", f"{len(body.urls)} URLs, over the limit of {MAX_URLS}")
    for i, u in enumerate(body.urls):
        if not u.lower().startswith(("http://", "https://")):
            raise ApiError(422, "invalid_parameter", f"urls.{i}: only http(s) URLs can be ingested", f"urls.{i}")
    if not body.urls and not (body.text or body.html):
        raise ApiError(422, "invalid_parameter", "body: give urls, text or html", "body")
    return body


def _run_ingest(store: Store, body: S.IngestIn) -> dict:
    from frontwatch.ingest import FetchLimits, make_document
    from frontwatch.pipeline import RunReport, ingest, process_pending, resolve_store

    report = RunReport()
    limits = FetchLimits(allow_private=False, max_bytes=MAX_BODY_BYTES * 10, timeout=20.0)
    _, doc_ids = ingest(store, body.urls, limits, report=report)
    for content, kind in ((body.text, "text"), (body.html, "html")):
        if content:
            try:
                doc = make_document(content.encode("utf-8"), source=body.url or f"api:{kind}", url=body.url,
                                    kind=kind)
            except FrontwatchError as e:
                e.source = e.source or f"api:{kind}"
                report.failures.append(e)
                continue
            report.documents_seen += 1
            report.documents_new += store.add_document(doc)
            doc_ids.append(doc.doc_id)
    extra = []
    resolved = 0
    try:
        process_pending(store, doc_ids, report=report)
        resolved = resolve_store(store)
    except (ImportError, NotImplementedError) as e:  # a stage not installed: documents stay pending
        extra.append({"source": "pipeline", "code": "pipeline_unavailable", "message": str(e)})
    failures = [{"source": f.source or "?", "code": f.code, "message": f.args[0] if f.args else str(f)}
                for f in report.failures] + extra
    return {"documents": report.documents_seen, "new": report.documents_new,
            "processed": report.documents_processed, "events_resolved": resolved, "failures": failures}


def _ingest_route(app: FastAPI, store: Store) -> None:
    body_schema = S.IngestIn.model_json_schema()

    @app.post("/api/ingest", response_model=S.IngestOut, tags=["ingest"],
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": body_schema}}}},
              responses={401: {"model": S.ErrorOut, "description": "Missing or wrong token."},
                         403: {"model": S.ErrorOut, "description": "Ingest is off (no token configured)."},
                         413: {"model": S.ErrorOut, "description": "Body or URL list too large."},
                         **_ERROR_RESPONSES})
    async def ingest(request: Request):
        """Adds URLs (public addresses only), a text or an HTML page, then processes and resolves them.
        Off unless the server has a token; then `Authorization: Bearer TOKEN` is required."""
        _authorize(app, request)
        body = _parse_ingest(await _read_capped(request))
        return await run_in_threadpool(_run_ingest, store, body)


# ------------------------------------------------------------------------------------------ page


_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: {tiles}; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def _tile_origin(tile_url: str | None) -> str:
    if not tile_url:
        return ""
    from urllib.parse import urlsplit
    parts = urlsplit(tile_url.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") else ""


def _page_routes(app: FastAPI) -> None:
    from xstatic.pkg import leaflet

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    csp = _CSP.format(tiles=_tile_origin(app.state.config.tile_url))

    _docs_route(app)

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                     "Referrer-Policy": "no-referrer"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


def _docs_route(app: FastAPI) -> None:
    """Swagger UI at /docs, from the swagger-ui-bundle-v2 package when installed (offline), else the
    CDN copy FastAPI links to."""
    from fastapi.openapi.docs import get_swagger_ui_html

    urls = {}
    try:
        import swagger_ui_bundle

        app.mount("/vendor/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
        urls = {"swagger_js_url": "/vendor/swagger/swagger-ui-bundle.js",
                "swagger_css_url": "/vendor/swagger/swagger-ui.css", "swagger_favicon_url": "/favicon.ico"}
    except ImportError:
        pass

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="frontwatch API", **urls)
