"""Actors and places of one article, found once by the knowledge base and gazetteer, looked up by span."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from frontwatch.models import ActorRef, Article, PlaceRef


def _kb():
    try:
        from frontwatch.kb.actors import default_kb
    except ImportError:  # no knowledge base installed: names stay unresolved
        return None
    return default_kb()


def _gazetteer():
    try:
        from frontwatch.kb.gazetteer import default_gazetteer
    except ImportError:
        return None
    return default_gazetteer()


def _alignment(outlet_id: str | None) -> str | None:
    if not outlet_id:
        return None
    try:
        from frontwatch.articles.outlets import default_registry
        outlet = default_registry().get(outlet_id)
    except Exception:
        return None
    return getattr(outlet, "alignment", None) if outlet is not None else None


@dataclass
class Entities:
    """Actor matches and place resolutions over one text, offsets into that text."""

    actors: list = field(default_factory=list)  # ActorMatch
    places: list = field(default_factory=list)  # PlaceResolution
    country: str | None = None

    def actors_in(self, start: int, end: int) -> list:
        return [m for m in self.actors if start <= m.start and m.end <= end]

    def places_in(self, start: int, end: int) -> list:
        return [p for p in self.places if start <= p.start and p.end <= end]


def find_entities(text: str, *, lang: str = "en", date: str | None = None, outlet_id: str | None = None,
                  use_kb: bool = True) -> Entities:
    """Geoparse first (its countries give the article's focus), then find actors in that context."""
    ents = Entities()
    if not use_kb:
        return ents
    gaz = _gazetteer()
    if gaz is not None:
        # one pass: the gazetteer weighs the article's own country focus while it geoparses
        ents.places = list(_geoparse(gaz, text, lang, None))
        countries = Counter(p.place.country for p in ents.places if p.place and p.place.country)
        ents.country = countries.most_common(1)[0][0] if countries else None
    kb = _kb()
    if kb is not None:
        from frontwatch.kb.actors import ActorContext
        ctx = ActorContext(country=ents.country, outlet_alignment=_alignment(outlet_id), date=date)
        ents.actors = kb.find(text, lang=lang, context=ctx)
    return ents


def _geoparse(gaz, text: str, lang: str, country: str | None):
    try:
        from frontwatch.kb.gazetteer import GeoContext
        ctx = GeoContext(country=country) if country else None
    except Exception:
        ctx = None
    return gaz.geoparse(text, lang=lang, context=ctx)


def actor_ref(match) -> ActorRef:
    return ActorRef(id=match.actor_id, name=match.name, side=match.side, text=match.text)


def place_ref(res) -> PlaceRef:
    p = res.place
    return PlaceRef(id=p.id, name=p.name, lat=p.lat, lon=p.lon, country=p.country, admin1=p.admin1,
                    precision=p.precision, located=p.located, score=getattr(res, "score", None), text=res.surface)


def article_entities(article: Article, use_kb: bool = True) -> Entities:
    return find_entities(article.text, lang=article.language or "en", date=article.published,
                         outlet_id=article.outlet_id, use_kb=use_kb)
