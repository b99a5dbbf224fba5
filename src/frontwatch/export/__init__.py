"""Exports in the formats of the design page (contract): JSON Lines, CSV, GeoJSON and Parquet."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from frontwatch.models import Article, Event

__all__ = ["ARTICLE_FIELDS", "EVENT_FIELDS", "article_record", "event_record", "write", "FORMATS"]

ARTICLE_FIELDS = ["article_id", "document", "title", "outlet", "author", "translator", "published",
                  "language", "translation_of", "text"]
ARTICLE_EXTRA = ["duplicate_of", "published_source", "url"]  # additive to the contract
EVENT_FIELDS = ["event_id", "type", "mode", "acled_event_type", "acled_sub_event_type", "date",
                "date_precision", "actors", "targets", "place", "fatalities", "control", "certainty",
                "claimed_by", "sources", "independent_sources", "grade", "mentions"]
FORMATS = ("jsonl", "csv", "geojson", "parquet")


def article_record(a: Article) -> dict:
    return {k: getattr(a, k) for k in ARTICLE_FIELDS + ARTICLE_EXTRA}


def _actor(a) -> dict:
    return {"id": a.id, "name": a.name, "side": a.side}


def event_record(e: Event) -> dict:
    p = e.place
    c = e.control
    return {
        "event_id": e.event_id, "type": e.type, "mode": e.mode,
        "acled_event_type": e.acled_event_type, "acled_sub_event_type": e.acled_sub_event_type,
        "date": e.date, "date_precision": e.date_precision,
        "actors": [_actor(a) for a in e.actors], "targets": [_actor(a) for a in e.targets],
        "place": None if p is None else {
            "id": p.id, "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
            "admin1": p.admin1, "precision": p.precision, "located": p.located},
        "fatalities": e.fatalities,
        "control": None if c is None else {
            "gained_by": {"id": c.gained_by.id, "name": c.gained_by.name} if c.gained_by else None,
            "lost_by": {"id": c.lost_by.id, "name": c.lost_by.name} if c.lost_by else None,
            "status": c.status},
        "certainty": e.certainty, "claimed_by": e.claimed_by,
        "sources": e.sources, "independent_sources": e.independent_sources, "grade": e.grade,
        "mentions": [{"article_id": m.article_id, "outlet": m.outlet, "language": m.language,
                      "start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
    }


def _flat(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv_event_row(r: dict) -> dict:
    """ACLED-like leading columns, then every contract field (nested ones as JSON)."""
    p = r["place"] or {}
    c = r["control"] or {}
    lead = {
        "event_id_cnty": r["event_id"], "event_date": r["date"], "time_precision": r["date_precision"],
        "event_type": r["acled_event_type"], "sub_event_type": r["acled_sub_event_type"],
        "actor1": "; ".join(a["name"] for a in r["actors"]),
        "actor2": "; ".join(a["name"] for a in r["targets"]),
        "country": p.get("country"), "admin1": p.get("admin1"), "location": p.get("name"),
        "latitude": p.get("lat"), "longitude": p.get("lon"), "geo_precision": p.get("precision"),
        "control_status": c.get("status"), "gained_by": (c.get("gained_by") or {}).get("name"),
        "notes": r["mentions"][0]["text"] if r["mentions"] else None,
        "source": "; ".join(sorted({m["outlet"] for m in r["mentions"] if m["outlet"]})),
    }
    return {**lead, **{k: _flat(v) for k, v in r.items()}}


def _geojson(records: list[dict]) -> dict:
    feats = []
    for r in records:
        p = r.get("place") or {}
        geom = None
        if p.get("lat") is not None and p.get("lon") is not None:
            geom = {"type": "Point", "coordinates": [p["lon"], p["lat"]]}
        feats.append({"type": "Feature", "id": r["event_id"], "geometry": geom, "properties": r})
    return {"type": "FeatureCollection", "features": feats}


def _parquet_schema(kind: str):
    import pyarrow as pa

    if kind == "articles":
        return pa.schema([(k, pa.string()) for k in ARTICLE_FIELDS + ARTICLE_EXTRA])
    ref = pa.struct([("id", pa.string()), ("name", pa.string()), ("side", pa.string())])
    idname = pa.struct([("id", pa.string()), ("name", pa.string())])
    return pa.schema([
        ("event_id", pa.string()), ("type", pa.string()), ("mode", pa.string()),
        ("acled_event_type", pa.string()), ("acled_sub_event_type", pa.string()),
        ("date", pa.string()), ("date_precision", pa.string()),
        ("actors", pa.list_(ref)), ("targets", pa.list_(ref)),
        ("place", pa.struct([("id", pa.string()), ("name", pa.string()), ("lat", pa.float64()),
                             ("lon", pa.float64()), ("country", pa.string()), ("admin1", pa.string()),
                             ("precision", pa.string()), ("located", pa.bool_())])),
        ("fatalities", pa.int64()),
        ("control", pa.struct([("gained_by", idname), ("lost_by", idname), ("status", pa.string())])),
        ("certainty", pa.string()), ("claimed_by", pa.string()), ("sources", pa.int64()),
        ("independent_sources", pa.int64()), ("grade", pa.string()),
        ("mentions", pa.list_(pa.struct([("article_id", pa.string()), ("outlet", pa.string()),
                                         ("language", pa.string()), ("start", pa.int64()),
                                         ("end", pa.int64()), ("text", pa.string())]))),
    ])


def write(kind: str, items: Iterable[Article] | Iterable[Event], fmt: str, out: IO | str) -> int:
    """Writes articles or events in a format to a text stream (jsonl, csv, geojson) or a path
    (parquet; also accepted for the others). Returns the number of records."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    to_record = article_record if kind == "articles" else event_record
    records = [to_record(x) for x in items]
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records, schema=_parquet_schema(kind)), out)
        return len(records)
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return _write_text(kind, records, fmt, fh)
    return _write_text(kind, records, fmt, out)


def _write_text(kind: str, records: list[dict], fmt: str, fh: IO) -> int:
    if fmt == "jsonl":
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "geojson":
        if kind != "events":
            raise ValueError("geojson is for events (articles have no geometry)")
        json.dump(_geojson(records), fh, ensure_ascii=False)
        fh.write("\n")
    else:
        rows = [_csv_event_row(r) for r in records] if kind == "events" else [
            {k: _flat(v) for k, v in r.items()} for r in records]
        header = list(rows[0]) if rows else (list(_csv_event_row(event_record(Event("", ""))))
                                             if kind == "events" else ARTICLE_FIELDS + ARTICLE_EXTRA)
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return len(records)
