"""The control timeline on our own al-Bukamal corpus (three changes of hands, a false claim between)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from frontwatch.models import ActorRef, Article, Control, ControlPeriod, EventMention, PlaceRef
from frontwatch.resolve import control_at, control_timeline, load_baseline, resolve_mentions

CORPUS = Path(__file__).parent / "fixtures" / "timeline"
SAA = ActorRef(id="SAA", name="Syrian Arab Army", side="government")
ALLIES = ActorRef(id=None, name="allied fighters", side="government")
ISIS = ActorRef(id="ISIS", name="Islamic State", side="ISIS")
TOWN = PlaceRef(id="wm:9c1d85bb73", name="al-Bukamal", lat=34.45, lon=40.918, country="SY")

OUTLETS = {
    "Levant Wire": SimpleNamespace(alignment="pro-syrian-government", owner="Levant Media", reliability="C"),
    "Damascus Evening": SimpleNamespace(alignment="syrian-state", owner="Syrian Ministry of Information",
                                        reliability="D"),
    "Euphrates Post": SimpleNamespace(alignment="independent", owner="Euphrates Post", reliability="C"),
    "Border Monitor": SimpleNamespace(alignment="research", owner="Border Monitor", reliability="B"),
    "Gulf Courier": SimpleNamespace(alignment="gulf-aligned", owner="Courier Holding", reliability="C"),
}


def read_report(path: Path) -> Article:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return Article(article_id=path.stem, document=path.name, index=0, text=body, outlet=meta["outlet"],
                   published=meta["published"], language=meta["language"],
                   duplicate_of=meta.get("duplicate_of"))


ARTICLES = {p.stem: read_report(p) for p in sorted(CORPUS.glob("r*.txt"))}


def mention(aid: str, fragment: str, type_: str, date: str, *, actors=(SAA,), targets=(ISIS,), mode=None,
            gained=None, lost=None, status="captured", certainty="reported", claimed_by=None):
    text = ARTICLES[aid].text
    start = text.index(fragment)
    return EventMention(article_id=aid, sentence_index=0, start=start, end=start + len(fragment),
                        text=fragment, type=type_, mode=mode, date=date, date_precision="day",
                        actors=list(actors), targets=list(targets), place=TOWN,
                        control=Control(gained, lost, status) if gained else None,
                        certainty=certainty, claimed_by=claimed_by, language="en")


# Hand-built from the reports (the English coder had not landed when this was written): one line
# per sentence a coder should turn into an event mention.
MENTIONS = [
    mention("r1-levant-wire", "had taken al-Bukamal from Islamic State", "ASSAULT", "2017-11-09",
            actors=(SAA, ALLIES), gained=SAA, lost=ISIS, certainty="claimed",
            claimed_by="Syrian army general command"),
    mention("r2-damascus-evening", "the army captured al-Bukamal on Thursday", "ASSAULT", "2017-11-09",
            gained=SAA, lost=ISIS, certainty="claimed", claimed_by="military source"),
    mention("r3-euphrates-post", "Clashes between government troops and Islamic State fighters went on",
            "ASSAULT", "2017-11-10", mode="firearms"),
    mention("r4-euphrates-post", "Islamic State fighters drove government troops out of al-Bukamal",
            "ASSAULT", "2017-11-11", actors=(ISIS,), targets=(SAA,), gained=ISIS, lost=SAA),
    mention("r4-euphrates-post", "The army's units pulled back to positions west of the town",
            "RETREAT", "2017-11-11", targets=(), mode="withdraw"),
    mention("r5-euphrates-post", "pushed back into al-Bukamal on Friday and were fighting Islamic State",
            "ASSAULT", "2017-11-17", actors=(SAA, ALLIES), gained=SAA, lost=ISIS, status="contested"),
    mention("r5-euphrates-post", "Heavy shelling was reported around the town's southern edge",
            "ASSAULT", "2017-11-17", actors=(), targets=(), mode="heavy-weapons"),
    mention("r6-levant-wire", "took full control of al-Bukamal on Sunday", "ASSAULT", "2017-11-19",
            actors=(SAA, ALLIES), gained=SAA, lost=ISIS),
    mention("r6-levant-wire", "Dozens of Islamic State fighters were killed in the final assault",
            "ASSAULT", "2017-11-19", actors=(), mode="firearms"),
    mention("r7-border-monitor", "Government forces captured all of al-Bukamal on Sunday", "ASSAULT",
            "2017-11-19", actors=(ActorRef(id=None, name="Government forces", side="government"),),
            gained=ActorRef(id=None, name="Government forces", side="government"), lost=ISIS),
    mention("r8-gulf-courier", "Government forces captured all of al-Bukamal on Sunday", "ASSAULT",
            "2017-11-19", actors=(ActorRef(id=None, name="Government forces", side="government"),),
            gained=ActorRef(id=None, name="Government forces", side="government"), lost=ISIS),
]

# (first day, last day, controller, status) at al-Bukamal; the baseline's holder before any report.
EXPECTED = [
    ("2017-11-01", "2017-11-08", "Islamic State", "held"),
    ("2017-11-09", "2017-11-10", "Syrian Arab Army", "claimed"),
    ("2017-11-11", "2017-11-16", "Islamic State", "held"),
    ("2017-11-17", "2017-11-18", "Syrian Arab Army", "contested"),
    ("2017-11-19", "2017-11-30", "Syrian Arab Army", "held"),
]


@pytest.fixture(scope="module")
def events():
    return resolve_mentions(MENTIONS, ARTICLES, outlets=OUTLETS)


@pytest.fixture(scope="module")
def periods(events):
    return control_timeline(events, baseline=load_baseline([CORPUS / "places.tsv"], gazetteer=None))


def days(first: str, last: str):
    d, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while d <= end:
        yield d.isoformat()
        d += dt.timedelta(days=1)


def test_events_of_the_corpus(events):
    control = sorted((e.date, e.control.gained_by.name, e.control.status, e.certainty)
                     for e in events if e.control)
    assert control == [("2017-11-09", "Syrian Arab Army", "captured", "claimed"),
                       ("2017-11-11", "Islamic State", "captured", "reported"),
                       ("2017-11-17", "Syrian Arab Army", "contested", "reported"),
                       ("2017-11-19", "Syrian Arab Army", "captured", "reported")]
    assert len(events) == 7  # and fighting on the 10th, the pull-back on the 11th, shelling on the 17th
    claim = next(e for e in events if e.date == "2017-11-09")
    assert (claim.sources, claim.independent_sources, claim.grade) == (2, 1, "C3")
    final = next(e for e in events if e.date == "2017-11-19" and e.control)
    assert len(final.mentions) == 4
    assert (final.sources, final.independent_sources, final.grade) == (2, 2, "B1")


@pytest.mark.parametrize("first,last,controller,status", EXPECTED)
def test_timeline_right_at_every_date(periods, first, last, controller, status):
    for day in days(first, last):
        (p,) = control_at(periods, day, "Abu Kamal")
        assert (p.controller_name, p.status) == (controller, status), day


def test_periods_and_evidence(periods, events):
    town = [p for p in periods if p.place_id == TOWN.id]
    assert [(p.start, p.end, p.status) for p in town] == [
        (None, "2017-11-09", "held"), ("2017-11-09", "2017-11-11", "claimed"),
        ("2017-11-11", "2017-11-17", "held"), ("2017-11-17", "2017-11-19", "contested"),
        ("2017-11-19", None, "held")]
    assert town[0].evidence[0].startswith("baseline:places.tsv:2:IS")
    by_id = {e.event_id: e for e in events}
    for p in town[1:]:
        assert all(by_id[eid].date == p.start for eid in p.evidence)


def test_timeline_without_baseline_starts_with_the_first_report(events):
    periods = control_timeline(events)
    assert control_at(periods, "2017-11-01") == []
    assert [p.controller_name for p in control_at(periods, "2017-11-12", "al-Bukamal")] == ["Islamic State"]


def _ev_period(controller: str, start: str | None, status: str = "held") -> ControlPeriod:
    return ControlPeriod("p", "P", None, controller, start, None, status, [])


def test_same_side_gain_extends_period_and_report_confirms_claim():
    gov = [mention("r6-levant-wire", "took full control of al-Bukamal on Sunday", "ASSAULT", "2017-11-19",
                   gained=SAA, lost=ISIS, certainty="claimed", claimed_by="army"),
           mention("r7-border-monitor", "Government forces captured all of al-Bukamal on Sunday", "ASSAULT",
                   "2017-11-21", gained=ActorRef(id=None, name="Government forces", side="government"))]
    evs = resolve_mentions(gov, ARTICLES, outlets=OUTLETS)
    assert len(evs) == 2
    town = [p for p in control_timeline(evs) if p.place_id == TOWN.id]
    assert [(p.controller_name, p.start, p.end, p.status) for p in town] == [
        ("Syrian Arab Army", "2017-11-19", "2017-11-21", "claimed"),
        ("Government forces", "2017-11-21", None, "held")]


def test_control_at_bounds():
    periods = [ControlPeriod("p", "Tal", None, "A", None, "2017-01-05", "held", []),
               ControlPeriod("p", "Tal", None, "B", "2017-01-05", None, "held", [])]
    assert [p.controller_name for p in control_at(periods, "2017-01-04")] == ["A"]
    assert [p.controller_name for p in control_at(periods, "2017-01-05")] == ["B"]
    assert control_at(periods, "2017-01-05", "Elsewhere") == []


def test_load_baseline_on_shared_places(shared_dir):
    base = load_baseline(sorted((shared_dir / "data" / "places").glob("*.tsv")), gazetteer=None)
    abu_kamal = [p for p in base if p.place_name == "Abu Kamal"]
    assert abu_kamal and abu_kamal[0].controller_name == "Islamic State"
    assert abu_kamal[0].place_id == TOWN.id  # the id the gazetteer gives conflict-map points
    assert all(p.evidence[0].startswith("baseline:") for p in base)
    assert {p.status for p in base} == {"held", "contested"}


def test_load_baseline_takes_the_gazetteers_ids():
    town = SimpleNamespace(id="gn:174448", lat=34.452, lon=40.9185)
    namesake = SimpleNamespace(id="gn:1", lat=36.0, lon=38.0)
    gaz = SimpleNamespace(candidates=lambda name: [namesake, town] if name == "Abu Kamal" else [])
    (p,) = load_baseline([CORPUS / "places.tsv"], gazetteer=gaz)
    assert p.place_id == "gn:174448"
    (p,) = load_baseline([CORPUS / "places.tsv"], gazetteer=SimpleNamespace(candidates=lambda name: [namesake]))
    assert p.place_id == TOWN.id


@pytest.mark.parametrize("text,error", [
    ("name\tlat\tlon\n", "missing column(s) mark"),
    ("name\tlat\tlon\tmark\n\t1\t2\tgov\n", "line 2: field name is empty"),
    ("name\tlat\tlon\tmark\nX\tnorth\t2\tgov\n", "line 2: field lat/lon is not a number"),
])
def test_load_baseline_errors_name_file_line_field(tmp_path, text, error):
    from frontwatch.errors import DataFileError
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=error.replace("(", r"\(").replace(")", r"\)")):
        load_baseline([path], gazetteer=None)


def _ctl_event(eid, date, gained, lost, status="captured", certainty="reported"):
    from frontwatch.models import Event
    return Event(event_id=eid, type="ASSAULT", date=date, date_precision="day", place=TOWN,
                 control=Control(gained, lost, status), certainty=certainty)


@pytest.mark.parametrize("events,expected", [
    # IS fled and the army took the town the same day: one change, to the army
    ([_ctl_event("e1", "2017-11-19", None, ISIS, "lost"), _ctl_event("e2", "2017-11-19", SAA, ISIS)],
     [("Syrian Arab Army", "2017-11-19", None, ["e1", "e2"])]),
    # the army holds; IS "fled" later: no change of holder, only evidence
    ([_ctl_event("e1", "2017-11-19", SAA, ISIS), _ctl_event("e2", "2017-11-21", None, ISIS, "lost")],
     [("Syrian Arab Army", "2017-11-19", None, ["e1", "e2"])]),
    # the army lost the town and nobody says to whom: holder unknown from then
    ([_ctl_event("e1", "2017-11-19", SAA, ISIS), _ctl_event("e2", "2017-11-21", None, SAA, "lost")],
     [("Syrian Arab Army", "2017-11-19", "2017-11-21", ["e1"]), (None, "2017-11-21", None, ["e2"])]),
])
def test_losses_without_a_gainer(events, expected):
    got = [(p.controller_name, p.start, p.end, p.evidence) for p in control_timeline(events)]
    assert got == expected


# ---------------------------------------------------------------- the same corpus through the coder

@pytest.fixture(scope="module")
def coded_periods():
    coding = pytest.importorskip("frontwatch.coding")
    mentions = [m for a in ARTICLES.values() for m in coding.code_article(a)]
    events = resolve_mentions([m for m in mentions if m.certainty != "hypothetical"], ARTICLES,
                              outlets=OUTLETS)
    town = {e.place.id for e in events if e.control and e.place and e.date == "2017-11-19"}
    assert len(town) == 1, town
    return control_timeline(events, baseline=load_baseline([CORPUS / "places.tsv"])), town.pop()


@pytest.mark.parametrize("first,last,controller,status", EXPECTED)
def test_coded_corpus_timeline(coded_periods, first, last, controller, status):
    periods, town = coded_periods
    for day in days(first, last):
        (p,) = control_at(periods, day, town)
        assert (p.controller_name, p.status) == (controller, status), day


UNITS = ActorRef(id=None, name="its units")


@pytest.mark.parametrize("events,expected", [
    # a claim, then fighting reported inside: the claim was premature
    ([_ctl_event("e1", "2017-11-09", SAA, ISIS, certainty="claimed"),
      _ctl_event("e2", "2017-11-17", SAA, ISIS, "contested")],
     [("Syrian Arab Army", "2017-11-09", "2017-11-17", "claimed"), ("Syrian Arab Army", "2017-11-17", None, "contested")]),
    # held, then the holder fights in the town (mopping up): still held
    ([_ctl_event("e1", "2017-11-09", SAA, ISIS), _ctl_event("e2", "2017-11-12", SAA, ISIS, "contested")],
     [("Syrian Arab Army", "2017-11-09", None, "held")]),
    # an unresolved name after the army is not a change of hands
    ([_ctl_event("e1", "2017-11-09", SAA, ISIS), _ctl_event("e2", "2017-11-12", UNITS, ISIS)],
     [("Syrian Arab Army", "2017-11-09", None, "held")]),
    # two holders the same day: the later change stands, with both as evidence
    ([_ctl_event("e1", "2017-11-09", SAA, ISIS, certainty="claimed"), _ctl_event("e2", "2017-11-09", ISIS, SAA)],
     [("Islamic State", "2017-11-09", None, "held")]),
])
def test_same_holder_rules(events, expected):
    got = [(p.controller_name, p.start, p.end, p.status) for p in control_timeline(events)]
    assert got == expected


def test_a_denial_alone_changes_no_control():
    denial = _ctl_event("d1", "2017-11-10", SAA, ISIS)
    denial.type = "REJECT"
    held = _ctl_event("e1", "2017-11-01", ISIS, SAA)
    got = [(p.controller_name, p.start, p.end) for p in control_timeline([held, denial])]
    assert got == [("Islamic State", "2017-11-01", None)]
