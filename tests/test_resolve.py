"""Event resolution, corroboration and grading over hand-built event mentions."""
from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from frontwatch.models import ActorRef, Article, Control, EventMention, PlaceRef, mention_key, to_dict
from frontwatch.resolve import Resolver, explain, grade_event, make_lookup, resolve_mentions
from frontwatch.resolve.grading import credibility

SAA = ActorRef(id="SAA", name="Syrian Arab Army", side="government")
HEZ = ActorRef(id="HEZ", name="Hezbollah", side="government")
GOVF = ActorRef(id=None, name="government forces", side="government")
ISIS = ActorRef(id="ISIS", name="Islamic State", side="ISIS")
SDF = ActorRef(id="SDF", name="Syrian Democratic Forces", side="SDF")
IDF = ActorRef(id="IDF", name="Israel Defense Forces", side="Israel")

BUKAMAL = PlaceRef(id="syria:2842", name="Abu Kamal", lat=34.45, lon=40.918, country="SY")
BUKAMAL_AR = PlaceRef(id="syria:2842", name="البوكمال", lat=34.45, lon=40.918, country="SY")
BUKAMAL_NOID = PlaceRef(id=None, name="al-Bukamal", lat=34.451, lon=40.919, country="SY")
DEIR_REGION = PlaceRef(id="deir-ez-zor-gov", name="Deir ez-Zor governorate", lat=34.7, lon=40.7,
                       country="SY", precision="region")


def outlet(alignment, owner, reliability, name=None):
    return SimpleNamespace(alignment=alignment, owner=owner, reliability=reliability, name=name)


OUTLETS = {
    "southfront": outlet("pro-syrian-government", "SouthFront", "C", "South Front"),
    "almanar": outlet("pro-syrian-government", "Hezbollah", "D", "Al-Manar"),
    "reuters": outlet("none", "Thomson Reuters", "B", "Reuters"),
    "alrai": outlet("none", "Al Rai Media Group", "C", "Al Rai"),
    "aljazeera": outlet("pro-qatari-government", "Al Jazeera Media Network", "C", "Al Jazeera"),
    "ich": outlet("anti-interventionist", "Information Clearing House", "E", "Information Clearing House"),
    "amaq": outlet("isis", "Islamic State", "F", "Amaq"),
    "sana": outlet("pro-syrian-government", "Syrian government", "D", "SANA"),
}


def art(aid, outlet_id, lang="en", **kw):
    name = OUTLETS[outlet_id].name if outlet_id else None
    return Article(article_id=aid, document="doc", index=0, text="", outlet=name, outlet_id=outlet_id,
                   language=lang, **kw)


def capture(aid, start=0, *, place=BUKAMAL, date="2017-11-19", precision="day", actors=(SAA,),
            type_="ASSAULT", mode=None, certainty="reported", claimed_by=None, fatalities=None,
            gained=SAA, status="captured", lang="en", text="capture", control=True):
    return EventMention(article_id=aid, sentence_index=start, start=start, end=start + 40, text=text,
                        type=type_, mode=mode, date=date, date_precision=precision if date else None,
                        actors=list(actors), targets=[ISIS], place=place, fatalities=fatalities,
                        control=Control(gained_by=gained, lost_by=ISIS, status=status) if control else None,
                        certainty=certainty, claimed_by=claimed_by, language=lang)


# Seven mentions of one capture: six outlets, two languages, three spellings, two types, one
# month-level date, one repeated mention inside an article, one Arabic original and its translation.
ARTICLES = {a.article_id: a for a in [
    art("a1", "southfront"), art("a2", "almanar"), art("a3", "reuters"), art("a4", "alrai", "ar"),
    art("a5", "southfront", translation_of="a4"), art("a6", "aljazeera", "ar"), art("a7", "ich"),
]}
SEVEN = [
    capture("a1", 0, actors=(SAA, HEZ)),
    capture("a2", 0, actors=(HEZ,), fatalities=50, place=BUKAMAL_NOID),
    capture("a2", 200, actors=(HEZ, SAA), type_="COERCE", mode="seize"),
    capture("a3", 0, actors=(GOVF,), gained=GOVF),
    capture("a4", 0, place=BUKAMAL_AR, lang="ar"),
    capture("a5", 0, place=BUKAMAL, precision="month", date="2017-11-01"),
    capture("a6", 0, place=BUKAMAL_AR, lang="ar", actors=(SAA,), fatalities=30),
]
SEVEN.append(capture("a7", 0, date="2017-11-19", actors=(SAA,)))


def real(events):
    return [e for e in events if e.certainty != "hypothetical"]


def test_seven_mentions_make_one_event():
    events = resolve_mentions(SEVEN, ARTICLES, outlets=OUTLETS)
    assert len(events) == 1
    ev = events[0]
    assert len(ev.mentions) == 8
    assert {m.language for m in ev.mentions} == {"en", "ar"}
    assert ev.type == "ASSAULT" and ev.date == "2017-11-19" and ev.date_precision == "day"
    assert ev.place.id == "syria:2842" and ev.place.lat == 34.45
    assert ev.fatalities == 50
    assert ev.control.status == "captured" and ev.control.gained_by.id == "SAA"
    assert ev.certainty == "reported"
    assert {a.id for a in ev.actors} >= {"SAA", "HEZ"}
    # a4+a5 are one report (Al Rai); South Front (a1) and Al-Manar share an alignment
    assert ev.sources == 6
    assert ev.independent_sources == 5
    assert len(ev.why) == 8 and ev.why[0].startswith("created from")


def test_south_front_and_al_manar_count_once():
    ms = [capture("a1", 0), capture("a2", 0, actors=(HEZ,))]
    (ev,) = resolve_mentions(ms, ARTICLES, outlets=OUTLETS)
    assert (ev.sources, ev.independent_sources) == (2, 1)
    ms.append(capture("a3", 0))
    (ev,) = resolve_mentions(ms, ARTICLES, outlets=OUTLETS)
    assert (ev.sources, ev.independent_sources) == (3, 2)


@pytest.mark.parametrize("articles", [
    {"t1": art("t1", "alrai", "ar"), "t2": art("t2", "southfront", translation_of="t1")},
    {"t1": art("t1", None, "ar"), "t2": art("t2", None, translation_of="t1")},
    {"t1": art("t1", "reuters"), "t2": art("t2", "aljazeera", duplicate_of="t1")},
])
def test_translation_or_repost_counts_once(articles):
    ms = [capture("t1", 0, place=BUKAMAL_AR, lang="ar"), capture("t2", 0)]
    (ev,) = resolve_mentions(ms, articles, outlets=OUTLETS)
    assert (ev.sources, ev.independent_sources) == (1, 1)


def test_articles_without_outlet_are_separate_unknown_sources():
    articles = {"u1": art("u1", None), "u2": art("u2", None)}
    (ev,) = resolve_mentions([capture("u1", 0), capture("u2", 0)], articles, outlets=OUTLETS)
    assert (ev.sources, ev.independent_sources) == (2, 2)
    assert ev.grade == "F1"


def test_claim_denied_by_other_side_is_contested():
    articles = {"s": art("s", "sana"), "q": art("q", "amaq")}
    claim = capture("s", 0, date="2017-11-09", certainty="claimed", claimed_by="Syrian army")
    denial = capture("q", 0, date="2017-11-10", type_="REJECT", actors=(ISIS,),
                     claimed_by="Islamic State", text="IS denied losing the town")
    events = resolve_mentions([denial, claim], articles, outlets=OUTLETS)
    assert len(events) == 1
    ev = events[0]
    assert ev.type == "ASSAULT" and ev.control.status == "contested"
    assert ev.control.gained_by.id == "SAA"
    assert ev.certainty == "claimed" and ev.claimed_by == "Syrian army"
    assert len(ev.mentions) == 2 and ev.sources == 1
    assert any(w.startswith("denial <q:0:40:REJECT:") and " by Islamic State" in w for w in ev.why)
    assert ev.grade == "D4"
    assert any("denies" in line for line in explain(ev))


def test_same_day_counter_claim_is_contested():
    articles = {"s": art("s", "sana"), "q": art("q", "amaq")}
    claim = capture("s", 0, certainty="claimed", claimed_by="Syrian army")
    counter = capture("q", 0, actors=(ISIS,), gained=ISIS, certainty="claimed", claimed_by="Amaq")
    (ev,) = resolve_mentions([claim, counter], articles, outlets=OUTLETS)
    assert ev.control.status == "contested" and len(ev.mentions) == 2
    assert any(w.startswith("denial ") and "counter-claim" in w for w in ev.why)


def test_recapture_days_later_is_a_new_event():
    articles = {"s": art("s", "sana"), "r": art("r", "reuters")}
    claim = capture("s", 0, date="2017-11-09", certainty="claimed", claimed_by="Syrian army")
    retake = capture("r", 0, date="2017-11-11", actors=(ISIS,), gained=ISIS)
    assert len(resolve_mentions([claim, retake], articles, outlets=OUTLETS)) == 2


def test_rerun_is_idempotent_and_ids_are_stable():
    first = resolve_mentions(SEVEN, ARTICLES, outlets=OUTLETS)
    before = to_dict(copy.deepcopy(first))
    again = resolve_mentions(SEVEN, ARTICLES, existing=first, outlets=OUTLETS)
    assert to_dict(again) == before
    fresh = resolve_mentions(list(reversed(SEVEN)), ARTICLES, outlets=OUTLETS)
    assert [e.event_id for e in fresh] == [e.event_id for e in first]
    assert to_dict(fresh) == before


def test_incremental_attach_matches_batch():
    batch = resolve_mentions(SEVEN, ARTICLES, outlets=OUTLETS)
    part = resolve_mentions(SEVEN[:3], ARTICLES, outlets=OUTLETS)
    eid = part[0].event_id
    more = resolve_mentions(SEVEN[3:], ARTICLES, existing=part, outlets=OUTLETS)
    assert len(more) == 1 and more[0] is part[0] and more[0].event_id == eid
    for field in ("type", "date", "date_precision", "fatalities", "certainty", "sources",
                  "independent_sources", "grade"):
        assert getattr(more[0], field) == getattr(batch[0], field), field
    other = capture("a3", 500, place=PlaceRef(id="x", name="Kashmah", lat=34.95, lon=40.5))
    grown = resolve_mentions([other], ARTICLES, existing=more, outlets=OUTLETS)
    assert len(grown) == 2 and grown[0] is part[0]


def test_resolver_add_returns_touched_events():
    r = Resolver(ARTICLES, outlets=OUTLETS)
    assert len(r.add(SEVEN[:2])) == 1
    touched = r.add(SEVEN[2:] + SEVEN[:2])
    assert len(touched) == 1 and len(touched[0].mentions) == 8
    assert r.add(SEVEN) == []


def test_hypothetical_never_merges_with_real():
    plan = capture("a3", 300, certainty="hypothetical", text="the army plans to storm the town")
    events = resolve_mentions(SEVEN + [plan], ARTICLES, outlets=OUTLETS)
    assert len(events) == 2
    hyp = [e for e in events if e.certainty == "hypothetical"]
    assert len(hyp) == 1 and len(hyp[0].mentions) == 1
    assert len(real(events)[0].mentions) == 8


V = dict(lat=33.36, country="SY")


@pytest.mark.parametrize("mentions,expected", [
    # three villages a few km apart, captured the same day: three events
    ([capture("a1", 0, place=PlaceRef(id="p1", name="Kafr Hawar", lon=35.98, **V)),
      capture("a1", 50, place=PlaceRef(id="p2", name="Bayt Sabir", lon=36.01, **V)),
      capture("a1", 90, place=PlaceRef(id="p3", name="Baytima", lon=36.04, **V))], 3),
    # shelling on the 18th and the 20th: two events
    ([capture("a1", 0, date="2017-11-18", actors=(IDF,), control=False, mode="heavy-weapons", place=None),
      capture("a1", 90, date="2017-11-20", actors=(IDF,), control=False, mode="heavy-weapons", place=None)], 2),
    # a place-less repeat in the same article joins the placed mention
    ([capture("a1", 0), capture("a1", 90, place=None)], 1),
    # an airstrike and a capture at one place on one day stay apart (types differ)
    ([capture("a1", 0), capture("a3", 0, control=False, mode="aerial", actors=(SAA,))], 2),
    # a region-level report of the same capture joins the town's
    ([capture("a1", 0), capture("a3", 0, place=DEIR_REGION)], 1),
    # a capture by the SDF the same day elsewhere stays apart
    ([capture("a1", 0), capture("a3", 0, actors=(SDF,), gained=SDF,
                                place=PlaceRef(id="p9", name="Shu'aytat", lat=34.9, lon=40.6))], 2),
    # fighting reported in the town the next day does not join (or confirm) the capture
    ([capture("a1", 0), capture("a3", 0, date="2017-11-20", control=False)], 2),
])
def test_what_merges(mentions, expected):
    assert len(resolve_mentions(mentions, ARTICLES, outlets=OUTLETS)) == expected


@pytest.mark.parametrize("certainty,support,against,grade", [
    ("reported", 2, 0, 1), ("reported", 1, 0, 2), ("claimed", 3, 0, 3), ("reported", 3, 1, 3),
    ("reported", 1, 1, 4), ("claimed", 2, 1, 4), ("reported", 1, 2, 5), ("hypothetical", 1, 0, 6),
    ("reported", 0, 0, 6),
])
def test_credibility_table(certainty, support, against, grade):
    ev = SimpleNamespace(certainty=certainty)
    assert credibility(ev, support, against) == grade


def test_reliability_is_best_outlet_and_overridable():
    (ev,) = resolve_mentions(SEVEN, ARTICLES, outlets=OUTLETS)
    assert ev.grade == "B1"  # Reuters is B
    lookup = make_lookup(OUTLETS)
    assert grade_event(ev, ARTICLES, lookup, {"reuters": "C", "Al-Manar": "A"}) == "A1"
    (ev2,) = resolve_mentions(SEVEN, ARTICLES, outlets=OUTLETS, reliability={"Reuters": "E"})
    assert ev2.grade == "C1"


def test_explain_lists_decisions_and_mentions():
    (ev,) = resolve_mentions(SEVEN, ARTICLES, outlets=OUTLETS)
    lines = explain(ev)
    assert lines[0].startswith(ev.event_id)
    assert sum(line.startswith("why: merged") for line in lines) == 7
    assert sum(line.startswith("mention ") for line in lines) == 8
    assert any("same place id syria:2842" in line for line in lines)


def test_default_registry_groups_south_front_with_al_manar():
    articles = {"sf": Article(article_id="sf", document="d", index=0, text="", outlet="South Front"),
                "am": Article(article_id="am", document="d", index=0, text="", outlet="Al-Manar"),
                "rt": Article(article_id="rt", document="d", index=0, text="", outlet="Reuters")}
    ms = [capture("sf", 0), capture("am", 0, actors=(HEZ,))]
    (ev,) = resolve_mentions(ms, articles)
    assert (ev.sources, ev.independent_sources) == (2, 1)
    (ev,) = resolve_mentions(ms + [capture("rt", 0)], articles)
    assert (ev.sources, ev.independent_sources) == (3, 2)
    assert ev.grade[1] == "1"


def test_one_sentence_two_villages_two_events():
    ms = [capture("a1", 0, place=PlaceRef(id="p1", name="Kafr Hawar", lon=35.98, **V)),
          capture("a1", 0, place=PlaceRef(id="p2", name="Bayt Sabir", lon=36.01, **V))]
    events = resolve_mentions(ms, ARTICLES, outlets=OUTLETS)
    assert len(events) == 2
    assert len({e.event_id for e in events}) == 2
    assert all(e.mentions[0].mention_id for e in events)


def test_docs_example_seed_capture_grade():
    """docs/grading.md, example 1: the seed's al-Bukamal capture with the project's outlet registry."""
    def a(aid, outlet, lang="en", tr=None):
        return Article(article_id=aid, document="seed", index=0, text="", outlet=outlet, language=lang,
                       translation_of=tr)
    articles = {x.article_id: x for x in [
        a("a2", "South Front", tr="a3"), a("a3", "Al Rai", "ar"), a("a4", None, tr="a5"), a("a5", None, "ar"),
        a("a6", "South Front"), a("a7", "Al-Manar"), a("a8", "Information Clearing House")]}
    (ev,) = resolve_mentions([capture(aid, 0, lang=articles[aid].language) for aid in articles], articles)
    assert (ev.sources, ev.independent_sources, ev.grade) == (5, 4, "C1")


def _random_mentions(rng, n):
    places = [PlaceRef(id=f"p{i}", name=f"Village {i}", lat=34 + rng.random(), lon=40 + rng.random())
              for i in range(12)]
    out = []
    for i in range(n):
        a, b = rng.sample([SAA, HEZ, ISIS, SDF, GOVF], 2)
        ctl = Control(a, b, rng.choice(["captured", "contested"])) if rng.random() < 0.5 else None
        out.append(EventMention(
            article_id=f"r{rng.randrange(40)}", sentence_index=i, start=i * 10, end=i * 10 + 9, text="t",
            type=rng.choice(["ASSAULT", "ASSAULT", "COERCE", "REJECT"]), mode=rng.choice([None, "aerial"]),
            date=rng.choice([None, "2017-11-18", "2017-11-19", "2017-11-20", "2017-11-25"]),
            date_precision=rng.choice(["day", "day", "month"]), actors=[a], targets=[b],
            place=rng.choice(places + [None]), control=ctl,
            certainty=rng.choice(["reported", "claimed", "hypothetical"]), claimed_by="x"))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_random_mentions_partition_idempotent_incremental(seed):
    import random
    rng = random.Random(seed)
    ms = _random_mentions(rng, 300)
    arts = {f"r{i}": art(f"r{i}", rng.choice([*OUTLETS, None])) for i in range(40)}
    events = resolve_mentions(ms, arts, outlets=OUTLETS)
    held = [r.mention_id for e in events for r in e.mentions]
    assert len(held) == len(set(held)) == len(ms)
    snapshot = to_dict(copy.deepcopy(events))
    assert to_dict(resolve_mentions(ms, arts, existing=events, outlets=OUTLETS)) == snapshot
    part = resolve_mentions(ms[:150], arts, outlets=OUTLETS)
    whole = resolve_mentions(ms[150:], arts, existing=part, outlets=OUTLETS)
    held = [r.mention_id for e in whole for r in e.mentions]
    assert len(held) == len(set(held)) == len(ms)
    by_id = {mention_key(m): m for m in ms}
    for e in whole:
        assert e.sources >= e.independent_sources >= (1 if e.sources else 0)
        assert e.grade and e.grade[0] in "ABCDEF" and e.grade[1] in "123456"
        hyp = {by_id[r.mention_id].certainty == "hypothetical" for r in e.mentions}
        assert hyp == {e.certainty == "hypothetical"}


def test_unresolved_gainer_joins_resolved_one_and_yields_its_name():
    units = ActorRef(id=None, name="its units")
    ms = [capture("a1", 0, actors=(units, ISIS), gained=units, certainty="claimed", claimed_by="army"),
          capture("a2", 0, actors=(SAA,), gained=SAA, certainty="claimed", claimed_by="army")]
    (ev,) = resolve_mentions(ms, ARTICLES, outlets=OUTLETS)
    assert ev.control.gained_by.id == "SAA" and ev.control.status == "captured"


def test_imprecise_date_joins_the_nearest_event():
    ms = [capture("a1", 0, date="2017-11-17", status="contested"), capture("a1", 300, date="2017-11-19"),
          capture("a1", 900, date="2017-11-19", precision="week")]
    events = resolve_mentions(ms, ARTICLES, outlets=OUTLETS)
    by_date = {e.date: len(e.mentions) for e in events}
    assert by_date == {"2017-11-17": 1, "2017-11-19": 2}


def test_explain_has_no_rich_markup():
    (ev,) = resolve_mentions(SEVEN, {}, outlets=OUTLETS)
    assert not any("[" in line for line in explain(ev))


def test_capture_after_reported_fighting_sets_the_territory_sub_event():
    entry = capture("a1", 0, status="contested")
    entry.acled_event_type, entry.acled_sub_event_type = "Battles", "Armed clash"
    taken = capture("a3", 0)
    taken.acled_event_type, taken.acled_sub_event_type = "Battles", "Government regains territory"
    (ev,) = real(resolve_mentions([entry, taken], ARTICLES, outlets=OUTLETS))
    assert ev.control.status == "captured"
    assert ev.acled_sub_event_type == "Government regains territory"
