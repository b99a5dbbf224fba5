"""English event coding: trigger lexicons applied to spaCy dependency parses (PETRARCH/TABARI style)."""
from __future__ import annotations

import copy
import re

from frontwatch.coding import certainty as cert_mod
from frontwatch.coding.dates import find_dates, nearest, page_anchor
from frontwatch.coding.entities import article_entities, place_ref
from frontwatch.coding.lexicon import Lexicon, Trigger, load_lexicon
from frontwatch.coding.numbers import is_death_word, no_casualties, parse_number, parse_range
from frontwatch.coding.unissued import Tracker
from frontwatch.coding.ontology import acled_for, acled_for_control
from frontwatch.coding.phrases import (
    ArticleState, PlaceSlot, SentenceContext, actors, direct_object, is_placey, relative, same_actor, subject)
from frontwatch.coding.roles import EARLIER_PREPS, Roles, clause_subjects, is_light_verb, noun_roles, verb_roles
from frontwatch.models import ActorRef, Article, Control, EventMention, Sentence
from frontwatch.nlp.pipeline import load, parse_blocks

MATERIAL = frozenset({"ASSAULT", "RETREAT", "COERCE", "MOBILIZE", "AID", "SUPPORT"})
COMMUNICATE = frozenset("warn inform tell say vow threaten announce declare state pledge promise "
                        "notify caution".split())
ANNOUNCE = frozenset("announce decide agree pledge promise declare order plan".split())
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "latter": 2, "former": 1}
NARRATIVE_KINDS = frozenset({"iso", "mdy", "dmy", "weekday", "same", "next", "before", "later", "ago", "yesterday", "today", "last", "this"})
ENDED = frozenset("end halt cessation stop conclusion aftermath".split())
RATE = frozenset("pace rate tempo frequency".split())  # "the pace of air strikes slowed": a trend, not one happening
NO_EVENT_OF = ENDED | RATE  # heads whose "of" complement is no happening of its own
HUMANITARIAN = frozenset("humanitarian relief food medicine medical flour water blanket".split())
EVENT_HEADS = frozenset("incident attack operation campaign raid exchange strike wave".split())
_CONTROL_RANK = {"captured": 3, "lost": 2, "contested": 1}


# ------------------------------------------------------------------ triggers


def _verb_trigger(tok, lex: Lexicon):
    if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
        return []
    lemma = tok.lemma_.lower()
    if lemma not in lex.verbs:
        lemma = _prefixed_lemma(tok.lower_) or lemma
    if tok.dep_ in ("amod", "compound", "npadvmod") and (tok.tag_ == "VBG" or (tok.i > 0 and tok.nbor(-1).text == "-")):
        return []
    if tok.dep_ == "pcomp" and tok.head.lower_ in ("to", "of", "for", "about", "against"):
        return []
    out = []
    for trig in lex.verbs.get(lemma, []):
        ctl = None
        if trig.particle and not any(c.dep_ in ("prt", "prep") and c.lower_ in trig.particle for c in tok.children):
            continue
        if trig.with_noun:
            ctl = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                        and c.lemma_.lower() in trig.with_noun), None)
            if ctl is None:
                continue
        out.append((trig, ctl))
    return out




_PREFIXES = ("re", "over", "out", "counter")


def _prefixed_lemma(word: str) -> str | None:
    """'retook' -> 'retake': irregular verbs behind a prefix, which the lemmatizer's exception table misses."""
    from frontwatch.nlp.pipeline import verb_exceptions

    table = verb_exceptions()
    for p in _PREFIXES:
        rest = word[len(p):].lstrip("-")
        if word.startswith(p) and rest in table:
            return p + table[rest]
    return None


def _noun_trigger(tok, lex: Lexicon):
    gerund = tok.tag_ == "VBG" and tok.dep_ in ("amod", "compound") and tok.head.lemma_.lower() in EVENT_HEADS
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ") and not tok.tag_.startswith("NN") and not gerund:
        return []
    lemma = tok.lower_ if gerund else tok.lemma_.lower()
    if tok.dep_ == "compound" and tok.head.lemma_.lower() not in EVENT_HEADS:
        return []
    if tok.dep_ in ("nsubj", "nsubjpass") and not is_light_verb(tok.head):
        return []
    if tok.pos_ == "ADJ" and tok.dep_ != "amod":
        return []
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in NO_EVENT_OF:
        return []  # "the end of fighting": over; "the pace of shelling": events in aggregate, none of them
    found = lex.nouns.get(lemma, lex.nouns.get(tok.lower_, []))
    if tok.dep_ == "pobj" and tok.head.lower_ in EARLIER_PREPS:  # "since the liberation of Mosul": a time frame
        found = [t for t in found if t.control != "captured"]
    return [(t, "noun") for t in found]


def _mode(trig: Trigger, tok, roles: Roles, lex: Lexicon) -> str | None:
    if roles.object_is_actor and trig.object_actor_mode and not roles.primary:
        return trig.object_actor_mode
    if trig.type == "AID" and trig.mode == "military":  # "delivered humanitarian aid / food to ..."
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and any(t.lemma_.lower() in HUMANITARIAN for t in obj.subtree):
            return "humanitarian"
    if trig.type != "ASSAULT" or trig.control:
        return trig.mode
    anchor = tok.head if tok.dep_ == "compound" else tok
    words = [tok.lemma_.lower()] + [t.lemma_.lower() for c in anchor.children
                                    if c.dep_ in ("compound", "amod", "nmod", "prep", "dobj", "agent", "npadvmod")
                                    for t in c.subtree]
    if trig.mode not in ("firearms", "explosives"):
        return trig.mode
    verb = anchor
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subj is not None:
        words += [t.lemma_.lower() for t in subj.subtree]
    for w in words:
        found = lex.instruments.get(w)
        if found and (trig.mode == "firearms" or found in ("aerial", "drone", "suicide-attack")):
            return found
    return trig.mode


def _communicator(tok):
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.lemma_ in COMMUNICATE or t.lemma_ in ANNOUNCE:
            return t
    return None


# ------------------------------------------------------------------ events


ARMED_KINDS = frozenset({"state military", "state security", "militia", "rebel group", "jihadist group", ""})


def _kind(actor: ActorRef) -> str:
    """The knowledge base's kind of an actor ('state military', 'government', ...); '' if unknown."""
    if actor.id is None:
        return ""
    try:
        from frontwatch.kb.actors import default_kb
        return (default_kb().get(actor.id).kind or "").lower()
    except (ImportError, KeyError):
        return ""


def _gainer_is_state(actor: ActorRef | None) -> bool | None:
    """Whether the party gaining a place is a state force (for ACLED's territory sub-events)."""
    kind = _kind(actor) if actor is not None else ""
    return any(k in kind for k in ("state", "gov", "army", "military", "police")) if kind else None


def _reframe(sent, tok, etype: str, mode, roles: Roles, c, state: ArticleState):
    """A future act announced by its author is an act of its own: force -> THREATEN, withdrawal -> CONCEDE."""
    comm = _communicator(tok) if c.certainty == "hypothetical" else None
    if comm is None:
        return etype, mode, c, ""
    if etype in ("ASSAULT", "COERCE") and "modal" in c.why:
        comm_subj = relative(subject(comm))
        if comm_subj is not None:
            roles.actors = actors(sent, comm_subj, state.lex) or roles.actors
        return "THREATEN", "violence", cert_mod.classify(comm), f"; future force announced by '{comm.text}' -> THREATEN"
    if etype == "RETREAT" and comm.lemma_ in ANNOUNCE:
        return "CONCEDE", mode, cert_mod.classify(comm), f"; future withdrawal announced by '{comm.text}' -> CONCEDE"
    return etype, mode, c, ""


def _complete(trig: Trigger, etype: str, roles: Roles) -> bool:
    """Whether the roles found are enough for this trigger (its `requires`, dyadic and material rules)."""
    if trig.requires == "place" and not roles.primary and not roles.located:
        return False
    if trig.requires == "target" and not roles.targets:
        return False
    if trig.requires == "place_or_target" and not (roles.primary or roles.located or roles.targets):
        return False
    known = [a for a in roles.actors if a.id]
    if trig.dyadic and not (known and (any(t.id for t in roles.targets) or len(known) > 1)):
        return False
    if trig.political and all(_kind(a) in ARMED_KINDS for a in roles.actors + roles.targets):
        return False
    return not (etype in MATERIAL and not (roles.actors or roles.targets or roles.primary or roles.located))


def _events_for(sent: SentenceContext, tok, trig: Trigger, ctl, state: ArticleState) -> list[EventMention]:
    """The event mentions one trigger token yields: one per place of a coordinated object."""
    is_noun = ctl == "noun"
    ctl = None if is_noun else ctl
    roles = noun_roles(sent, trig, tok, state) if is_noun else verb_roles(sent, trig, tok, ctl, state)
    if roles is None:
        return []
    c = cert_mod.classify(tok, nominal=is_noun)
    etype, mode, c, why = _reframe(sent, tok, trig.type, _mode(trig, tok, roles, state.lex), roles, c, state)
    rule = f"{trig.id} ({trig.where}) on '{tok.text}'{why}" + (f"; {c.why}" if c.why else "")
    converted = etype != trig.type
    if converted:
        if not roles.actors:
            return []
    else:
        if not is_noun and (_generic_object(sent, trig, tok, ctl, roles, state.lex)
                            or _other_party_left(sent, trig, tok, ctl, roles, state.lex)):
            return []
        if trig.dyadic and not roles.targets:
            roles.targets = clause_subjects(sent, tok, state.lex)
        if not _complete(trig, etype, roles):
            return []
    # the place must be what is taken or entered; only fighting 'in' a place contests it
    controls = bool(roles.primary) or bool(trig.with_noun) or (
        trig.control == "contested" and trig.object in ("target", "none"))
    return [_mention(sent, state, tok, etype, mode, roles, pl, trig, c, rule, converted or not controls)
            for pl in roles.primary or _most_specific(roles.located) or [None]]


_PRECISION = {"point": 3, "district": 2, "region": 1, "country": 0}


def _most_specific(located: list[PlaceSlot]) -> list[PlaceSlot]:
    """Of the places where something happened, the most precise one (first on ties)."""
    if not located:
        return []
    return [max(located, key=lambda p: _PRECISION.get(p.ref.precision or "point", 3) - 0.001 * located.index(p))]


def _generic_object(sent, trig, tok, ctl, roles: Roles, lex: Lexicon) -> bool:
    """'lost all cities', 'captured areas': a place noun with no name is no particular place."""
    if trig.object not in ("place", "place_or_target") or roles.primary or roles.targets:
        return False
    obj = None if ctl is not None else direct_object(tok)
    if obj is None or obj.lemma_.lower() not in lex.place_nouns:
        return False
    quant = any(c.lower_ in ("all", "every", "any", "some", "many", "several") for c in obj.children)
    return quant or (obj.tag_ == "NNS" and not roles.located)


def _other_party_left(sent, trig, tok, ctl, roles: Roles, lex: Lexicon) -> bool:
    """'..., leaving the Islamic State without a town': a place verb whose object is another party
    (not the actor's own troops) and no place at all says nothing about leaving a place."""
    if trig.object != "place" or ctl is not None or roles.primary or roles.located:
        return False
    obj = direct_object(tok)
    if obj is None or is_placey(sent, obj, lex) is not False or any(c.dep_ == "poss" for c in obj.children):
        return False
    others = [o for o in actors(sent, obj, lex) if o.id]
    return bool(others) and not any(same_actor(o, a) for o in others for a in roles.actors)


CIVILIAN_WORDS = frozenset("civilian civilians people residents villagers children women families worker workers "
                           "farmers shepherds passers-by".split())


def _against_civilians(targets: list[ActorRef]) -> bool:
    """Every target is civilians ('12 civilians', 'residents'), not an armed party."""
    def civil(t: ActorRef) -> bool:
        words = set((t.text or t.name or "").lower().split())
        return _kind(t) == "civilians" or bool(words & CIVILIAN_WORDS)
    return bool(targets) and all(civil(t) for t in targets)


def _mention(sent, state, tok, etype, mode, roles, pl, trig, c, rule, converted) -> EventMention:
    a_type, a_sub = acled_for(etype, mode)
    control = None
    if trig.control and not converted and pl is not None and pl.explicit and c.certainty != "hypothetical":
        gained = roles.actors[0] if roles.actors and trig.control != "lost" else None
        lost = (roles.lost_by[0] if roles.lost_by else (roles.actors[0] if trig.control == "lost" and roles.actors
                                                         else (roles.targets[0] if roles.targets else None)))
        if trig.transfer:
            gained = roles.targets[0] if roles.targets else None
            lost = roles.actors[0] if roles.actors else None
        control = Control(gained_by=gained, lost_by=lost, status=trig.control)
        refined = acled_for_control(trig.control, _gainer_is_state(gained), fought=not trig.transfer)
        if refined:
            a_type, a_sub = refined
    s = sent.span
    start, end = sent.base + s.start_char, sent.base + s.end_char
    actors = list(roles.actors)
    targets = [t for t in roles.targets if not any(same_actor(t, a) for a in actors)]
    return EventMention(
        article_id=state.article.article_id, sentence_index=sent.index, start=start, end=end,
        text=state.article.text[start:end], type=etype, mode=mode, acled_event_type=a_type,
        acled_sub_event_type=a_sub, actors=actors, targets=targets, associated=list(roles.associated),
        place=pl.ref if pl is not None else None, control=control, certainty=c.certainty,
        claimed_by=c.claimed_by, language="en", rule=rule + f" @{tok.idx}")


def _merge_in_sentence(events: list[EventMention]) -> list[EventMention]:
    """One sentence, one happening per type and place: nominal echoes fold into the main event."""
    out: list[EventMention] = []
    for ev in events:
        host = next((o for o in out if o.type == ev.type and o.certainty == ev.certainty
                     and (ev.place is None or o.place is None or o.place.name == ev.place.name)
                     and (ev.place is None or o.place is not None or len([x for x in out if x.type == ev.type]) == 1)
                     and _overlap(o, ev)), None)
        if host is None:
            out.append(ev)
            continue
        if host.place is None and ev.place is not None:
            host.place = ev.place
        if ev.control and (host.control is None
                           or _CONTROL_RANK[ev.control.status] > _CONTROL_RANK[host.control.status]):
            host.control, host.acled_event_type, host.acled_sub_event_type = (
                ev.control, ev.acled_event_type, ev.acled_sub_event_type)
        for field_ in ("actors", "targets", "associated"):
            have = getattr(host, field_)
            for r in getattr(ev, field_):
                if not any(same_actor(r, h) for h in have + (host.actors if field_ == "targets" else [])):
                    have.append(r)
        host.rule = f"{host.rule} + {ev.rule}"
    return out


def _overlap(a: EventMention, b: EventMention) -> bool:
    if not a.actors or not b.actors:
        return True
    return any(same_actor(x, y) for x in a.actors for y in b.actors + b.targets)


# ------------------------------------------------------------------ fatalities and dates


def _fatalities(span) -> tuple[int, str] | None:
    """(number killed, its words) in a sentence: 'killing 50 militants', '10-15 were killed', 'no casualties'."""
    for tok in span:
        lemma = tok.lemma_.lower()
        if not is_death_word(lemma) or lemma.startswith(("wound", "injur")):
            continue
        holders = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")] + [tok]
        for h in holders:
            num = next((c for c in h.children if c.dep_ == "nummod" or c.like_num), None)
            if num is None:
                continue
            phrase = "".join(t.text_with_ws for t in num.subtree).strip()
            rng = parse_range(phrase)
            if rng:
                return rng[0], phrase
            n = parse_number(num.text) if num.like_num or num.lower_.isalpha() else None
            if n is not None:
                return n, phrase
    none = no_casualties(span.text)
    return (0, none) if none else None


def _date_for(sent: SentenceContext, tok, state: ArticleState) -> tuple[str | None, str | None]:
    exprs = _date_exprs(sent, state)
    lo, hi = _clause_range(tok)
    s0 = sent.span.start_char
    inside = [x for x in exprs if lo - s0 <= x.start and x.end <= hi - s0]
    e = nearest(inside or exprs, tok.idx - s0)
    if e is not None:
        return e.date, e.precision
    if state.last_date:
        return state.last_date
    if state.article.published:
        return state.article.published, "week"
    return None, None


def _clause_range(tok) -> tuple[int, int]:
    """Characters of the trigger's own clause: its subtree without coordinated clauses."""
    toks = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
            continue
        toks.extend(c.subtree)
    return min(t.idx for t in toks), max(t.idx + len(t) for t in toks)


def _date_exprs(sent: SentenceContext, state: ArticleState):
    """The sentence's date expressions, resolved once against the article date and the last event date."""
    if sent.dates is None:
        sent.dates = find_dates(sent.span.text, state.article.published, year_anchor=state.year_anchor,
                                previous=state.last_date)
    return sent.dates


# ------------------------------------------------------------------ sentences and articles


def code_sentence_span(sent: SentenceContext, state: ArticleState) -> list[EventMention]:
    """All event mentions of one parsed sentence, with roles, certainty, date and toll."""
    found = []
    for tok in sent.span:
        for trig, ctl in _verb_trigger(tok, state.lex) + _noun_trigger(tok, state.lex):
            evs = _events_for(sent, tok, trig, ctl, state)
            if evs:
                for ev in evs:
                    ev.date, ev.date_precision = _date_for(sent, tok, state)
                sent.events.extend(evs)
                found.extend(evs)
                break
    events = _merge_in_sentence(found)
    _resolve_sources(events, state)
    for ev in events:
        if ev.type == "ASSAULT" and ev.mode in ("firearms", "targeted", "primitive") and ev.control is None \
                and _against_civilians(ev.targets):
            ev.acled_event_type, ev.acled_sub_event_type = "Violence against civilians", "Attack"
    _apply_toll(sent, state, events)
    return events


def _apply_toll(sent: SentenceContext, state: ArticleState, events: list[EventMention]) -> None:
    """A count of dead goes to the sentence's first assault; 'no casualties' also to the last few ones."""
    toll = _fatalities(sent.span)
    if not toll:
        return
    target = [e for e in events if e.type == "ASSAULT"] or (
        [e for e in state.events if e.sentence_index >= sent.index - 3 and e.type == "ASSAULT"]
        if toll[0] == 0 else [])
    for e in target[:1] if toll[0] else target:
        if e.fatalities is None:
            e.fatalities, e.fatalities_text = toll


SOURCE_PRONOUNS = frozenset("they he she it we".split())


def _resolve_sources(events: list[EventMention], state: ArticleState) -> None:
    """'They claimed that ...': the source is the one named just before (same or previous sentences)."""
    for ev in events:
        if ev.claimed_by and ev.claimed_by.lower() in SOURCE_PRONOUNS:
            prev = next((e.claimed_by for e in reversed(state.events) if e.claimed_by
                         and e.claimed_by.lower() not in SOURCE_PRONOUNS and ev.sentence_index - e.sentence_index <= 2),
                        None)
            ev.claimed_by = prev


def _enumerated(sent: SentenceContext, state: ArticleState) -> list[EventMention]:
    """'The first took place on November 18. The second ...': dates for incidents counted earlier."""
    subj = next((t for t in sent.span if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in ORDINALS), None)
    if subj is None or not state.events:
        return []
    exprs = [e for e in _date_exprs(sent, state) if e.date]
    if not exprs:
        return []
    prior = [e for e in state.events if e.sentence_index == state.event_sentence]
    if not prior:
        return []
    n = ORDINALS[subj.lower_]
    if n == 1:
        for e in prior:
            e.date, e.date_precision = exprs[0].date, exprs[0].precision
            e.rule = f"{e.rule}; dated by enumeration ('{subj.text}')"
        return []
    clone = copy.deepcopy(prior[0])
    clone.date, clone.date_precision = exprs[0].date, exprs[0].precision
    clone.sentence_index = sent.index  # provenance: the sentence that tells this incident apart
    clone.start, clone.end = sent.base + sent.span.start_char, sent.base + sent.span.end_char
    clone.text = state.article.text[clone.start:clone.end]
    clone.rule = f"{clone.rule}; incident '{subj.text}' of an enumeration"
    return [clone]


def _remember(sent: SentenceContext, state: ArticleState, events: list[EventMention]) -> None:
    """Carry forward what later sentences may point back to: places named, and the narrative's date."""
    for p in sent.ents.places_in(sent.base + sent.span.start_char, sent.base + sent.span.end_char):
        if not any(m.start <= p.start < m.end for m in sent.ents.actors):
            state.places.append(place_ref(p))
    for e in events:
        if e.place is not None and e.place not in state.places:
            state.places.append(e.place)
    dated = [e for e in _date_exprs(sent, state) if e.date and e.kind in NARRATIVE_KINDS]
    if events and any(e.date for e in events):
        last = events[-1]
        state.last_date = (last.date, last.date_precision) if last.date else state.last_date
    elif dated:
        state.last_date = (dated[-1].date, dated[-1].precision)


def _refers_back(span, lex: Lexicon) -> bool:
    """A definite event noun ('the clashes', 'this attack') continues the scene of the last paragraph."""
    return any(t.lemma_.lower() in lex.nouns and any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that")
                                                     for c in t.children) for t in span)


def _fallback_place(events: list[EventMention], state: ArticleState, index: int, span) -> None:
    """A material event with no place of its own happened where the previous one did (same passage)."""
    prev = next((e for e in reversed(state.events) if e.place is not None and index - e.sentence_index <= 2
                 and e.certainty != "hypothetical"), None)
    if prev is not None and events and "\n" in state.article.text[prev.end:events[0].start] \
            and not _refers_back(span, state.lex):
        prev = None  # a new paragraph starts a new scene unless it points back ("during the clashes")
    for e in events:
        if e.place is None and e.type in MATERIAL and prev is not None and e.certainty != "hypothetical":
            e.place = prev.place
            e.rule = f"{e.rule}; place carried from sentence {prev.sentence_index}"


def _parsed_sentences(article: Article, sentences: list[Sentence] | None, nlp):
    if sentences is None:
        i = 0
        for base, doc in parse_blocks(article.text, nlp):
            for s in doc.sents:
                if s.text.strip():
                    yield i, base, s
                    i += 1
        return
    blocks = parse_blocks(article.text, nlp)
    for s in sentences:
        span = _span_in_blocks(blocks, s)
        if span is None:  # a sentence across blocks (another splitter): parse it on its own
            yield s.index, s.start, nlp(s.text)[:]
        else:
            yield s.index, span[0], span[1]


def _span_in_blocks(blocks, s: Sentence):
    """The parsed span of sentence `s` inside the block parse of its article, if it lies in one block."""
    for base, doc in blocks:
        if base <= s.start and s.end <= base + len(doc.text):
            span = doc.char_span(s.start - base, s.end - base, alignment_mode="expand")
            return (base, span) if span is not None and len(span) else None
    return None


def _trigger_at(ev: EventMention, s0: int) -> int | None:
    """The trigger's offset in its sentence, from the '@N' (document offset) its rule ends with."""
    m = re.search(r"@(\d+)$", ev.rule or "")
    return int(m.group(1)) - s0 if m else None


def code_english_article(article: Article, sentences: list[Sentence] | None = None, *,
                         page_articles: list[Article] | None = None, nlp=None,
                         use_kb: bool = True) -> list[EventMention]:
    """Event mentions of one English article, sentence by sentence, with discourse state carried over."""
    nlp = nlp or load()
    state = ArticleState(article, load_lexicon(), article_entities(article, use_kb=use_kb),
                   page_anchor(article, page_articles))
    title = (article.title or "").strip().lower()
    quotes = Tracker("en")
    for index, base, span in _parsed_sentences(article, sentences, nlp):
        if title and span.text.strip().lower() == title:
            continue
        sent = SentenceContext(index, span, base, state.ents)
        events = _enumerated(sent, state)
        events += code_sentence_span(sent, state)
        quotes.apply(index, span.text, events, lambda ev, s0=span.start_char: _trigger_at(ev, s0))
        _fallback_place(events, state, index, span)
        _remember(sent, state, events)
        if events:
            state.event_sentence = index
        state.events.extend(events)
    return state.events


def code_english_sentence(text: str, *, date: str | None = None, nlp=None, use_kb: bool = True
                          ) -> list[EventMention]:
    """Event mentions of one sentence (or short passage), dated relative to `date` when given."""
    art = Article(article_id="sentence", document="", index=0, text=text, published=date, language="en")
    return code_english_article(art, nlp=nlp, use_kb=use_kb)


__all__ = ["code_english_article", "code_english_sentence"]
