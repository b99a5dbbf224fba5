"""Plain data passed between pipeline stages: each stage takes these in and gives these out.

Only the store knows SQL; only ingest touches the network. Every stage is a function of the one
before, so the same code runs in the CLI, the web server and a batch job.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Certainty = Literal["reported", "claimed", "hypothetical"]
DatePrecision = Literal["day", "week", "month", "year"]
ControlStatus = Literal["captured", "contested", "lost"]


@dataclass
class Document:
    """One fetched or read source, raw bytes kept once (doc_id is the SHA-256 of `raw`)."""

    doc_id: str
    source: str  # URL or absolute path as the user named it
    raw: bytes
    text: str  # decoded text (HTML kept as HTML here; articles stage extracts)
    content_type: Literal["text", "html"]
    encoding: str | None = None
    url: str | None = None  # canonical URL when known (from a URL source or JSON lines record)
    fetched_at: str | None = None  # ISO 8601 UTC


@dataclass
class Article:
    """One article of a document. `start`/`end` are character offsets into the document's text
    (for HTML documents: into the extracted main text, see `Document` handling in articles)."""

    article_id: str
    document: str  # doc_id
    index: int
    text: str
    title: str | None = None
    outlet: str | None = None
    outlet_id: str | None = None
    author: str | None = None
    translator: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_source: str | None = None  # 'article' | 'page' | 'url' | 'intro' | None (fallbacks are marked)
    language: str | None = None  # ISO 639-1
    translation_of: str | None = None
    duplicate_of: str | None = None
    start: int = 0
    end: int = 0
    url: str | None = None
    boilerplate: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    article_id: str
    index: int
    start: int  # offsets into the article text
    end: int
    text: str


@dataclass
class ActorRef:
    id: str | None
    name: str
    side: str | None = None
    text: str | None = None  # the surface form in the sentence


@dataclass
class PlaceRef:
    id: str | None
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    precision: str = "point"  # point | district | region | country
    located: bool = True
    score: float | None = None
    text: str | None = None


@dataclass
class Control:
    gained_by: ActorRef | None
    lost_by: ActorRef | None
    status: ControlStatus


@dataclass
class EventMention:
    """One event as one sentence reports it."""

    article_id: str
    sentence_index: int
    start: int  # offsets into the article text
    end: int
    text: str
    type: str  # PLOVER, upper case
    mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    actors: list[ActorRef] = field(default_factory=list)
    targets: list[ActorRef] = field(default_factory=list)
    associated: list[ActorRef] = field(default_factory=list)
    place: PlaceRef | None = None
    fatalities: int | None = None
    fatalities_text: str | None = None
    control: Control | None = None
    certainty: Certainty = "reported"
    claimed_by: str | None = None
    language: str | None = None
    rule: str | None = None  # which rule fired, for `frontwatch code`


@dataclass
class MentionRef:
    """One sentence that reports an event, as exported."""

    article_id: str
    outlet: str | None
    language: str | None
    start: int
    end: int
    text: str
    sentence_index: int | None = None
    mention_id: str | None = None  # `mention_key` of the EventMention it stands for


def mention_key(m: EventMention) -> str:
    """Stable id of an event mention: one sentence can report several events (two villages taken,
    two shellings on two days), so the span alone is not enough; type, place, first actor, date and
    the actor gaining control tell them apart."""
    place = (m.place.id or m.place.name) if m.place else ""
    actor = (m.actors[0].id or m.actors[0].name) if m.actors else ""
    gainer = (m.control.gained_by.id or m.control.gained_by.name) if m.control and m.control.gained_by else ""
    return f"{m.article_id}:{m.start}:{m.end}:{m.type}:{place}:{actor}:{m.date or ''}:{gainer}"


@dataclass
class Event:
    """One real-world happening: its mentions merged across sentences, articles, outlets, languages."""

    event_id: str
    type: str
    mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    actors: list[ActorRef] = field(default_factory=list)
    targets: list[ActorRef] = field(default_factory=list)
    associated: list[ActorRef] = field(default_factory=list)
    place: PlaceRef | None = None
    fatalities: int | None = None
    control: Control | None = None
    certainty: Certainty = "reported"
    claimed_by: str | None = None
    sources: int = 0
    independent_sources: int = 0
    grade: str | None = None
    mentions: list[MentionRef] = field(default_factory=list)
    why: list[str] = field(default_factory=list)  # merge decisions, for `frontwatch event ID --why`


@dataclass
class ControlPeriod:
    place_id: str
    place_name: str
    controller_id: str | None
    controller_name: str | None
    start: str | None
    end: str | None
    status: str  # held | claimed | contested
    evidence: list[str] = field(default_factory=list)  # event ids
    controller_side: str | None = None


def to_dict(obj: Any) -> Any:
    """Dataclass (or list of them) to plain JSON-ready data."""
    if dataclasses.is_dataclass(obj):
        return {k: to_dict(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, list):
        return [to_dict(v) for v in obj]
    return obj
