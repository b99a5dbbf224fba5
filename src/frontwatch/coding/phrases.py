"""Phrases of a parsed English sentence: coordinated members, actors and places they name, syntax helpers."""
from __future__ import annotations

from dataclasses import dataclass, field

from frontwatch.coding.entities import Entities, actor_ref, place_ref
from frontwatch.coding.lexicon import Lexicon, load_lexicon
from frontwatch.models import ActorRef, Article, EventMention, PlaceRef

ASSOCIATE = frozenset("support back assist aid cover help".split())
ALONG = frozenset({"along", "together", "alongside"})
@dataclass
class PlaceSlot:
    ref: PlaceRef
    explicit: bool  # named in this sentence (not an anaphor to an earlier one)


@dataclass
class SentenceContext:
    """One sentence being coded: its parse, its offset in the article, and the article's entities."""

    index: int
    span: object  # spaCy Span
    base: int  # article offset of the Doc's character 0
    ents: Entities
    events: list[EventMention] = field(default_factory=list)
    dates: list | None = None  # date expressions, found once (see english._date_exprs)

    def abs(self, tok) -> tuple[int, int]:
        return self.base + tok.idx, self.base + tok.idx + len(tok)


@dataclass
class ArticleState:
    """What coding one article remembers from sentence to sentence."""

    article: Article
    lex: Lexicon
    ents: Entities
    year_anchor: str | None
    events: list[EventMention] = field(default_factory=list)
    last_date: tuple[str, str] | None = None
    places: list[PlaceRef] = field(default_factory=list)  # places named so far, in order
    event_sentence: int = -1




def span_tokens(tok, keep_of: bool = True) -> list:
    """The phrase a token heads, without clauses, coordination and (unless keep_of) prepositions."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("conj", "cc", "appos", "relcl", "acl", "punct", "advmod", "prep", "advcl"):
            if not (keep_of and c.dep_ == "prep" and c.lower_ in ("of", "within", "from")):
                continue
        if c.dep_ == "amod" and c.pos_ == "VERB":  # a participle with its own clause: only the word
            out.append(c)
            continue
        out.extend(c.subtree)
    return sorted(out, key=lambda t: t.i)


def phrase_text(toks) -> str:
    """The words of a phrase as written, without determiners and stray punctuation."""
    toks = [t for t in toks if t.dep_ != "det" and t.pos_ != "PUNCT" or t.text in "-'’"]
    s = "".join(t.text_with_ws for t in toks).strip()
    return s.replace(" - ", "-").strip(" ,–-")


def in_parens(tok) -> bool:
    """Whether the phrase headed by `tok` is inside parentheses (an alias, not a new party)."""
    first = min(t.i for t in tok.subtree)
    return first > 0 and tok.doc[first - 1].text == "("


def members(tok, actors: bool) -> list:
    """A phrase's coordinated members: conjuncts, and list-like appositions ("X, Y and Z")."""
    out = []
    for c in sorted([tok, *tok.conjuncts], key=lambda t: t.i):
        if not actors or not _named_by_list(c):
            out.append(c)
        if not actors:
            continue
        for p in c.children:
            if p.dep_ == "prep" and p.lower_ in ALONG:
                inner = next((g for g in p.children if g.dep_ == "prep" and g.lower_ == "with"), p)
                obj = pobj(inner)
                if obj is not None:
                    out.extend(members(obj, actors=True))
        for a in c.children:
            if a.dep_ != "appos":
                continue
            listy = bool(a.conjuncts) or (a.pos_ == "PROPN" and not in_parens(a))
            if listy and not (in_parens(a) and not a.conjuncts):
                out.extend(sorted([a, *a.conjuncts], key=lambda t: t.i))
    seen, uniq = set(), []
    for t in out:
        if t.i not in seen:
            seen.add(t.i)
            uniq.append(t)
    return uniq


def _named_by_list(tok) -> bool:
    """'allied forces (Hezbollah, the IRGC and al-Nujaba)': a common noun whose members the parentheses
    list stands for them, and is no party of its own."""
    return tok.pos_ != "PROPN" and any(a.dep_ == "appos" and a.conjuncts and in_parens(a) for a in tok.children)


def sponsor_ranges(sent: SentenceContext, tok) -> list[tuple[int, int]]:
    """Character ranges of sponsor modifiers ("Iranian-backed", "US-led"), not the actor itself."""
    out = []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "npadvmod") and (c.tag_ == "VBN" or c.lemma_ in ASSOCIATE):
            toks = list(c.subtree)
            out.append((sent.base + toks[0].idx, sent.base + toks[-1].idx + len(toks[-1])))
    return out


def actor_of(sent: SentenceContext, tok, lex: Lexicon) -> ActorRef | None:
    """The party a noun phrase names: a knowledge-base actor, else the surface words of a group noun."""
    if tok.pos_ == "PRON" or tok.tag_ in ("WDT", "WP") or tok.ent_type_ in NOT_NAMES:
        return None
    toks = span_tokens(tok)
    a, b = sent.base + toks[0].idx, sent.base + toks[-1].idx + len(toks[-1])
    skip = sponsor_ranges(sent, tok)
    h0, h1 = sent.abs(tok)
    matches = [m for m in sent.ents.actors if (a <= m.start and m.end <= b) or (m.start <= h0 and h1 <= m.end)]
    # a name inside a sponsor modifier is the sponsor ("Iranian-backed"); one that runs on into the head
    # is the actor's own name ("the US-led coalition")
    matches = [m for m in matches if not any(s <= m.start < e and m.end <= e for s, e in skip)]
    if matches:
        best = next((m for m in matches if m.start <= h0 and h1 <= m.end), None)
        return actor_ref(best or min(matches, key=lambda m: abs(m.end - h0)))
    if sent.ents.places_in(h0, h1) and tok.lemma_.lower() not in lex.actor_nouns:
        return None
    owner = _possessor(sent, tok) if tok.lemma_.lower() in lex.actor_nouns else None
    if owner is not None:
        return owner
    if tok.lemma_.lower() in lex.actor_nouns or tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "NORP", "PERSON"):
        name = phrase_text([t for t in toks if not any(s <= sent.base + t.idx < e for s, e in skip)])
        return ActorRef(id=None, name=name, text=name) if name else None
    return None


def _possessor(sent: SentenceContext, tok) -> ActorRef | None:
    """'its troops', 'their fighters': the troops of the party named last before the pronoun."""
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if poss is None:
        return None
    before = [m for m in sent.ents.actors if m.end <= sent.base + poss.idx and not m.generic
              and m.start >= sent.base + sent.span.start_char]
    return actor_ref(before[-1]) if before else None


QUANTITY_NOUNS = frozenset("dozen hundred thousand score number group handful couple lot".split())


def actors(sent: SentenceContext, tok, lex: Lexicon) -> list[ActorRef]:
    """The parties of a (possibly coordinated) phrase, one per member; '50 of the fighters' -> fighters."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and (tok.like_num or tok.lemma_.lower() in QUANTITY_NOUNS) and pobj(of) is not None:
        tok = pobj(of)
    out = []
    for m in members(tok, actors=True):
        ref = actor_of(sent, m, lex)
        if ref is not None and all(same_actor(ref, r) is False for r in out):
            out.append(ref)
    return out


PARTITIVES = frozenset("most part parts much half rest majority bulk portion remainder".split())


def partitive_whole(tok):
    """'most of al-Bukamal', 'parts of the city': the whole the part belongs to."""
    if tok.lemma_.lower() in PARTITIVES or tok.lower_ in PARTITIVES:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and pobj(of) is not None:
            return pobj(of)
    return tok


def unique_actors(refs: list[ActorRef]) -> list[ActorRef]:
    out: list[ActorRef] = []
    for r in refs:
        if not any(same_actor(r, o) for o in out):
            out.append(r)
    return out


def same_actor(a: ActorRef, b: ActorRef) -> bool:
    return (a.id is not None and a.id == b.id) or (a.id is None and b.id is None and a.name == b.name)


SETTLEMENTS = frozenset("city town village hamlet".split())
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def is_placey(sent: SentenceContext, tok, lex: Lexicon) -> bool | None:
    """True: a place; False: people/actors; None: neither."""
    h0, h1 = sent.abs(tok)
    lemma = tok.lemma_.lower()
    if tok.ent_type_ in NOT_NAMES:
        return None
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


def places(sent: SentenceContext, tok, state: ArticleState, named: bool = False) -> list[PlaceSlot]:
    """The places of a (possibly coordinated) phrase: 'the villages of A and B' -> A, B."""
    out: list[PlaceSlot] = []
    for m in members(tok, actors=False):
        if m.i != tok.i and is_placey(sent, m, state.lex) is False:
            continue
        out.extend(place_of(sent, m, state, named))
    return out


def _own_place(sent: SentenceContext, tok, state: ArticleState) -> list[PlaceSlot]:
    """'the desert near Mayadin', 'the hills around Palmyra': an unnamed place located by a named one."""
    if any(p.start <= sent.base + tok.idx < p.end for p in sent.ents.places):
        return []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in NEAR_PREPS:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:  # located by it, not the place itself: no control over it
                return [PlaceSlot(p.ref, False) for p in places(sent, obj, state)]
    return []


NEAR_PREPS = frozenset("near around outside in".split())


def place_of(sent: SentenceContext, tok, state: ArticleState, named: bool = False) -> list[PlaceSlot]:
    """`named`: the phrase follows a place noun ('the town of X'), so a proper name is a place."""
    lex = state.lex
    lemma = tok.lemma_.lower()
    if lemma in lex.place_nouns:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "between")), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and (is_placey(sent, pobj, lex) is not False or pobj.pos_ == "PROPN"):
            found = places(sent, pobj, state, named=True)
            if found:
                return found[:1] if of.lower_ == "between" else found
        found = _own_place(sent, tok, state)
        if found:
            return found
    toks = span_tokens(tok, keep_of=False)
    a, b = sent.base + toks[0].idx, sent.base + toks[-1].idx + len(toks[-1])
    res = sent.ents.places_in(a, b)
    if res:
        h0, _ = sent.abs(tok)
        best = next((r for r in res if r.start <= h0 < r.end), res[-1])
        return [PlaceSlot(place_ref(best), True)]
    if tok.pos_ == "PRON":
        earlier = [e.place for e in sent.events if e.place is not None]
        seen, uniq = set(), []
        for p in earlier:
            if p.name not in seen:
                seen.add(p.name)
                uniq.append(PlaceSlot(p, True))
        return uniq or _named_before(sent, tok)
    if sent.ents.actors_in(a, b) and not named:
        return []  # "leaving the Islamic State without ...": a party, not a place
    if any(t.pos_ == "PROPN" for t in toks) and (named or tok.ent_type_ not in ("ORG", "NORP", "PERSON", "DATE")):
        name = phrase_text([t for t in toks if t.pos_ in ("PROPN", "NOUN", "PUNCT", "ADJ") or t.dep_ == "compound"])
        return [PlaceSlot(PlaceRef(id=None, name=name, located=False, text=name), True)] if name else []
    if any(t.pos_ == "PROPN" for t in toks) and tok.pos_ == "PROPN" and tok.ent_type_ == "ORG" \
            and not sent.ents.actors_in(a, b):
        name = phrase_text(toks)
        return [PlaceSlot(PlaceRef(id=None, name=name, located=False, text=name), True)]
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if lemma in lex.anaphoric_place and tok.tag_ == "NN" and det is not None and det.lower_ in ("the", "this", "that"):
        # "the town" points back to the last settlement named; "the area" to the last place of any kind
        named = state.places + [place_ref(p) for p in _places_before(sent, tok)]
        settled = [p for p in named if (p.precision or "point") == "point" and not _facility(p, lex)]
        pool = settled if lemma in SETTLEMENTS and settled else named
        if pool:  # a settlement named before is that very place: its capture changes control
            return [PlaceSlot(pool[-1], lemma in SETTLEMENTS and pool is settled)]
    return []




def _facility(p: PlaceRef, lex: Lexicon) -> bool:
    """'Bai Hassan oil field', 'Kweires airbase': a point named as a site, not a settlement 'the city' points to."""
    words = (p.text or p.name or "").lower().split()
    return bool(words) and words[-1] in lex.place_nouns and words[-1] not in SETTLEMENTS


def _places_before(sent: SentenceContext, tok) -> list:
    """Places named in the sentence before `tok`, not inside an actor's name."""
    start, here = sent.base + sent.span.start_char, sent.base + tok.idx
    return [p for p in sent.ents.places_in(start, here) if not any(m.start <= p.start < m.end for m in sent.ents.actors)]


def _named_before(sent: SentenceContext, tok) -> list[PlaceSlot]:
    """'it' standing for a place: the last place named earlier in the same sentence (not an actor's name)."""
    named = _places_before(sent, tok) if tok.lower_ in ("it", "there") else []
    return [PlaceSlot(place_ref(named[-1]), True)] if named else []


def pobj(prep):
    """The object of a preposition token, if any."""
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def subject(tok):
    """The token that acts: the subject, the passive agent, or the subject of the governing clause."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - tok.i))
    for c in tok.children:
        if c.dep_ == "agent":
            return pobj(c)
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None
    if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
        return subject(tok.head)
    if tok.dep_ == "amod":
        noun = tok.head
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        return subject(noun.head) if noun.dep_ in ("dobj", "pobj") else None
    if tok.dep_ in ("acl", "relcl"):
        head = tok.head
        if head.dep_ == "dobj" and head.lemma_.lower() not in lexicon_actor_nouns() and head.pos_ != "PROPN":
            return subject(head.head)
        return head
    return None


def lexicon_actor_nouns():
    """Group nouns from the lexicon ('militants', 'troops')."""
    return load_lexicon().actor_nouns


def relative(subj):
    """A relative pronoun subject ('which', 'who') stands for the noun its clause modifies."""
    if subj is not None and subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
        return subj.head.head
    return subj


def direct_object(tok):
    """The direct object (or passive subject); for a participle modifier, the noun it modifies."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    if tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    return None


def plural_pronoun(tok) -> bool:
    """'they', 'them', or a part of them ('some of them', 'most of them')."""
    if tok.lower_ in ("they", "them"):
        return True
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and pobj(of) is not None and pobj(of).lower_ == "them"


def preps(anchors) -> list:
    """Prepositions hanging on the anchors, including those under 'along with' and 'pull out of'."""
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


SUPPORT_NOUNS = frozenset("support backing cover help assistance aid".split())


def associated(sent: SentenceContext, anchors, lex: Lexicon) -> list[ActorRef]:
    """Parties helping the actors: 'backed by Russian jets', 'with the support of Turkish artillery'."""
    out = []
    for a in anchors:
        for c in a.children:
            if c.dep_ == "prep" and c.lower_ == "with" and pobj(c) is not None \
                    and pobj(c).lemma_.lower() in SUPPORT_NOUNS:
                of = next((g for g in pobj(c).children if g.dep_ == "prep" and g.lower_ in ("of", "from")), None)
                if of is not None and pobj(of) is not None:
                    out.extend(actors(sent, pobj(of), lex))
            if c.dep_ in ("acl", "advcl") and c.lemma_ in ASSOCIATE:
                agent = next((g for g in c.children if g.dep_ == "agent"), None)
                if agent is not None and pobj(agent) is not None:
                    out.extend(actors(sent, pobj(agent), lex))
    return out


def of_chain(tok) -> list:
    """A noun and the nouns its 'of' phrases lead to ('30 soldiers of the army', 'dozens of suspects')."""
    out = []
    while tok is not None and len(out) < 4:
        out.append(tok)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        tok = pobj(of) if of is not None else None
    return out
