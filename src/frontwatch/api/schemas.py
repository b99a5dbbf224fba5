"""Response and request shapes of the API, for its OpenAPI document (the event shape is the export contract)."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, machine-readable: not_found, invalid_parameter, unauthorized, "
                                  "ingest_disabled, payload_too_large, method_not_allowed, internal_error, "
                                  "or a frontwatch error code (FW...).")
    message: str
    parameter: Optional[str] = Field(None, description="The query parameter at fault, for invalid_parameter.")


class ErrorOut(BaseModel):
    error: ErrorBody


class ActorOut(_Open):
    id: Optional[str]
    name: str
    side: Optional[str]


class IdName(_Open):
    id: Optional[str]
    name: str


class PlaceOut(_Open):
    id: Optional[str]
    name: str
    lat: Optional[float]
    lon: Optional[float]
    country: Optional[str]
    admin1: Optional[str]
    precision: Optional[str]
    located: Optional[bool]


class ControlOut(_Open):
    gained_by: Optional[IdName]
    lost_by: Optional[IdName]
    status: str


class MentionOut(_Open):
    article_id: str
    outlet: Optional[str]
    language: Optional[str]
    start: int
    end: int
    text: str


class EventOut(_Open):
    """One event as the export contract shapes it (JSON Lines export, one object)."""

    event_id: str
    type: str
    mode: Optional[str]
    acled_event_type: Optional[str]
    acled_sub_event_type: Optional[str]
    date: Optional[str]
    date_precision: Optional[str]
    actors: list[ActorOut]
    targets: list[ActorOut]
    place: Optional[PlaceOut]
    fatalities: Optional[int]
    control: Optional[ControlOut]
    certainty: str
    claimed_by: Optional[str]
    sources: int
    independent_sources: int
    grade: Optional[str]
    mentions: list[MentionOut]


class EventPageOut(BaseModel):
    items: list[EventOut]
    next_cursor: Optional[str] = Field(description="Pass as `cursor` for the next page; null on the last page.")
    total: Optional[int] = Field(None, description="Number of matching events, when `count=true`.")


class MentionDetail(MentionOut):
    sentence_index: Optional[int] = None
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = Field(None, description="Link to the source (the article's URL or its page's).")


class EventDetailOut(EventOut):
    """One event with every mention, each with its article's title, date and source link."""

    associated: list[ActorOut] = []
    why: list[str] = []
    mentions: list[MentionDetail]


class ArticleOut(_Open):
    article_id: str
    document: str
    title: Optional[str]
    outlet: Optional[str]
    author: Optional[str]
    translator: Optional[str]
    published: Optional[str]
    language: Optional[str]
    translation_of: Optional[str]
    duplicate_of: Optional[str]
    url: Optional[str]


class ArticleDetailOut(ArticleOut):
    text: str


class ArticlePageOut(BaseModel):
    items: list[ArticleOut]
    next_cursor: Optional[str]


class PlaceListOut(_Open):
    id: str
    name: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    country: Optional[str]
    events: int


class ActorListOut(_Open):
    id: str
    name: Optional[str]
    side: Optional[str]
    events: int


class ControlPeriodOut(_Open):
    place_id: str
    place_name: str
    controller_id: Optional[str]
    controller_name: Optional[str]
    controller_side: Optional[str]
    start: Optional[str]
    end: Optional[str]
    status: str
    evidence: list[str]
    lat: Optional[float]
    lon: Optional[float]


class ControlHistoryOut(BaseModel):
    place_id: str
    place_name: str
    periods: list[ControlPeriodOut]


class GeoJSONOut(_Open):
    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]


class ConfigOut(BaseModel):
    tile_url: Optional[str]
    tile_attribution: Optional[str]
    ingest: bool


class IngestIn(BaseModel):
    """What to add: http(s) URLs to fetch (public addresses only), and/or one pasted text or HTML page."""

    model_config = ConfigDict(extra="forbid")
    urls: list[str] = Field(default_factory=list, description="http(s) URLs or feed URLs.")
    text: Optional[str] = Field(None, description="Plain text of one report.")
    html: Optional[str] = Field(None, description="HTML of one page.")
    url: Optional[str] = Field(None, description="Where the pasted text or HTML came from (kept as its source).")


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
