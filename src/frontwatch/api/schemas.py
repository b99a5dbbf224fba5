"""Response and request shapes of the API, for its OpenAPI document (the event shape is the export contract)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, machine-readable: not_found, invalid_parameter, unauthorized, "
                                  "ingest_disabled, payload_too_large, method_not_allowed, internal_error, "
                                  "or a frontwatch error code (FW...).")
    message: str
    parameter: str | None = Field(None, description="The query parameter at fault, for invalid_parameter.")


class ErrorOut(BaseModel):
    error: ErrorBody


class ActorOut(_Open):
    id: str | None
    name: str
    side: str | None


class IdName(_Open):
    id: str | None
    name: str


class PlaceOut(_Open):
    id: str | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str | None
    located: bool | None


class ControlOut(_Open):
    gained_by: IdName | None
    lost_by: IdName | None
    status: str


class MentionOut(_Open):
    article_id: str
    outlet: str | None
    language: str | None
    start: int
    end: int
    text: str


class EventOut(_Open):
    """One event as the export contract shapes it (JSON Lines export, one object)."""

    event_id: str
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    date: str | None
    date_precision: str | None
    actors: list[ActorOut]
    targets: list[ActorOut]
    place: PlaceOut | None
    fatalities: int | None
    control: ControlOut | None
    certainty: str
    claimed_by: str | None
    sources: int
    independent_sources: int
    grade: str | None
    mentions: list[MentionOut]


class EventPageOut(BaseModel):
    items: list[EventOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    total: int | None = Field(None, description="Number of matching events, when `count=true`.")


class MentionDetail(MentionOut):
    sentence_index: int | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = Field(None, description="Link to the source (the article's URL or its page's).")


class EventDetailOut(EventOut):
    """One event with every mention, each with its article's title, date and source link."""

    associated: list[ActorOut] = []
    why: list[str] = []
    mentions: list[MentionDetail]


class ArticleOut(_Open):
    article_id: str
    document: str
    title: str | None
    outlet: str | None
    author: str | None
    translator: str | None
    published: str | None
    language: str | None
    translation_of: str | None
    duplicate_of: str | None
    url: str | None


class ArticleDetailOut(ArticleOut):
    text: str


class ArticlePageOut(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None


class PlaceListOut(_Open):
    id: str
    name: str | None
    lat: float | None
    lon: float | None
    country: str | None
    events: int


class ActorListOut(_Open):
    id: str
    name: str | None
    side: str | None
    events: int


class ControlPeriodOut(_Open):
    place_id: str
    place_name: str
    controller_id: str | None
    controller_name: str | None
    controller_side: str | None
    start: str | None
    end: str | None
    status: str
    evidence: list[str]
    lat: float | None
    lon: float | None


class ControlHistoryOut(BaseModel):
    place_id: str
    place_name: str
    periods: list[ControlPeriodOut]


class GeoJSONOut(_Open):
    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]


class ConfigOut(BaseModel):
    tile_url: str | None
    tile_attribution: str | None
    ingest: bool


class IngestIn(BaseModel):
    """What to add: http(s) URLs to fetch (public addresses only), and/or one pasted text or HTML page."""

    model_config = ConfigDict(extra="forbid")
    urls: list[str] = Field(default_factory=list, description="http(s) URLs or feed URLs.")
    text: str | None = Field(None, description="Plain text of one report.")
    html: str | None = Field(None, description="HTML of one page.")
    url: str | None = Field(None, description="Where the pasted text or HTML came from (kept as its source).")


class IngestFailure(BaseModel):
    source: str
    code: str
    message: str


class IngestOut(BaseModel):
    documents: int
    new: int
    processed: int
    events_resolved: int
    failures: list[IngestFailure]
