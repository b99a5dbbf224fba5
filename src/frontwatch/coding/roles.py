"""Roles of an English event trigger: actors, targets, places and helpers, read off the dependency parse."""
from __future__ import annotations

from dataclasses import dataclass, field

from frontwatch.coding.certainty import CARRIER_VERBS, LAUNCH_VERBS
from frontwatch.coding.entities import place_ref
from frontwatch.coding.lexicon import Lexicon, Trigger
from frontwatch.coding.phrases import (
    ALONG, actor_of, partitive_whole, unique_actors, ArticleState, PlaceSlot, SentenceContext, actors, associated, direct_object, is_placey, of_chain,
    places, plural_pronoun, pobj, preps, relative, subject)
from frontwatch.models import ActorRef

LIGHT_VERBS = frozenset("continue erupt break rage take occur intensify resume escalate ensue flare hold".split())
PLACE_PREPS = {"in": "place", "at": "place", "near": "place", "inside": "place", "around": "place",
               "outside": "place", "within": "place"}


EARLIER_PREPS = frozenset("after following since before".split())
SPEAKER_PRONOUNS = frozenset("they it we he she".split())


def speaker(tok):
    """The subject of the reporting verb whose complement holds `tok` ('X said it had ...'), if any."""
    from frontwatch.coding.certainty import REPORTING

    t = tok
    while t.head.i != t.i and t.dep_ in ("conj", "xcomp", "ccomp"):
        if t.dep_ == "ccomp" and t.head.lemma_ in REPORTING:
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            return subj if subj is not None and subj.pos_ != "PRON" else None
        t = t.head
    return None


def is_light_verb(verb) -> bool:
    """Verbs that only say an event happened ('clashes erupted', 'fighting raged')."""
    return verb.lemma_ in LIGHT_VERBS or verb.lower_.startswith(tuple(LIGHT_VERBS))


@dataclass
class Roles:
    actors: list[ActorRef] = field(default_factory=list)
    targets: list[ActorRef] = field(default_factory=list)
    lost_by: list[ActorRef] = field(default_factory=list)
    associated: list[ActorRef] = field(default_factory=list)
    primary: list[PlaceSlot] = field(default_factory=list)  # object places: one event each
    located: list[PlaceSlot] = field(default_factory=list)  # where it happened ("in X")
    object_is_actor: bool = False


def fill_role(sent: SentenceContext, trig: Trigger, role: str, tok, roles: Roles, state: ArticleState,
              primary: bool) -> None:
    """Put the phrase headed by `tok` into the role the lexicon gives its slot."""
    if tok is None or role == "none":
        return
    tok = partitive_whole(tok)
    lex = state.lex
    either = role == "place_or_target"
    if role in ("source", "place_or_target"):
        placey = is_placey(sent, tok, lex)
        if placey is None:
            return
        role = "place" if placey else ("lost_by" if role == "source" else "target")
    if role == "place":
        found = places(sent, tok, state)
        if not found:
            found = [PlaceSlot(place_ref(r), True) for r in sent.ents.places_in(*sent.abs(tok))]
        if not found and either:  # "ISIS positions": no named place, but whose they are
            owner = actor_of(sent, tok, lex)
            roles.targets.extend([owner] if owner is not None and owner.id else [])
        (roles.primary if primary else roles.located).extend(found)
    elif role == "target":
        roles.targets.extend(actors(sent, tok, lex))
    elif role == "lost_by":
        found = actors(sent, tok, lex)
        roles.lost_by.extend(found)
        roles.targets.extend(found)
    elif role in ("actor", "partner"):
        found = actors(sent, tok, lex)
        if role == "partner":
            roles.targets.extend(found)
        elif not roles.actors and found:
            roles.actors.append(found[0])
            roles.targets.extend(found[1:])
        else:
            roles.actors.extend(found)


def verb_roles(sent: SentenceContext, trig: Trigger, tok, ctl, state: ArticleState) -> Roles:
    """Roles of a verb trigger: subject, object, prepositions, and places hanging on them."""
    lex = state.lex
    roles = Roles()
    subj = relative(subject(tok))
    if subj is not None and subj.pos_ != "PRON":
        roles.actors = actors(sent, subj, lex)
        roles.associated = associated(sent, [subj, tok], lex)
    elif subj is not None and speaker(tok) is not None and subj.lower_ in SPEAKER_PRONOUNS:
        roles.actors = actors(sent, speaker(tok), lex)  # "the SDF said they had captured ..."
    elif subj is not None and plural_pronoun(subj):
        prev = next((e for e in reversed(state.events) if e.actors and e.sentence_index >= sent.index - 1), None)
        if prev is not None:
            roles.actors = list(prev.actors)
    obj = None if ctl is not None else relative(direct_object(tok))  # "the YPG, which the US backs"
    if obj is not None and trig.object != "none":
        if trig.object == "place_or_target" and is_placey(sent, obj, lex) is False:
            roles.object_is_actor = True
        fill_role(sent, trig, trig.object, obj, roles, state, primary=True)
    anchors = [tok] + ([ctl] if ctl is not None else []) + ([tok.head] if tok.dep_ == "amod" else [])
    prep_roles(sent, trig, anchors, roles, state)
    if not roles.located and tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
        prep_roles(sent, trig, [tok.head], roles, state, only_place=True)
    if not roles.located and not roles.primary:
        nested_places(sent, trig, of_chain(obj), [tok], roles, state)
    if trig.dyadic and not roles.located and not roles.primary:
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if comps:
            found = Roles()
            prep_roles(sent, trig, comps, found, state, only_place=True, source=True)
            roles.located = found.primary + found.located
    return roles


def prep_roles(sent: SentenceContext, trig: Trigger, anchors, roles: Roles, state: ArticleState, only_place=False,
                source=False, plain=False) -> None:
    """Fill roles from the prepositions of the anchors as the trigger's lexicon entry maps them."""
    for p in preps(anchors):
        word = p.lower_
        if p.dep_ == "agent":
            continue
        if p.head.lower_ in ALONG:
            roles.actors.extend(actors(sent, pobj(p), state.lex) if pobj(p) is not None else [])
            continue
        role = PLACE_PREPS.get(word) if plain else (trig.preps.get(word) or PLACE_PREPS.get(word))
        if source:
            role = PLACE_PREPS.get(word) or ("source" if word == "from" else None)
            obj = pobj(p)
            if role == "source" and obj is not None and (
                    is_placey(sent, obj, state.lex) or sent.ents.places_in(*sent.abs(obj))):
                role = "place"
        if role is None or (only_place and role != "place"):
            continue
        primary = role == "place" and word not in PLACE_PREPS
        fill_role(sent, trig, role, pobj(p), roles, state, primary=primary)


def noun_roles(sent: SentenceContext, trig: Trigger, tok, state: ArticleState) -> Roles:
    """Roles of a nominal trigger ('clashes between A and B in X'); None when it is no event here."""
    lex = state.lex
    anchor = tok.head if tok.dep_ in ("compound", "amod") else tok
    roles = Roles()
    anchors = [anchor]
    head = anchor.head
    if (anchor.dep_ in ("nsubj", "nsubjpass") and is_light_verb(head)) or (
            anchor.dep_ == "dobj" and head.lemma_ in CARRIER_VERBS):  # the object's roles may hang on the verb
        anchors.append(head)
    prep_roles(sent, trig, anchors, roles, state)
    if not roles.primary:
        _reattached(sent, trig, anchor, roles, state)
    if not roles.actors:
        poss = next((c for c in anchor.children if c.dep_ == "poss"), None)
        by = next((p for p in preps([anchor]) if p.lower_ == "by"), None)
        if poss is not None:
            roles.actors = actors(sent, poss, lex)
        elif by is not None and pobj(by) is not None:
            roles.actors = actors(sent, pobj(by), lex)
        else:
            mods = [c for c in anchor.children if c.dep_ in ("amod", "compound", "nmod") and c.i != tok.i]
            for m in mods:
                roles.actors.extend(actors(sent, m, lex))
    for acl in (c for c in anchor.children if c.dep_ == "acl"):
        agent = next((g for g in acl.children if g.dep_ == "agent"), None)
        if agent is not None and pobj(agent) is not None and not roles.actors:
            roles.actors = actors(sent, pobj(agent), lex)
        prep_roles(sent, trig, [acl], roles, state)
    if not roles.located and not roles.primary:
        nested_places(sent, trig, [], anchors, roles, state)
    roles.associated = associated(sent, anchors + ([anchor.head] if anchor.dep_ in ("dobj", "pobj") else []), lex)
    own = bool(roles.actors or roles.targets or roles.primary or roles.located)
    verb = anchor.head
    instrument = anchor.dep_ == "pobj" and verb.lower_ == "with" or (
        anchor.dep_ == "dobj" and verb.lemma_ in LAUNCH_VERBS)
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if not own and not instrument:
        return None
    earlier = anchor.dep_ == "pobj" and anchor.head.lower_ in EARLIER_PREPS  # "arrested ... after the bombing"
    if not roles.actors and verb.pos_ in ("VERB", "AUX") and anchor.dep_ not in ("nsubj", "nsubjpass") \
            and not earlier:
        subj = relative(subject(verb))
        if subj is not None and subj.pos_ != "PRON":
            roles.actors = actors(sent, subj, lex)
        if instrument and not roles.targets:
            for c in verb.children:
                if c.dep_ == "dobj" and c.i != anchor.i:
                    roles.targets.extend(actors(sent, c, lex))
                if c.dep_ == "prep" and c.lower_ in ("to", "against", "on") and pobj(c) is not None:
                    roles.targets.extend(actors(sent, pobj(c), lex))
    roles.actors = unique_actors(roles.actors)
    return roles


DIRECTIONAL = frozenset("to into onto".split())


def _reattached(sent, trig: Trigger, anchor, roles: Roles, state: ArticleState) -> None:
    """'ended with the entry of the army to it': a 'to'/'into' phrase right after the noun phrase that
    the parser hung on the verb belongs to the noun when the noun's trigger takes it as a place."""
    if anchor.dep_ != "pobj":
        return
    verb = anchor.head.head
    after = max(t.i for t in anchor.subtree) + 1
    for p in (c for c in verb.children if c.dep_ == "prep" and c.i == after and c.lower_ in DIRECTIONAL):
        if trig.preps.get(p.lower_) == "place" and pobj(p) is not None:
            fill_role(sent, trig, "place", pobj(p), roles, state, primary=True)


def nested_places(sent, trig, objects: list, anchors: list, roles: Roles, state: ArticleState) -> None:
    """'killed 30 soldiers of the army near Ramadi', 'for a third day around Hajin': a place phrase
    hanging on the object or on a prepositional object still locates the event."""
    holders = list(objects)
    for p in preps(anchors):
        holders.extend(of_chain(pobj(p)))
    holders = [h for h in holders if h is not None and h.pos_ != "VERB"]
    prep_roles(sent, trig, holders, roles, state, only_place=True, plain=True)




def clause_subjects(sent, tok, lex: Lexicon) -> list[ActorRef]:
    """'demanded that Israel stop', 'urged Syria to allow': the party asked is the complement's subject."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ != "PRON":
                return actors(sent, subj, lex)
    return []
