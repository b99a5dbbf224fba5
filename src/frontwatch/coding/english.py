"""English event coding: trigger lexicons applied to spaCy dependency parses (PETRARCH/TABARI style)."""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from frontwatch.coding import certainty as cert_mod
from frontwatch.coding.dates import find_dates, nearest
from frontwatch.coding.entities import Entities, actor_ref, article_entities, place_ref
from frontwatch.coding.lexicon import Lexicon, Trigger, load_lexicon
from frontwatch.coding.numbers import is_death_word, no_casualties, parse_number, parse_range
from frontwatch.coding.ontology import acled_for, acled_for_control
from frontwatch.models import ActorRef, Article, Control, EventMention, PlaceRef, Sentence
from frontwatch.nlp.pipeline import load, parse_blocks

MATERIAL = frozenset({"ASSAULT", "RETREAT", "COERCE", "MOBILIZE", "AID", "SUPPORT"})
LIGHT_VERBS = frozenset("continue erupt break rage take occur intensify resume escalate ensue flare".split())
LAUNCH_VERBS = frozenset("launch carry conduct stage mount wage unleash begin start lead".split())
COMMUNICATE = frozenset("warn inform tell say vow threaten announce declare state pledge promise "
                        "notify caution".split())
ANNOUNCE = frozenset("announce decide agree pledge promise declare order plan".split())
ASSOCIATE = frozenset("support back assist aid cover help".split())
ALONG = frozenset({"along", "together", "alongside"})
PLACE_PREPS = {"in": "place", "at": "place", "near": "place", "inside": "place", "around": "place",
               "outside": "place", "within": "place"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "latter": 2, "former": 1}
NARRATIVE_KINDS = frozenset({"iso", "mdy", "dmy", "weekday", "same", "ago", "yesterday", "today", "last", "this"})
EVENT_HEADS = frozenset("incident attack operation campaign raid exchange strike wave".split())
_CONTROL_RANK = {"captured": 3, "lost": 2, "contested": 1}


@dataclass
class _Place:
    ref: PlaceRef
    explicit: bool  # named in this sentence (not an anaphor to an earlier one)


@dataclass
class _Sent:
    """One sentence being coded: its parse, its offset in the article, and the article's entities."""

    index: int
    span: object  # spaCy Span
    base: int  # article offset of the Doc's character 0
    ents: Entities
    events: list[EventMention] = field(default_factory=list)

    def abs(self, tok) -> tuple[int, int]:
        return self.base + tok.idx, self.base + tok.idx + len(tok)


@dataclass
class _State:
    """What coding one article remembers from sentence to sentence."""

    article: Article
    lex: Lexicon
    ents: Entities
    year_anchor: str | None
    events: list[EventMention] = field(default_factory=list)
    last_date: tuple[str, str] | None = None
    places: list[PlaceRef] = field(default_factory=list)  # places named so far, in order
    event_sentence: int = -1


# ------------------------------------------------------------------ phrases


def _span_tokens(tok, keep_of: bool = True) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("conj", "cc", "appos", "relcl", "acl", "punct", "advmod", "prep", "advcl"):
            if not (keep_of and c.dep_ == "prep" and c.lower_ == "of"):
                continue
        out.extend(c.subtree)
    return sorted(out, key=lambda t: t.i)


def _text(toks) -> str:
    toks = [t for t in toks if t.dep_ != "det" and t.pos_ != "PUNCT" or t.text in "-'’"]
    s = "".join(t.text_with_ws for t in toks).strip()
    return s.replace(" - ", "-").strip(" ,–-")


def _in_parens(tok) -> bool:
    first = min(t.i for t in tok.subtree)
    return first > 0 and tok.doc[first - 1].text == "("


def _members(tok, actors: bool) -> list:
    """A phrase's coordinated members: conjuncts, and list-like appositions ("X, Y and Z")."""
    out = []
    for c in sorted([tok, *tok.conjuncts], key=lambda t: t.i):
        out.append(c)
        if not actors:
            continue
        for p in c.children:
            if p.dep_ == "prep" and p.lower_ in ALONG:
                inner = next((g for g in p.children if g.dep_ == "prep" and g.lower_ == "with"), p)
                obj = _pobj(inner)
                if obj is not None:
                    out.extend(_members(obj, actors=True))
        for a in c.children:
            if a.dep_ != "appos":
                continue
            listy = bool(a.conjuncts) or (a.pos_ == "PROPN" and not _in_parens(a))
            if listy and not (_in_parens(a) and not a.conjuncts):
                out.extend(sorted([a, *a.conjuncts], key=lambda t: t.i))
    seen, uniq = set(), []
    for t in out:
        if t.i not in seen:
            seen.add(t.i)
            uniq.append(t)
    return uniq


def _sponsor_ranges(sent: _Sent, tok) -> list[tuple[int, int]]:
    """Character ranges of sponsor modifiers ("Iranian-backed", "US-led"), not the actor itself."""
    out = []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "npadvmod") and (c.tag_ == "VBN" or c.lemma_ in ASSOCIATE):
            toks = list(c.subtree)
            out.append((sent.base + toks[0].idx, sent.base + toks[-1].idx + len(toks[-1])))
    return out


def _actor_of(sent: _Sent, tok, lex: Lexicon) -> ActorRef | None:
    if tok.pos_ == "PRON" or tok.tag_ in ("WDT", "WP"):
        return None
    toks = _span_tokens(tok)
    a, b = sent.base + toks[0].idx, sent.base + toks[-1].idx + len(toks[-1])
    skip = _sponsor_ranges(sent, tok)
    h0, h1 = sent.abs(tok)
    matches = [m for m in sent.ents.actors if (a <= m.start and m.end <= b) or (m.start <= h0 and h1 <= m.end)]
    matches = [m for m in matches if not any(s <= m.start < e for s, e in skip)]
    if matches:
        best = next((m for m in matches if m.start <= h0 and h1 <= m.end), None)
        return actor_ref(best or matches[0])
    if sent.ents.places_in(h0, h1) and tok.lemma_.lower() not in lex.actor_nouns:
        return None
    if tok.lemma_.lower() in lex.actor_nouns or tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "NORP", "PERSON"):
        name = _text([t for t in toks if not any(s <= sent.base + t.idx < e for s, e in skip)])
        return ActorRef(id=None, name=name, text=name) if name else None
    return None


_QUANTITY = frozenset("dozen hundred thousand score number group handful couple lot".split())


def _actors(sent: _Sent, tok, lex: Lexicon) -> list[ActorRef]:
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and (tok.like_num or tok.lemma_.lower() in _QUANTITY) and _pobj(of) is not None:
        tok = _pobj(of)
    out = []
    for m in _members(tok, actors=True):
        ref = _actor_of(sent, m, lex)
        if ref is not None and all(_same_actor(ref, r) is False for r in out):
            out.append(ref)
    return out


def _same_actor(a: ActorRef, b: ActorRef) -> bool:
    return (a.id is not None and a.id == b.id) or (a.id is None and b.id is None and a.name == b.name)


def _is_placey(sent: _Sent, tok, lex: Lexicon) -> bool | None:
    """True: a place; False: people/actors; None: neither."""
    h0, h1 = sent.abs(tok)
    lemma = tok.lemma_.lower()
    if any(m.start <= h0 and h1 <= m.end for m in sent.ents.actors) and lemma not in lex.place_nouns:
        return False
    if any(p.start <= h0 and h1 <= p.end for p in sent.ents.places) or lemma in lex.place_nouns:
        return True
    if lemma in lex.actor_nouns or tok.ent_type_ in ("NORP", "PERSON"):
        return False
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ == "PRON" and tok.lower_ in ("them", "it", "there", "they"):
        return True
    return None


def _places(sent: _Sent, tok, state: _State, named: bool = False) -> list[_Place]:
    out: list[_Place] = []
    for m in _members(tok, actors=False):
        if m.i != tok.i and _is_placey(sent, m, state.lex) is False:
            continue
        out.extend(_place_of(sent, m, state, named))
    return out


def _place_of(sent: _Sent, tok, state: _State, named: bool = False) -> list[_Place]:
    """`named`: the phrase follows a place noun ('the town of X'), so a proper name is a place."""
    lex = state.lex
    lemma = tok.lemma_.lower()
    if lemma in lex.place_nouns:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "between")), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and (_is_placey(sent, pobj, lex) is not False or pobj.pos_ == "PROPN"):
            found = _places(sent, pobj, state, named=True)
            if found:
                return found[:1] if of.lower_ == "between" else found
    toks = _span_tokens(tok, keep_of=False)
    a, b = sent.base + toks[0].idx, sent.base + toks[-1].idx + len(toks[-1])
    res = sent.ents.places_in(a, b)
    if res:
        h0, _ = sent.abs(tok)
        best = next((r for r in res if r.start <= h0 < r.end), res[-1])
        return [_Place(place_ref(best), True)]
    if tok.pos_ == "PRON":
        earlier = [e.place for e in sent.events if e.place is not None]
        seen, uniq = set(), []
        for p in earlier:
            if p.name not in seen:
                seen.add(p.name)
                uniq.append(_Place(p, True))
        return uniq
    if any(t.pos_ == "PROPN" for t in toks) and (named or tok.ent_type_ not in ("ORG", "NORP", "PERSON", "DATE")):
        name = _text([t for t in toks if t.pos_ in ("PROPN", "NOUN", "PUNCT", "ADJ") or t.dep_ == "compound"])
        return [_Place(PlaceRef(id=None, name=name, located=False, text=name), True)] if name else []
    if any(t.pos_ == "PROPN" for t in toks) and tok.pos_ == "PROPN" and tok.ent_type_ == "ORG" \
            and not sent.ents.actors_in(a, b):
        name = _text(toks)
        return [_Place(PlaceRef(id=None, name=name, located=False, text=name), True)]
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if lemma in lex.anaphoric_place and tok.tag_ == "NN" and det is not None and det.lower_ in ("the", "this", "that"):
        if state.places:
            return [_Place(state.places[-1], False)]
    return []


# ------------------------------------------------------------------ roles


def _pobj(prep):
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _subject(tok):
    """The token that acts: the subject, the passive agent, or the subject of the governing clause."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - tok.i))
    for c in tok.children:
        if c.dep_ == "agent":
            return _pobj(c)
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None
    if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
        return _subject(tok.head)
    if tok.dep_ == "amod":
        noun = tok.head
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        return _subject(noun.head) if noun.dep_ in ("dobj", "pobj") else None
    if tok.dep_ in ("acl", "relcl"):
        head = tok.head
        if head.dep_ == "dobj" and head.lemma_.lower() not in _LEX_ACTOR_NOUNS() and head.pos_ != "PROPN":
            return _subject(head.head)
        return head
    return None


def _LEX_ACTOR_NOUNS():
    return load_lexicon().actor_nouns


def _relative(subj):
    if subj is not None and subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
        return subj.head.head
    return subj


def _object(tok):
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    if tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    return None


def _plural_pronoun(tok) -> bool:
    """'they', 'them', or a part of them ('some of them', 'most of them')."""
    if tok.lower_ in ("they", "them"):
        return True
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and _pobj(of) is not None and _pobj(of).lower_ == "them"


def _preps(anchors) -> list:
    out = []
    for a in anchors:
        for c in a.children:
            if c.dep_ in ("prep", "dative"):
                out.append(c)
                if c.lower_ in ALONG or c.lower_ in ("out", "back", "away"):
                    out.extend(g for g in c.children if g.dep_ == "prep")
            elif c.dep_ == "agent":
                out.append(c)
    return out


_SUPPORT_NOUNS = frozenset("support backing cover help assistance aid".split())


def _associated(sent: _Sent, anchors, lex: Lexicon) -> list[ActorRef]:
    """Parties helping the actors: 'backed by Russian jets', 'with the support of Turkish artillery'."""
    out = []
    for a in anchors:
        for c in a.children:
            if c.dep_ == "prep" and c.lower_ == "with" and _pobj(c) is not None \
                    and _pobj(c).lemma_.lower() in _SUPPORT_NOUNS:
                of = next((g for g in _pobj(c).children if g.dep_ == "prep" and g.lower_ in ("of", "from")), None)
                if of is not None and _pobj(of) is not None:
                    out.extend(_actors(sent, _pobj(of), lex))
            if c.dep_ in ("acl", "advcl") and c.lemma_ in ASSOCIATE:
                agent = next((g for g in c.children if g.dep_ == "agent"), None)
                if agent is not None and _pobj(agent) is not None:
                    out.extend(_actors(sent, _pobj(agent), lex))
    return out


@dataclass
class _Roles:
    actors: list[ActorRef] = field(default_factory=list)
    targets: list[ActorRef] = field(default_factory=list)
    lost_by: list[ActorRef] = field(default_factory=list)
    associated: list[ActorRef] = field(default_factory=list)
    primary: list[_Place] = field(default_factory=list)  # object places: one event each
    located: list[_Place] = field(default_factory=list)  # where it happened ("in X")
    object_is_actor: bool = False


def _fill(sent: _Sent, trig: Trigger, role: str, tok, roles: _Roles, state: _State, primary: bool) -> None:
    if tok is None or role == "none":
        return
    lex = state.lex
    if role in ("source", "place_or_target"):
        placey = _is_placey(sent, tok, lex)
        if placey is None:
            return
        role = "place" if placey else ("lost_by" if role == "source" else "target")
    if role == "place":
        found = _places(sent, tok, state)
        if not found:
            found = [_Place(place_ref(r), True) for r in sent.ents.places_in(*sent.abs(tok))]
        (roles.primary if primary else roles.located).extend(found)
    elif role == "target":
        roles.targets.extend(_actors(sent, tok, lex))
    elif role == "lost_by":
        found = _actors(sent, tok, lex)
        roles.lost_by.extend(found)
        roles.targets.extend(found)
    elif role in ("actor", "partner"):
        found = _actors(sent, tok, lex)
        if role == "partner":
            roles.targets.extend(found)
        elif not roles.actors and found:
            roles.actors.append(found[0])
            roles.targets.extend(found[1:])
        else:
            roles.actors.extend(found)


def _verb_roles(sent: _Sent, trig: Trigger, tok, ctl, state: _State) -> _Roles:
    lex = state.lex
    roles = _Roles()
    subj = _relative(_subject(tok))
    if subj is not None and subj.pos_ != "PRON":
        roles.actors = _actors(sent, subj, lex)
        roles.associated = _associated(sent, [subj, tok], lex)
    elif subj is not None and _plural_pronoun(subj):
        prev = next((e for e in reversed(state.events) if e.actors and e.sentence_index >= sent.index - 1), None)
        if prev is not None:
            roles.actors = list(prev.actors)
    obj = None if ctl is not None else _object(tok)
    if obj is not None and trig.object != "none":
        if trig.object == "place_or_target" and _is_placey(sent, obj, lex) is False:
            roles.object_is_actor = True
        _fill(sent, trig, trig.object, obj, roles, state, primary=True)
    anchors = [tok] + ([ctl] if ctl is not None else []) + ([tok.head] if tok.dep_ == "amod" else [])
    _prep_roles(sent, trig, anchors, roles, state)
    if not roles.located and tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
        _prep_roles(sent, trig, [tok.head], roles, state, only_place=True)
    if not roles.located and not roles.primary:
        _nested_places(sent, trig, _of_chain(obj), [tok], roles, state)
    if trig.dyadic and not roles.located and not roles.primary:
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if comps:
            found = _Roles()
            _prep_roles(sent, trig, comps, found, state, only_place=True, source=True)
            roles.located = found.primary + found.located
    return roles


def _prep_roles(sent: _Sent, trig: Trigger, anchors, roles: _Roles, state: _State, only_place=False,
                source=False, plain=False) -> None:
    for p in _preps(anchors):
        word = p.lower_
        if p.dep_ == "agent":
            continue
        if p.head.lower_ in ALONG:
            roles.actors.extend(_actors(sent, _pobj(p), state.lex) if _pobj(p) is not None else [])
            continue
        role = PLACE_PREPS.get(word) if plain else (trig.preps.get(word) or PLACE_PREPS.get(word))
        if source:
            role = PLACE_PREPS.get(word) or ("source" if word == "from" else None)
            obj = _pobj(p)
            if role == "source" and obj is not None and (
                    _is_placey(sent, obj, state.lex) or sent.ents.places_in(*sent.abs(obj))):
                role = "place"
        if role is None or (only_place and role != "place"):
            continue
        primary = role == "place" and word not in PLACE_PREPS
        _fill(sent, trig, role, _pobj(p), roles, state, primary=primary)


def _noun_roles(sent: _Sent, trig: Trigger, tok, state: _State) -> _Roles:
    lex = state.lex
    anchor = tok.head if tok.dep_ in ("compound", "amod") else tok
    roles = _Roles()
    anchors = [anchor]
    head = anchor.head
    if anchor.dep_ == "nsubj" and _light(head):
        anchors.append(head)
    _prep_roles(sent, trig, anchors, roles, state)
    if not roles.actors:
        poss = next((c for c in anchor.children if c.dep_ == "poss"), None)
        by = next((p for p in _preps([anchor]) if p.lower_ == "by"), None)
        if poss is not None:
            roles.actors = _actors(sent, poss, lex)
        elif by is not None and _pobj(by) is not None:
            roles.actors = _actors(sent, _pobj(by), lex)
        else:
            mods = [c for c in anchor.children if c.dep_ in ("amod", "compound", "nmod") and c.i != tok.i]
            for m in mods:
                roles.actors.extend(_actors(sent, m, lex))
    for acl in (c for c in anchor.children if c.dep_ == "acl"):
        agent = next((g for g in acl.children if g.dep_ == "agent"), None)
        if agent is not None and _pobj(agent) is not None and not roles.actors:
            roles.actors = _actors(sent, _pobj(agent), lex)
        _prep_roles(sent, trig, [acl], roles, state)
    if not roles.located and not roles.primary:
        _nested_places(sent, trig, [], anchors, roles, state)
    roles.associated = _associated(sent, anchors + ([anchor.head] if anchor.dep_ in ("dobj", "pobj") else []), lex)
    own = bool(roles.actors or roles.targets or roles.primary or roles.located)
    verb = anchor.head
    instrument = anchor.dep_ == "pobj" and verb.lower_ == "with" or (
        anchor.dep_ == "dobj" and verb.lemma_ in LAUNCH_VERBS)
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if not own and not instrument:
        return None
    if not roles.actors and verb.pos_ in ("VERB", "AUX") and anchor.dep_ != "nsubj":
        subj = _relative(_subject(verb))
        if subj is not None and subj.pos_ != "PRON":
            roles.actors = _actors(sent, subj, lex)
        if instrument and not roles.targets:
            for c in verb.children:
                if c.dep_ == "dobj" and c.i != anchor.i:
                    roles.targets.extend(_actors(sent, c, lex))
                if c.dep_ == "prep" and c.lower_ in ("to", "against", "on") and _pobj(c) is not None:
                    roles.targets.extend(_actors(sent, _pobj(c), lex))
    return roles


# ------------------------------------------------------------------ triggers


def _verb_trigger(tok, lex: Lexicon):
    if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
        return []
    lemma = tok.lemma_.lower()
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


def _light(verb) -> bool:
    """Verbs that only say an event happened ('clashes erupted', 'fighting raged')."""
    return verb.lemma_ in LIGHT_VERBS or verb.lower_.startswith(tuple(LIGHT_VERBS))


def _noun_trigger(tok, lex: Lexicon):
    gerund = tok.tag_ == "VBG" and tok.dep_ in ("amod", "compound") and tok.head.lemma_.lower() in EVENT_HEADS
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ") and not tok.tag_.startswith("NN") and not gerund:
        return []
    lemma = tok.lower_ if gerund else tok.lemma_.lower()
    if tok.dep_ == "compound" and tok.head.lemma_.lower() not in EVENT_HEADS:
        return []
    if tok.dep_ in ("nsubj", "nsubjpass") and not _light(tok.head):
        return []
    if tok.pos_ == "ADJ" and tok.dep_ != "amod":
        return []
    return [(t, "noun") for t in lex.nouns.get(lemma, lex.nouns.get(tok.lower_, []))]


def _mode(trig: Trigger, tok, roles: _Roles, lex: Lexicon) -> str | None:
    if roles.object_is_actor and trig.object_actor_mode and not roles.primary:
        return trig.object_actor_mode
    if trig.type != "ASSAULT" or trig.control:
        return trig.mode
    anchor = tok.head if tok.dep_ == "compound" else tok
    words = [tok.lemma_.lower()] + [t.lemma_.lower() for c in anchor.children
                                    if c.dep_ in ("compound", "amod", "nmod", "prep", "dobj", "agent", "npadvmod")
                                    for t in c.subtree]
    if trig.mode != "firearms":
        return trig.mode
    verb = anchor if not tok.tag_.startswith("NN") else anchor.head
    subj = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subj is not None:
        words += [t.lemma_.lower() for t in subj.subtree]
    for w in words:
        if w in lex.instruments:
            return lex.instruments[w]
    return trig.mode


def _communicator(tok):
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.lemma_ in COMMUNICATE or t.lemma_ in ANNOUNCE:
            return t
    return None


# ------------------------------------------------------------------ events


def _gainer_is_state(actor: ActorRef | None) -> bool | None:
    if actor is None or actor.id is None:
        return None
    try:
        from frontwatch.kb.actors import default_kb
        kind = (default_kb().get(actor.id).kind or "").lower()
    except Exception:
        return None
    if not kind:
        return None
    return any(k in kind for k in ("state", "gov", "army", "military", "police"))


def _events_for(sent: _Sent, tok, trig: Trigger, ctl, state: _State) -> list[EventMention]:
    is_noun = ctl == "noun"
    ctl = None if is_noun else ctl
    roles = _noun_roles(sent, trig, tok, state) if is_noun else _verb_roles(sent, trig, tok, ctl, state)
    if roles is None:
        return []
    c = cert_mod.classify(tok, nominal=bool(is_noun))
    etype, mode = trig.type, _mode(trig, tok, roles, state.lex)
    rule = f"{trig.id} ({trig.where}) on '{tok.text}'"
    if c.certainty == "hypothetical":
        comm = _communicator(tok)
        if comm is not None and etype in ("ASSAULT", "COERCE") and "modal" in c.why:
            etype, mode = "THREATEN", "violence"
            comm_subj = _relative(_subject(comm))
            if comm_subj is not None:
                roles.actors = _actors(sent, comm_subj, state.lex) or roles.actors
            c = cert_mod.classify(comm)
            rule += f"; future force announced by '{comm.text}' -> THREATEN"
        elif comm is not None and etype == "RETREAT" and comm.lemma_ in ANNOUNCE:
            etype = "CONCEDE"
            c = cert_mod.classify(comm)
            rule += f"; future withdrawal announced by '{comm.text}' -> CONCEDE"
    if c.why:
        rule += f"; {c.why}"
    converted = etype != trig.type
    if not converted and not is_noun and _generic_object(sent, trig, tok, ctl, roles, state.lex):
        return []
    if not converted and trig.dyadic and not roles.targets:
        roles.targets = _clause_subjects(sent, tok, state.lex)
    if not converted:
        if trig.requires == "place" and not roles.primary and not roles.located:
            return []
        if trig.requires == "target" and not roles.targets:
            return []
        if trig.requires == "place_or_target" and not (roles.primary or roles.located or roles.targets):
            return []
        if trig.dyadic and not (any(a.id for a in roles.actors) and any(t.id for t in roles.targets)):
            return []
        if etype in MATERIAL and not (roles.actors or roles.targets or roles.primary or roles.located):
            return []
    elif not roles.actors:
        return []
    places = roles.primary or _most_specific(roles.located) or [None]
    out = []
    for pl in places:
        controls = bool(roles.primary) or bool(trig.with_noun) or trig.control == "contested"
        ev = _mention(sent, state, tok, etype, mode, roles, pl, trig, c, rule, converted or not controls)
        out.append(ev)
    return out


_PRECISION = {"point": 3, "district": 2, "region": 1, "country": 0}


def _most_specific(located: list[_Place]) -> list[_Place]:
    """Of the places where something happened, the most precise one (first on ties)."""
    if not located:
        return []
    return [max(located, key=lambda p: _PRECISION.get(p.ref.precision or "point", 3) - 0.001 * located.index(p))]


def _generic_object(sent, trig, tok, ctl, roles: _Roles, lex: Lexicon) -> bool:
    """'lost all cities', 'captured areas': a place noun with no name is no particular place."""
    if trig.object not in ("place", "place_or_target") or roles.primary or roles.targets:
        return False
    obj = None if ctl is not None else _object(tok)
    if obj is None or obj.lemma_.lower() not in lex.place_nouns:
        return False
    quant = any(c.lower_ in ("all", "every", "any", "some", "many", "several") for c in obj.children)
    return quant or (obj.tag_ == "NNS" and not roles.located)


def _nested_places(sent, trig, objects: list, anchors: list, roles: _Roles, state: _State) -> None:
    """'killed 30 soldiers of the army near Ramadi', 'for a third day around Hajin': a place phrase
    hanging on the object or on a prepositional object still locates the event."""
    holders = list(objects)
    for p in _preps(anchors):
        holders.extend(_of_chain(_pobj(p)))
    holders = [h for h in holders if h is not None and h.pos_ != "VERB"]
    _prep_roles(sent, trig, holders, roles, state, only_place=True, plain=True)


def _of_chain(tok) -> list:
    """A noun and the nouns its 'of' phrases lead to ('30 soldiers of the army', 'dozens of suspects')."""
    out = []
    while tok is not None and len(out) < 4:
        out.append(tok)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        tok = _pobj(of) if of is not None else None
    return out


def _clause_subjects(sent, tok, lex: Lexicon) -> list[ActorRef]:
    """'demanded that Israel stop', 'urged Syria to allow': the party asked is the complement's subject."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ != "PRON":
                return _actors(sent, subj, lex)
    return []


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
    targets = [t for t in roles.targets if not any(_same_actor(t, a) for a in actors)]
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
                if not any(_same_actor(r, h) for h in have + (host.actors if field_ == "targets" else [])):
                    have.append(r)
        host.rule = f"{host.rule} + {ev.rule}"
    return out


def _overlap(a: EventMention, b: EventMention) -> bool:
    if not a.actors or not b.actors:
        return True
    return any(_same_actor(x, y) for x in a.actors for y in b.actors + b.targets)


# ------------------------------------------------------------------ fatalities and dates


def _fatalities(span) -> tuple[int, str] | None:
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


def _date_for(sent: _Sent, tok, state: _State) -> tuple[str | None, str | None]:
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


def _date_exprs(sent: _Sent, state: _State):
    return find_dates(sent.span.text, state.article.published, year_anchor=state.year_anchor,
                      previous=state.last_date)


# ------------------------------------------------------------------ sentences and articles


def code_sentence_span(sent: _Sent, state: _State) -> list[EventMention]:
    """All event mentions of one parsed sentence, with roles, certainty, date and toll."""
    found = []
    claimed = set()
    for tok in sent.span:
        for trig, ctl in _verb_trigger(tok, state.lex) + _noun_trigger(tok, state.lex):
            evs = _events_for(sent, tok, trig, ctl, state)
            if evs:
                for ev in evs:
                    ev.date, ev.date_precision = _date_for(sent, tok, state)
                sent.events.extend(evs)
                found.extend(evs)
                claimed.add(tok.i)
                break
    events = _merge_in_sentence(found)
    toll = _fatalities(sent.span)
    if toll:
        target = [e for e in events if e.type == "ASSAULT"] or (
            [e for e in state.events if e.sentence_index >= sent.index - 3 and e.type == "ASSAULT"]
            if toll[0] == 0 else [])
        for e in target[:1] if toll[0] else target:
            if e.fatalities is None:
                e.fatalities, e.fatalities_text = toll
    return events


def _enumerated(sent: _Sent, state: _State) -> list[EventMention]:
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


def _remember(sent: _Sent, state: _State, events: list[EventMention]) -> None:
    lex = state.lex
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
    del lex


def _refers_back(span, lex: Lexicon) -> bool:
    """A definite event noun ('the clashes', 'this attack') continues the scene of the last paragraph."""
    return any(t.lemma_.lower() in lex.nouns and any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that")
                                                     for c in t.children) for t in span)


def _fallback_place(events: list[EventMention], state: _State, index: int, span) -> None:
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


def _year_anchor(article: Article, page_articles: list[Article] | None) -> str | None:
    if article.published:
        return article.published
    dated = [a for a in page_articles or [] if a.published and a.article_id != article.article_id]
    if not dated:
        return None
    return min(dated, key=lambda a: abs(a.index - article.index)).published


def code_english_article(article: Article, sentences: list[Sentence] | None = None, *,
                         page_articles: list[Article] | None = None, nlp=None,
                         use_kb: bool = True) -> list[EventMention]:
    """Event mentions of one English article, sentence by sentence, with discourse state carried over."""
    nlp = nlp or load()
    state = _State(article, load_lexicon(), article_entities(article, use_kb=use_kb),
                   _year_anchor(article, page_articles))
    title = (article.title or "").strip().lower()
    for index, base, span in _parsed_sentences(article, sentences, nlp):
        if title and span.text.strip().lower() == title:
            continue
        sent = _Sent(index, span, base, state.ents)
        events = _enumerated(sent, state)
        events += code_sentence_span(sent, state)
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


__all__ = ["code_english_article", "code_english_sentence", "dt"]
