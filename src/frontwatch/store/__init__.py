"""The store: one interface over SQLite (default, WAL) and PostgreSQL; only this package knows SQL."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, bindparam, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import make_url

from frontwatch.errors import StoreError
from frontwatch.models import (Article, ControlPeriod, Document, Event, EventMention, Sentence, mention_key,
                               to_dict)
from frontwatch.store import schema as t

__all__ = ["Store", "db_url", "database_error"]

MIGRATIONS = Path(__file__).parent / "migrations"


def db_url(db: str) -> str:
    """A database URL from what the user typed: a URL stays, a path becomes a SQLite file URL."""
    for plain in ("postgresql://", "postgres://"):  # psycopg 3 is the driver frontwatch installs
        if db.startswith(plain):
            return "postgresql+psycopg://" + db[len(plain):]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


_DISK_FULL = ("disk is full", "no space left", "could not extend file", "could not write to file")
_CONNECTION_LOST = ("terminating connection", "server closed the connection", "connection is lost",
                    "consuming input failed", "connection already closed", "the connection is closed")


def database_error(e: BaseException) -> StoreError | None:
    """A one-line `StoreError` naming the cause of a database failure (a full disk, a lost connection,
    ...), for the user instead of a traceback; None when `e` is no database error."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(e, DBAPIError):
        return None
    lines = [ln.strip() for ln in str(e.orig if e.orig is not None else e).splitlines() if ln.strip()]
    cause = lines[0] if lines else type(e).__name__
    low = " ".join(lines).lower()
    if any(k in low for k in _DISK_FULL):
        hint = "the disk is full: free space and run again"
    elif e.connection_invalidated or any(k in low for k in _CONNECTION_LOST):
        hint = "the connection to the database was lost: run again"
    else:
        return StoreError(f"database error: {cause}")
    return StoreError(f"database error: {cause} ({hint}; the write in progress was rolled back, everything "
                      "stored before it is kept)")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    """Repository over one database. Each `save_*` of one document's results is one transaction."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, db: str, *, migrate: bool = True) -> "Store":
        url = db_url(db)
        kwargs = {}
        if make_url(url).get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"timeout": 30}
        try:
            engine = create_engine(url, **kwargs)
        except Exception as e:  # bad URL, missing driver
            raise StoreError(f"cannot open database: {e}", source=db) from e
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    def migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as e:
            raise StoreError(f"cannot migrate database: {e}", source=str(self.engine.url)) from e

    def close(self) -> None:
        self.engine.dispose()

    def wipe(self) -> None:
        """Deletes every row (the schema stays): for tests and `frontwatch reset`."""
        with self.engine.begin() as conn:
            for table in reversed(t.metadata.sorted_tables):
                conn.execute(delete(table))

    # ------------------------------------------------------------------ documents

    def _insert_ignore(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            return pg_insert(table).on_conflict_do_nothing()
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        return sqlite_insert(table).on_conflict_do_nothing()

    def add_document(self, doc: Document) -> bool:
        """Stores a document once (keyed by content hash); True when it was new."""
        row = dict(doc_id=doc.doc_id, source=doc.source, url=doc.url, content_type=doc.content_type,
                   encoding=doc.encoding, size=len(doc.raw), raw=doc.raw, fetched_at=doc.fetched_at or _now())
        with self.engine.begin() as conn:
            res = conn.execute(self._insert_ignore(t.documents).returning(t.documents.c.doc_id), row)
            return res.first() is not None

    def _doc_from_row(self, r) -> Document:
        raw = bytes(r.raw)
        enc = r.encoding or "utf-8"
        return Document(doc_id=r.doc_id, source=r.source, raw=raw, text=raw.decode(enc, errors="replace"),
                        content_type=r.content_type, encoding=r.encoding, url=r.url, fetched_at=r.fetched_at)

    def get_document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.documents).where(t.documents.c.doc_id == doc_id)).first()
        return self._doc_from_row(r) if r else None

    def pending_documents(self, doc_ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Documents whose results are not stored yet (all of them, or those among `doc_ids`), in content-hash
        order: links between articles depend on the order documents are processed in, and this order does not
        depend on when each was stored, so a run killed while storing its inputs resumes to the same links."""
        q = select(t.documents.c.doc_id).where(t.documents.c.processed_at.is_(None))
        if doc_ids is not None:
            q = q.where(t.documents.c.doc_id.in_(list(doc_ids)))
        with self.engine.connect() as conn:
            ids = [r.doc_id for r in conn.execute(q.order_by(t.documents.c.doc_id))]
        for doc_id in ids:
            doc = self.get_document(doc_id)
            if doc:
                yield doc

    def save_document_result(self, doc_id: str, articles: list[Article], sentences: list[Sentence],
                             event_mentions: list[EventMention], mentions: list[dict] | None = None, *,
                             final: bool = True) -> None:
        """Replaces a document's articles, sentences and mentions and marks it processed, atomically.
        `final=False` stores a provisional result (a batch's, made before the articles it must be linked
        against were known): the document stays pending, its event mentions are not resolved, until
        `mark_processed` (the batch's settle pass) or a `run` that processes it again."""
        with self.engine.begin() as conn:
            conn.execute(delete(t.articles).where(t.articles.c.doc_id == doc_id))
            if articles:
                conn.execute(insert(t.articles), [_article_row(a) for a in articles])
            if sentences:
                conn.execute(insert(t.sentences), [dict(article_id=s.article_id, idx=s.index, start=s.start,
                                                        end=s.end, text=s.text) for s in sentences])
            if mentions:
                conn.execute(insert(t.mentions), mentions)
            if event_mentions:
                rows = {mention_key(m): dict(mention_id=mention_key(m), article_id=m.article_id,
                                            sentence_idx=m.sentence_index, start=m.start, end=m.end, type=m.type,
                                            certainty=m.certainty, data=to_dict(m)) for m in event_mentions}
                conn.execute(insert(t.event_mentions), list(rows.values()))
            if final:
                conn.execute(update(t.documents).where(t.documents.c.doc_id == doc_id).values(processed_at=_now()))

    def mark_processed(self, doc_ids: Iterable[str]) -> None:
        """Makes the stored (provisional) results of these documents final, all in one transaction."""
        d = t.documents
        now = _now()
        with self.engine.begin() as conn:
            for chunk in _chunks(list(doc_ids), 500):
                conn.execute(update(d).where(d.c.doc_id.in_(chunk), d.c.processed_at.is_(None))
                             .values(processed_at=now))

    def record_failure(self, source: str, code: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.failures), dict(source=source, code=code, reason=reason, at=_now()))

    # ------------------------------------------------------------------ articles

    def articles(self, *, doc_id: str | None = None, limit: int | None = None) -> list[Article]:
        q = select(t.articles).order_by(t.articles.c.doc_id, t.articles.c.idx)
        if doc_id:
            q = q.where(t.articles.c.doc_id == doc_id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_article_from_row(r) for r in conn.execute(q)]

    def recent_articles(self, n: int = 2000) -> list[Article]:
        """The articles of the most recently processed documents, newest first (reversed: the order they
        were processed in): the window new articles are linked against (translations, re-posts), so
        linking cost stays flat as the store grows."""
        d = t.documents
        q = (select(t.articles).join(d, d.c.doc_id == t.articles.c.doc_id)
             .where(d.c.processed_at.is_not(None))
             .order_by(d.c.processed_at.desc(), t.articles.c.doc_id.desc(), t.articles.c.idx.desc()).limit(n))
        with self.engine.connect() as conn:
            return [_article_from_row(r) for r in conn.execute(q)]

    # ------------------------------------------------------------------ event mentions and events

    def event_mentions(self, *, unassigned: bool = False, processed: bool = False) -> list[tuple[str, EventMention]]:
        """Event mentions (`unassigned`: not in an event yet; `processed`: of processed documents only,
        leaving out a batch's provisional results)."""
        q = select(t.event_mentions.c.mention_id, t.event_mentions.c.data).order_by(t.event_mentions.c.mention_id)
        if unassigned:
            q = q.where(t.event_mentions.c.event_id.is_(None))
        if processed:
            a, d = t.articles, t.documents
            q = q.where(t.event_mentions.c.article_id.in_(
                select(a.c.article_id).join(d, d.c.doc_id == a.c.doc_id).where(d.c.processed_at.is_not(None))))
        with self.engine.connect() as conn:
            return [(r.mention_id, event_mention_from_dict(r.data)) for r in conn.execute(q)]

    def save_events(self, events: list[Event], assignments: dict[str, str]) -> None:
        """Upserts events and points mentions at them, in one transaction."""
        with self.engine.begin() as conn:
            ids = [e.event_id for e in events]
            for chunk in _chunks(ids, 500):
                conn.execute(delete(t.event_actors).where(t.event_actors.c.event_id.in_(chunk)))
                conn.execute(delete(t.events).where(t.events.c.event_id.in_(chunk)))
            if events:
                conn.execute(insert(t.events), [_event_row(e) for e in events])
                actor_rows = {(r["event_id"], r["actor_id"], r["role"]): r for e in events for r in _actor_rows(e)}
                if actor_rows:
                    conn.execute(insert(t.event_actors), list(actor_rows.values()))
            if assignments:  # one statement, many parameter sets (one execute per mention took seconds)
                em = t.event_mentions
                conn.execute(update(em).where(em.c.mention_id == bindparam("b_mention"))
                             .values(event_id=bindparam("b_event")),
                             [{"b_mention": mid, "b_event": eid} for mid, eid in assignments.items()])

    def all_events(self) -> list[Event]:
        with self.engine.connect() as conn:
            return [event_from_dict(r.data) for r in conn.execute(select(t.events.c.data)
                                                                   .order_by(t.events.c.date, t.events.c.event_id))]

    def get_event(self, event_id: str) -> Event | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.events.c.data).where(t.events.c.event_id == event_id)).first()
        return event_from_dict(r.data) if r else None

    def query_events(self, *, date_from: str | None = None, date_to: str | None = None,
                     type: str | None = None, place: str | None = None, actor: str | None = None,
                     include_hypothetical: bool = False, limit: int | None = None) -> list[Event]:
        """Events matching simple filters (the API adds more): place and actor match names or ids."""
        e = t.events
        q = select(e.c.data).order_by(e.c.date, e.c.event_id)
        if not include_hypothetical:
            q = q.where(e.c.certainty != "hypothetical")
        if date_from:
            q = q.where(e.c.date >= date_from)
        if date_to:
            q = q.where(e.c.date <= date_to)
        if type:
            q = q.where(func.upper(e.c.type) == type.upper())
        if place:
            like = f"%{place.lower()}%"
            q = q.where((func.lower(e.c.place_name).like(like)) | (e.c.place_id == place))
        if actor:
            like = f"%{actor.lower()}%"
            sub = select(t.event_actors.c.event_id).where(
                (func.lower(t.event_actors.c.name).like(like)) | (t.event_actors.c.actor_id == actor))
            q = q.where(e.c.event_id.in_(sub))
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [event_from_dict(r.data) for r in conn.execute(q)]

    def replace_control(self, periods: list[ControlPeriod], *, table=t.control_periods) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(table))
            if periods:
                conn.execute(insert(table), [dict(
                    place_id=p.place_id, place_name=p.place_name, controller_id=p.controller_id,
                    controller_name=p.controller_name, controller_side=p.controller_side, start=p.start,
                    end=p.end, status=p.status, evidence=list(p.evidence)) for p in periods])

    def control_periods(self, *, table=t.control_periods) -> list[ControlPeriod]:
        c = table
        with self.engine.connect() as conn:
            rows = conn.execute(select(c).order_by(c.c.place_name, c.c.start, c.c.id))
            return [ControlPeriod(place_id=r.place_id, place_name=r.place_name, controller_id=r.controller_id,
                                  controller_name=r.controller_name, start=r.start, end=r.end, status=r.status,
                                  evidence=list(r.evidence or []), controller_side=r.controller_side)
                    for r in rows]

    def set_baseline(self, periods: list[ControlPeriod]) -> None:
        """The starting state of control (from a map), kept apart from what reports derive."""
        self.replace_control(periods, table=t.control_baseline)

    def baseline(self) -> list[ControlPeriod]:
        return self.control_periods(table=t.control_baseline)

    def unlocated_places(self) -> list[dict]:
        """Place names no gazetteer holds, as event mentions used them: how often, where, placed near what."""
        seen: dict[str, dict] = {}
        for _, m in self.event_mentions():
            p = m.place
            if p is None or p.located:
                continue
            row = seen.setdefault(p.name, {"name": p.name, "count": 0, "articles": set(), "lat": p.lat,
                                           "lon": p.lon, "precision": p.precision})
            row["count"] += 1
            row["articles"].add(m.article_id)
        rows = sorted(seen.values(), key=lambda r: (-r["count"], r["name"]))
        for r in rows:
            r["articles"] = sorted(r["articles"])
        return rows

    def reset_processing(self) -> int:
        """Marks every document for processing again and clears derived events and control (for example
        after gazetteer or knowledge-base changes); raw documents stay. Returns the document count."""
        with self.engine.begin() as conn:
            conn.execute(delete(t.control_periods))
            conn.execute(delete(t.event_actors))
            conn.execute(delete(t.events))
            conn.execute(delete(t.articles))  # cascades to sentences and mentions; recreated from the raw bytes
            return conn.execute(update(t.documents).values(processed_at=None)).rowcount

    # ------------------------------------------------------------------ stats

    def stats(self) -> dict:
        with self.engine.connect() as conn:
            def count(table, *where):
                q = select(func.count()).select_from(table)
                for w in where:
                    q = q.where(w)
                return conn.execute(q).scalar_one()
            langs = dict(conn.execute(select(t.articles.c.language, func.count())
                                      .group_by(t.articles.c.language)).all())
            coded = {r.article_id for r in conn.execute(select(t.event_mentions.c.article_id).distinct())}
            return {
                "documents": count(t.documents),
                "documents_pending": count(t.documents, t.documents.c.processed_at.is_(None)),
                "articles": count(t.articles),
                "articles_by_language": {str(k): v for k, v in langs.items()},
                "articles_not_coded_language": sum(v for k, v in langs.items() if k not in ("en", "ar")),
                "articles_with_events": len(coded),
                "sentences": count(t.sentences),
                "event_mentions": count(t.event_mentions),
                "events": count(t.events),
                "control_periods": count(t.control_periods),
                "failures": count(t.failures),
            }


def _chunks(seq: list, n: int) -> Iterator[list]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _article_row(a: Article) -> dict:
    row = asdict(a)
    row["doc_id"] = row.pop("document")
    row["idx"] = row.pop("index")
    return row


def _article_from_row(r) -> Article:
    d = dict(r._mapping)
    d["document"] = d.pop("doc_id")
    d["index"] = d.pop("idx")
    d["boilerplate"] = list(d.get("boilerplate") or [])
    return Article(**d)


def _event_row(e: Event) -> dict:
    p = e.place
    return dict(event_id=e.event_id, type=e.type, mode=e.mode, acled_event_type=e.acled_event_type,
                acled_sub_event_type=e.acled_sub_event_type, date=e.date, date_precision=e.date_precision,
                place_id=p.id if p else None, place_name=p.name if p else None, lat=p.lat if p else None,
                lon=p.lon if p else None, country=p.country if p else None, fatalities=e.fatalities,
                control_status=e.control.status if e.control else None, certainty=e.certainty,
                sources=e.sources, independent_sources=e.independent_sources, grade=e.grade, data=to_dict(e))


def _actor_rows(e: Event) -> Iterator[dict]:
    for role, refs in (("actor", e.actors), ("target", e.targets), ("associated", e.associated)):
        for a in refs:
            yield dict(event_id=e.event_id, actor_id=a.id or f"name:{a.name}", role=role, name=a.name, side=a.side)


# --------------------------------------------------------------------- dict -> dataclass


def _actor(d):
    from frontwatch.models import ActorRef
    return ActorRef(**d) if d else None


def _place(d):
    from frontwatch.models import PlaceRef
    return PlaceRef(**d) if d else None


def _control(d):
    from frontwatch.models import Control
    if not d:
        return None
    return Control(gained_by=_actor(d.get("gained_by")), lost_by=_actor(d.get("lost_by")), status=d["status"])


def event_mention_from_dict(d: dict) -> EventMention:
    d = dict(d)
    for k in ("actors", "targets", "associated"):
        d[k] = [_actor(a) for a in d.get(k) or []]
    d["place"] = _place(d.get("place"))
    d["control"] = _control(d.get("control"))
    return EventMention(**d)


def event_from_dict(d: dict) -> Event:
    from frontwatch.models import MentionRef
    d = dict(d)
    for k in ("actors", "targets", "associated"):
        d[k] = [_actor(a) for a in d.get(k) or []]
    d["place"] = _place(d.get("place"))
    d["control"] = _control(d.get("control"))
    d["mentions"] = [MentionRef(**m) for m in d.get("mentions") or []]
    return Event(**d)
