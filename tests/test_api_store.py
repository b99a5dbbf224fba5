"""A small hand-made store for the API and map tests (al-Bukamal, autumn 2017), and checks of it.

`build_demo_store(store)` is the one step to swap for the seed pipeline once it resolves the seed:
everything else in the API and map tests reads the store only through the API.
"""
from __future__ import annotations

from frontwatch.ingest import make_document
from frontwatch.models import ActorRef, Article, Control, ControlPeriod, Event, MentionRef, PlaceRef

SAA = ActorRef("syrian-arab-army", "Syrian Arab Army", "pro-government")
HEZBOLLAH = ActorRef("hezbollah", "Hezbollah", "pro-government")
ISIS = ActorRef("isis", "Islamic State", "ISIS")
SDF = ActorRef("sdf", "Syrian Democratic Forces", "SDF")
IRAQI_ARMY = ActorRef("iraqi-army", "Iraqi Army", "government")
RUSSIA = ActorRef("russian-aerospace-forces", "Russian Aerospace Forces", "pro-government")

BUKAMAL = PlaceRef("place:al-bukamal", "al-Bukamal", 34.4506, 40.9186, "SY", "Deir ez-Zor")
MAYADIN = PlaceRef("place:mayadin", "al-Mayadin", 35.0206, 40.4514, "SY", "Deir ez-Zor")
QAIM = PlaceRef("place:al-qaim", "al-Qaim", 34.3686, 41.0936, "IQ", "Anbar")
RAQQA = PlaceRef("place:raqqa", "Raqqa", 35.9528, 39.0089, "SY", "Raqqa")
ATARIB = PlaceRef("place:atarib", "al-Atarib", 36.1389, 36.83, "SY", "Aleppo")

# (article id, outlet, language, published): one article per outlet for the capture of al-Bukamal
OUTLETS = [("a-sana", "SANA", "en", "2017-11-19"), ("a-manar", "Al-Manar", "en", "2017-11-19"),
           ("a-mayadeen", "Al Mayadeen", "ar", "2017-11-19"), ("a-southfront", "South Front", "en", "2017-11-20"),
           ("a-enab", "Enab Baladi", "ar", "2017-11-20"), ("a-ich", "Information Clearing House", "en", "2017-11-21")]

# Sentences written for these tests (not taken from any outlet).
CAPTURE_TEXT = {
    "a-sana": "Army units backed by allied forces took full control of al-Bukamal on Sunday, November 19.",
    "a-manar": "The Syrian army, Hezbollah and their allies regained all of al-Bukamal, killing some 50 ISIL fighters.",
    "a-mayadeen": "سيطر الجيش السوري وحلفاؤه على كامل مدينة البوكمال بعد معارك عنيفة مع داعش.",
    "a-southfront": "Government troops and Hezbollah restored control over al-Bukamal after a week of heavy fighting.",
    "a-enab": "قوات النظام السوري والميليشيات المساندة لها دخلت مدينة البوكمال يوم الأحد.",
    "a-ich": "Supported by Russian aircraft, the Syrian army finally captured al-Bukamal near the Iraqi border.",
}


def _mention(article_id: str, text: str, sentence: int = 0) -> MentionRef:
    outlet, language = next((o, lang) for a, o, lang, _ in OUTLETS if a == article_id)
    return MentionRef(article_id, outlet, language, 0, len(text), text, sentence_index=sentence,
                      mention_id=f"{article_id}:{sentence}")


def demo_events() -> list[Event]:
    capture = Event("ev-bukamal-capture", "ASSAULT", "firearms", "Battles", "Government regains territory",
                    "2017-11-19", "day", actors=[SAA, HEZBOLLAH], targets=[ISIS], associated=[RUSSIA],
                    place=BUKAMAL, fatalities=50, control=Control(SAA, ISIS, "captured"), certainty="reported",
                    sources=6, independent_sources=5, grade="A",
                    mentions=[_mention(a, text) for a, text in CAPTURE_TEXT.items()])
    claim_text = "The army command said troops had entered al-Bukamal, a claim ISIS denied."
    claim = Event("ev-bukamal-claim", "ASSAULT", None, "Battles", "Government regains territory", "2017-11-08",
                  "day", actors=[SAA], targets=[ISIS], place=BUKAMAL, control=Control(SAA, ISIS, "captured"),
                  certainty="claimed", claimed_by="Syrian army command", sources=2, independent_sources=1,
                  grade="C", mentions=[_mention("a-sana", claim_text, 3), _mention("a-manar", claim_text, 4)])
    retake_text = "ISIS fighters pushed back into al-Bukamal and fighting continued inside the town."
    retake = Event("ev-bukamal-retake", "ASSAULT", None, "Battles", "Non-state actor overtakes territory",
                   "2017-11-10", "day", actors=[ISIS], targets=[SAA], place=BUKAMAL,
                   control=Control(ISIS, SAA, "contested"), certainty="reported", sources=2, independent_sources=2,
                   grade="B", mentions=[_mention("a-southfront", retake_text, 2),
                                        _mention("a-ich", retake_text, 5)])
    flee_text = "About 150 ISIS members fled the town across the Euphrates, the group's opponents said."
    flee = Event("ev-bukamal-flee", "RETREAT", "withdraw", "Strategic developments", "Non-violent transfer of territory",
                 "2017-11-19", "day", actors=[ISIS], place=BUKAMAL, certainty="claimed", claimed_by="Hezbollah media",
                 sources=1, independent_sources=1, grade="D", mentions=[_mention("a-manar", flee_text, 6)])
    mayadin = Event("ev-mayadin", "ASSAULT", None, "Battles", "Government regains territory", "2017-10-14", "day",
                    actors=[SAA], targets=[ISIS], place=MAYADIN, control=Control(SAA, ISIS, "captured"),
                    sources=1, independent_sources=1, grade="C",
                    mentions=[_mention("a-sana", "The army took al-Mayadin from ISIS.", 8)])
    qaim = Event("ev-qaim", "ASSAULT", None, "Battles", "Government regains territory", "2017-11-03", "day",
                 actors=[IRAQI_ARMY], targets=[ISIS], place=QAIM, control=Control(IRAQI_ARMY, ISIS, "captured"),
                 sources=1, independent_sources=1, grade="C",
                 mentions=[_mention("a-ich", "Iraqi forces retook al-Qaim across the border.", 9)])
    raqqa = Event("ev-raqqa", "ASSAULT", None, "Battles", "Non-state actor overtakes territory", "2017-10-17", "day",
                  actors=[SDF], targets=[ISIS], place=RAQQA, control=Control(SDF, ISIS, "captured"),
                  sources=1, independent_sources=1, grade="C",
                  mentions=[_mention("a-enab", "أعلنت قسد سيطرتها الكاملة على مدينة الرقة.", 2)])
    strike = Event("ev-atarib", "ASSAULT", "aerial", "Explosions/Remote violence", "Air/drone strike", "2017-11-13",
                   "day", actors=[RUSSIA], place=ATARIB, fatalities=53, sources=1, independent_sources=1, grade="C",
                   mentions=[_mention("a-enab", "قتل 53 مدنياً بغارات جوية على سوق الأتارب.", 7)])
    future = Event("ev-hypothetical", "CONCEDE", None, None, None, "2017-11-22", "day", actors=[ISIS],
                   place=BUKAMAL, certainty="hypothetical", sources=1, independent_sources=1,
                   mentions=[_mention("a-southfront", "ISIS may abandon its last positions if the siege holds.", 7)])
    return [claim, retake, capture, flee, mayadin, qaim, raqqa, strike, future]


def demo_control() -> list[ControlPeriod]:
    def period(place, who, start, end, status, evidence=()):
        return ControlPeriod(place.id, place.name, who.id, who.name, start, end, status, list(evidence),
                             **({"controller_side": who.side} if hasattr(ControlPeriod, "controller_side") else {}))
    return [
        period(BUKAMAL, ISIS, None, "2017-11-08", "held"),
        period(BUKAMAL, SAA, "2017-11-08", "2017-11-10", "claimed", ["ev-bukamal-claim"]),
        period(BUKAMAL, ISIS, "2017-11-10", "2017-11-19", "contested", ["ev-bukamal-retake"]),
        period(BUKAMAL, SAA, "2017-11-19", None, "held", ["ev-bukamal-capture"]),
        period(MAYADIN, ISIS, None, "2017-10-14", "held"),
        period(MAYADIN, SAA, "2017-10-14", None, "held", ["ev-mayadin"]),
        period(QAIM, ISIS, None, "2017-11-03", "held"),
        period(QAIM, IRAQI_ARMY, "2017-11-03", None, "held", ["ev-qaim"]),
        period(RAQQA, ISIS, None, "2017-10-17", "held"),
        period(RAQQA, SDF, "2017-10-17", None, "held", ["ev-raqqa"]),
    ]


def _save_articles(store) -> None:
    for article_id, outlet, language, published in OUTLETS:
        body = f"{outlet}: report on the battle for al-Bukamal ({published})."
        doc = make_document(body.encode(), source=f"https://example.org/{article_id}", kind="text",
                            url=f"https://example.org/{article_id}")
        store.add_document(doc)
        art = Article(article_id, doc.doc_id, 0, body, title=f"{outlet} on al-Bukamal", outlet=outlet,
                      language=language, published=published, end=len(body), url=doc.url)
        store.save_document_result(doc.doc_id, [art], [], [])


def build_demo_store(store) -> None:
    """Fills an empty store with the al-Bukamal events, their articles and the control timeline."""
    _save_articles(store)
    store.save_events(demo_events(), {})
    store.replace_control(demo_control())


def test_demo_store_roundtrip(store):
    build_demo_store(store)
    events = {e.event_id: e for e in store.all_events()}
    assert len(events["ev-bukamal-capture"].mentions) == 6
    assert len({m.outlet for m in events["ev-bukamal-capture"].mentions}) >= 5
    assert len(store.articles()) == len(OUTLETS)
    periods = sorted((p for p in store.control_periods() if p.place_id == BUKAMAL.id), key=lambda p: p.start or "")
    assert [p.controller_id for p in periods] == [
        "isis", "syrian-arab-army", "isis", "syrian-arab-army"]
