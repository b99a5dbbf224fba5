"""Certainty of an English event clause: reported, claimed (and by whom) or hypothetical, from the parse."""
from __future__ import annotations

from dataclasses import dataclass

# Verbs whose complement clause is attributed to their subject.
REPORTING = frozenset("""claim say report announce state allege assert insist confirm add tell reveal
    acknowledge admit boast publish post declare""".split())
# Verbs whose infinitive complement has not (yet) happened; "manage to" and "begin to" have.
NON_FACTIVE = frozenset("""want plan try intend threaten aim seek hope vow promise prepare decide expect
    need call ask urge demand attempt pledge order plot mean wish refuse fail propose offer agree""".split())
DENYING = frozenset("deny refute dismiss reject dispute".split())
MODALS = frozenset("will would could may might should can must shall 'll 'd ought".split())
HEDGES = frozenset("reportedly allegedly purportedly apparently supposedly".split())
CONDITIONAL_MARKS = frozenset("if unless lest before until whether".split())
NEGATIONS = frozenset("not n't never no".split())
NOBODY = frozenset("nobody none noone nothing".split())
_STOP_DEPS = frozenset({"relcl", "acl", "pcomp"})
# Verbs whose object names the event they perform: launching an attack ('carried out strikes'), and
# more ('will sign an agreement', 'did not impose sanctions on X').
LAUNCH_VERBS = frozenset("launch carry conduct stage mount wage unleash begin start lead".split())
CARRIER_VERBS = LAUNCH_VERBS | frozenset("impose sign conclude reach hold".split())


@dataclass
class Certainty:
    certainty: str  # reported | claimed | hypothetical
    claimed_by: str | None = None
    why: str = ""


def _phrase(tok) -> str:
    toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "punct") or t.i == tok.i]
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is not None:  # a name the parser split into pieces ('Jaysh' / 'al' / '-' / 'Islam')
        have = {t.i for t in toks}
        toks = sorted(toks + [t for t in ent if t.i not in have], key=lambda t: t.i)
    return " ".join(t.text for t in toks).replace(" - ", "-").replace(" ,", ",").strip()


def _subject(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


# Nouns naming what is yet to be done: "the remaining task is to clear the desert", "the aim was to take X".
GOAL_NOUNS = frozenset("task aim goal objective target priority plan mission intention purpose step".split())


def _goal_subject(tok):
    """The subject of 'be' whose infinitive complement `tok` is, when it names a goal ('the task is to ...')."""
    if tok.dep_ not in ("xcomp", "ccomp", "attr") or tok.head.lemma_ != "be" \
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None
    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.lemma_.lower() in GOAL_NOUNS else None


def _hypothetical_marker(tok) -> str | None:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
            return f"modal '{c.text}'"
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no" and tok.pos_ == "NOUN"):
            return f"negated '{c.text}'"
        if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in NOBODY or any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return f"negated subject '{c.text}'"
        if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
            return f"conditional '{c.text}'"
        if c.dep_ == "aux" and c.lower_ == "going":
            return "future 'going to'"
    if tok.dep_ == "xcomp" and tok.head.lemma_ in NON_FACTIVE:
        return f"not yet done ('{tok.head.lemma_} to')"
    goal = _goal_subject(tok)
    if goal is not None:
        return f"a goal ('the {goal.lemma_} is to')"
    if tok.dep_ in ("advcl", "acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return "purpose ('to ...')"
    return None


def classify(trigger, nominal: bool = False) -> Certainty:
    """Walk from the trigger up the clause chain: modals, negation, conditionals, attribution.

    A nominal trigger ('the clashes') is presupposed: only its own negation ('no clashes') and the
    attribution of its clause count, not the modality of the verb it hangs from — unless that verb
    only carries it ('will sign an agreement', 'did not launch an attack')."""
    sent = trigger.sent
    tok = trigger
    while True:
        carrier = trigger.dep_ == "dobj" and tok.i == trigger.head.i and tok.lemma_ in CARRIER_VERBS
        why = _hypothetical_marker(tok) if not nominal or tok.i == trigger.i or tok.dep_ == "ccomp" or carrier \
            else None
        if why:
            return Certainty("hypothetical", None, why)
        for c in tok.children:
            if c.dep_ == "advmod" and c.lower_ in HEDGES:
                return Certainty("claimed", None, f"hedge '{c.text}'")
            if c.dep_ == "prep" and c.lemma_ == "accord":
                to = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "to"), None)
                obj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                return Certainty("claimed", _phrase(obj) if obj is not None else None, "'according to'")
        head = tok.head
        if head.i == tok.i or tok.dep_ in _STOP_DEPS:
            break
        if tok.dep_ == "ccomp" and head.lemma_ in DENYING:
            subj = _subject(head)
            return Certainty("hypothetical", _phrase(subj) if subj is not None else None, f"denied ('{head.text}')")
        if tok.dep_ in ("ccomp", "parataxis") and head.lemma_ in REPORTING:
            if _hypothetical_marker(head) and head.lemma_ != "say":
                return Certainty("hypothetical", None, f"attribution itself hedged ('{head.text}')")
            subj = _subject(head)
            if subj is not None and subj.lower_ in ("it", "this"):
                break
            return Certainty("claimed", _phrase(subj) if subj is not None else None, f"reported by '{head.lemma_}'")
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in CONDITIONAL_MARKS for c in tok.children):
            break
        tok = head
    if sent.text.rstrip().endswith("?"):
        return Certainty("hypothetical", None, "question")
    tail = _trailing_attribution(tok, trigger)
    if tail is not None:
        return Certainty("claimed", _phrase(tail[1]), f"reported by '{tail[0].lemma_}' (after the clause)")
    return Certainty("reported", None, "")


def _trailing_attribution(root, trigger):
    """'..., the Observatory reported.': a reporting verb after the clause, with a subject and no object."""
    for c in root.children:
        if c.dep_ in ("conj", "parataxis", "ccomp") and c.lemma_ in REPORTING and c.i > trigger.i \
                and not any(g.dep_ in ("dobj", "ccomp", "xcomp") for g in c.children):
            subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ != "PRON":
                return c, subj
    return None
