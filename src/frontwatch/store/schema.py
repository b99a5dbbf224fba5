"""The database schema (SQLAlchemy Core), shared by SQLite and PostgreSQL; Alembic migrates it."""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, Text)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("doc_id", String(64), primary_key=True),  # SHA-256 of the raw bytes
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("content_type", String(16), nullable=False),
    Column("encoding", String(32)),
    Column("size", Integer, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("fetched_at", String(32)),
    Column("processed_at", String(32)),  # null until its articles/events are stored
)

articles = Table(
    "articles", metadata,
    Column("article_id", String(64), primary_key=True),
    Column("doc_id", String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("outlet_id", String(64)),
    Column("author", Text),
    Column("translator", Text),
    Column("published", String(10)),
    Column("published_source", String(16)),
    Column("language", String(8)),
    Column("translation_of", String(64)),
    Column("duplicate_of", String(64)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("boilerplate", JSON),
    Index("ix_articles_doc", "doc_id"),
)

sentences = Table(
    "sentences", metadata,
    Column("article_id", String(64), ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

mentions = Table(  # actor and place mentions resolved to the knowledge base
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),  # actor | place
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("ref_id", String(128)),
    Column("name", Text),
    Column("located", Boolean),
    Column("data", JSON),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_ref", "kind", "ref_id"),
)

event_mentions = Table(
    "event_mentions", metadata,
    Column("mention_id", String(400), primary_key=True),  # models.mention_key
    Column("article_id", String(64), ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
    Column("sentence_idx", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("certainty", String(16), nullable=False),
    Column("event_id", String(64), index=True),
    Column("data", JSON, nullable=False),  # the whole EventMention
    Index("ix_event_mentions_article", "article_id"),
)

events = Table(
    "events", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("place_id", String(128)),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(2)),
    Column("fatalities", Integer),
    Column("control_status", String(16)),
    Column("certainty", String(16), nullable=False),
    Column("sources", Integer, nullable=False, default=0),
    Column("independent_sources", Integer, nullable=False, default=0),
    Column("grade", String(4)),
    Column("data", JSON, nullable=False),  # the whole Event, as exported
    Index("ix_events_date", "date"),
    Index("ix_events_type", "type"),
    Index("ix_events_place", "place_id"),
)

event_actors = Table(  # who took part in each event, for filtering by actor and side
    "event_actors", metadata,
    Column("event_id", String(64), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(128), primary_key=True),
    Column("role", String(16), primary_key=True),  # actor | target | associated
    Column("name", Text),
    Column("side", Text),
    Index("ix_event_actors_actor", "actor_id"),
)

places = Table(  # places that events and mentions refer to (the gazetteer itself lives in kb/)
    "places", metadata,
    Column("place_id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(2)),
    Column("admin1", Text),
    Column("precision", String(16)),
    Column("located", Boolean, nullable=False, default=True),
)

actors = Table(  # actors that events refer to
    "actors", metadata,
    Column("actor_id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("side", Text),
)

control_periods = Table(
    "control_periods", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("place_id", String(128), nullable=False),
    Column("place_name", Text, nullable=False),
    Column("controller_id", String(128)),
    Column("controller_name", Text),
    Column("controller_side", Text),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("status", String(16), nullable=False),
    Column("evidence", JSON),
    Index("ix_control_place", "place_id"),
)

control_baseline = Table(  # a starting state of control imported from a map, marked with its source
    "control_baseline", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("place_id", String(128), nullable=False),
    Column("place_name", Text, nullable=False),
    Column("controller_id", String(128)),
    Column("controller_name", Text),
    Column("controller_side", Text),
    Column("start", String(10)),
    Column("end", String(10)),
    Column("status", String(16), nullable=False),
    Column("evidence", JSON),
)

failures = Table(  # inputs that could not be read or processed: kept, never silently dropped
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)
