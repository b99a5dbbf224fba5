"""Arabic event coding: trigger lexicons and word-order patterns over clitic-aware tokens.

Triggers come from data/lexicon/ar/*.yaml (by PLOVER type and mode); the word lists the patterns
use (claims, hypotheticals, tolls, partitives, allies …) from data/lexicon/ar/markers.yaml. Roles
follow Arabic word order: the subject usually follows the verb ("سيطر الجيش السوري على بلدة …"),
else it is the actor right before it or the nearest free one before a verbal noun; prepositions
mark the place (على، من) and the losing side (من). Actors come from the actor knowledge base
(`frontwatch.kb.actors`), places from the gazetteer (`frontwatch.kb.gazetteer`).

Per sentence: find triggers -> roles, place, date, certainty, toll for each -> merge the mentions
of one happening. Per article: carry the last date, place and subject across sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from frontwatch.coding.arabic_dates import find_dates_ar
from frontwatch.coding.dates import page_anchor
from frontwatch.coding.unissued import Tracker
from frontwatch.errors import DataFileError
from frontwatch.models import ActorRef, Article, Control, EventMention, PlaceRef, Sentence
from frontwatch.nlp.arabic import Token, looks_arabic, normalize_ar, number_at, split_sentences_ar, tokenize_ar

__all__ = ["code_article_ar", "code_sentence_ar", "load_lexicon_ar", "ArabicLexicon", "Trigger"]

_LEXICON_DIR = "lexicon/ar"
_VERB_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "و")
_PRESENT_SUFFIXES = ("", "ون", "ان", "وا", "ن", "ي")
_OBJECT_SUFFIXES = ("", "ه", "ها", "هم", "هما", "نا")
_TRIGGER_FIELDS = {"id", "mode", "control", "verb", "present", "noun", "needs", "place_after",
                   "loser_after", "loser_is_object", "actors", "auxiliary", "not_after", "not_before",
                   "agentless", "genitive"}
_SCOPE_TYPES = {"THREATEN", "REQUEST", "REJECT"}  # what follows these in the clause is not (yet) an event
_BOUNDARY_PUNCT = set(".؟?!؛;:")


@dataclass(frozen=True)
class Trigger:
    """One trigger entry of a lexicon file."""

    id: str
    type: str
    mode: str | None = None
    control: str | None = None
    needs: tuple[str, ...] = ()
    place_after: str | None = None
    loser_after: str | None = None
    loser_is_object: bool = False
    actors: str = "subject"
    auxiliary: bool = False
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    agentless: bool = False
    source: str = ""  # "lexicon/ar/assault.yaml:16", for the rule shown to analysts
    genitive: str = "agent"  # what the noun's genitive is: "قصف الطيران" (agent), "اعتقال ناشطين" (patient)


@dataclass
class ArabicLexicon:
    """Trigger forms (single words and multi-word nouns) and the marker word lists."""

    forms: dict[str, list[tuple[Trigger, str]]] = field(default_factory=dict)  # form -> (trigger, kind)
    phrases: dict[str, list[tuple[tuple[str, ...], Trigger]]] = field(default_factory=dict)
    markers: dict[str, Any] = field(default_factory=dict)
    agentless: set[str] = field(default_factory=set)  # ids of agentless triggers

    def words(self, key: str) -> set[str]:
        return self.markers.get(key, set())


# ---------------------------------------------------------------- lexicon loading


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _word_list(value: Any, where: str, fname: str, line: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"line {line}: field {where} must be a list of words", source=fname)
    return [normalize_ar(v.strip()) for v in value]


def _add(lex: ArabicLexicon, form: str, trig: Trigger, kind: str) -> None:
    words = tuple(form.split())
    if len(words) > 1:
        lex.phrases.setdefault(words[0], []).append((words[1:], trig))
        return
    entry = (trig, kind)
    if entry not in lex.forms.setdefault(form, []):
        lex.forms[form].append(entry)


def _expand(lex: ArabicLexicon, trig: Trigger, body: dict, fname: str, line: int) -> None:
    for stem in _word_list(body.get("verb"), f"{trig.id}.verb", fname, line):
        for s in _VERB_SUFFIXES:
            for o in _OBJECT_SUFFIXES:
                _add(lex, stem + s + o, trig, "verb")
    for stem in _word_list(body.get("present"), f"{trig.id}.present", fname, line):
        for s in _PRESENT_SUFFIXES:
            for o in _OBJECT_SUFFIXES:
                _add(lex, stem + s + o, trig, "present")
    for noun in _word_list(body.get("noun"), f"{trig.id}.noun", fname, line):
        _add(lex, noun, trig, "noun")
        if " " not in noun:
            _add(lex, noun + "ا", trig, "noun")  # accusative tanwin: هجوماً
            if noun.endswith("ه"):
                _add(lex, noun[:-1] + "ت", trig, "noun")  # before a possessive: سيطرته


def _load_triggers(lex: ArabicLexicon, fname: str, text: str, known_types: set[str] | None) -> None:
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DataFileError(f"not valid YAML: {e}", source=fname) from e
    if not isinstance(data, dict) or "type" not in data or not isinstance(data.get("triggers"), list):
        raise DataFileError("line 1: fields 'type' and 'triggers' (a list) are required", source=fname)
    ptype = data["type"]
    if known_types is not None and ptype not in known_types:
        raise DataFileError(f"line 1: field type: {ptype!r} is not a PLOVER type", source=fname)
    nodes = {k.value: v for k, v in root.value}["triggers"].value
    for node, body in zip(nodes, data["triggers"]):
        line = _line(node)
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise DataFileError(f"line {line}: field id is required", source=fname)
        unknown = set(body) - _TRIGGER_FIELDS
        if unknown:
            raise DataFileError(f"line {line}: field {sorted(unknown)[0]!r} is not known", source=fname)
        if body.get("control") not in (None, "captured", "contested", "lost"):
            raise DataFileError(f"line {line}: field control must be captured|contested|lost", source=fname)
        if body.get("genitive", "agent") not in ("agent", "patient"):
            raise DataFileError(f"line {line}: field genitive must be agent|patient", source=fname)
        trig = Trigger(
            id=body["id"], type=ptype, mode=body.get("mode"), control=body.get("control"),
            needs=tuple(_word_list(body.get("needs"), f"{body['id']}.needs", fname, line)),
            place_after=normalize_ar(body["place_after"]) if body.get("place_after") else None,
            loser_after=normalize_ar(body["loser_after"]) if body.get("loser_after") else None,
            loser_is_object=bool(body.get("loser_is_object")), actors=body.get("actors", "subject"),
            auxiliary=bool(body.get("auxiliary")),
            not_after=tuple(_word_list(body.get("not_after"), f"{body['id']}.not_after", fname, line)),
            not_before=tuple(_word_list(body.get("not_before"), f"{body['id']}.not_before", fname, line)),
            agentless=bool(body.get("agentless")), genitive=body.get("genitive", "agent"),
            source=f"{fname}:{line}")
        _expand(lex, trig, body, fname, line)
        if trig.agentless:
            lex.agentless.add(trig.id)


def _load_markers(lex: ArabicLexicon, fname: str, text: str) -> None:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise DataFileError("line 1: top level must be a mapping", source=fname)
    for key, value in data.items():
        if key == "vague_numbers":
            lex.markers[key] = {normalize_ar(k): v for k, v in value.items()}
        elif key == "instruments":
            lex.markers[key] = {mode: [tuple(normalize_ar(w).split()) for w in words]
                                for mode, words in value.items()}
        elif key.endswith("phrases") or key in ("no_casualties", "conditional", "agent_markers", "failure", "prospective"):
            lex.markers[key] = [tuple(normalize_ar(w).split()) for w in _word_list(value, key, fname, 0)]
        else:
            lex.markers[key] = set(_word_list(value, key, fname, 0))


@lru_cache(maxsize=1)
def load_lexicon_ar() -> ArabicLexicon:
    """Reads and validates every file of data/lexicon/ar (errors name the file, line and field)."""
    try:
        from frontwatch.coding.ontology import plover_types
        known: set[str] | None = set(plover_types())
    except ImportError:  # pragma: no cover - the ontology ships with the package
        known = None
    lex = ArabicLexicon()
    folder = resources.files("frontwatch.data").joinpath(_LEXICON_DIR)
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yaml"):
            continue
        fname = f"{_LEXICON_DIR}/{entry.name}"
        text = entry.read_text(encoding="utf-8")
        if entry.name == "markers.yaml":
            _load_markers(lex, fname, text)
        else:
            _load_triggers(lex, fname, text, known)
    return lex


# ---------------------------------------------------------------- actors and places of a sentence

_STATE_KINDS = {"state military", "state security", "government", "state"}


@dataclass
class _Span:
    """An actor or place found in the sentence: token range (inclusive) and character offsets."""

    first: int
    last: int
    start: int
    end: int
    ref: Any  # ActorRef | PlaceRef
    state: bool | None = None
    country_level: bool = False
    media: bool = False  # an outlet: a source of claims, never a party to an event


def _actor_kb():
    try:
        from frontwatch.kb.actors import default_kb
        return default_kb()
    except Exception:  # the knowledge base is optional: roles then stay empty
        return None


def _gazetteer():
    try:
        from frontwatch.kb.gazetteer import default_gazetteer
        return default_gazetteer()
    except Exception:
        return None


def _token_range(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    idx = [t.index for t in tokens if t.start < end and start < t.end]
    return (idx[0], idx[-1]) if idx else None


def _alignment(outlet_id: str | None) -> str | None:
    """The outlet's alignment ("syrian-state", "syrian-opposition", "kurdish" …), which decides
    whom generic words stand for ("الجيش", "النظام", "المرتزقة")."""
    if not outlet_id:
        return None
    try:
        from frontwatch.articles.outlets import default_registry
        outlet = default_registry().get(outlet_id)
    except Exception:  # the registry is optional here
        return None
    return getattr(outlet, "alignment", None) if outlet is not None else None


def _find_actors(text: str, country: str | None, date: str | None, alignment: str | None) -> list[_Span]:
    """Actor mentions of `text` (offsets into it; token indices are set per sentence)."""
    kb = _actor_kb()
    if kb is None:
        return []
    from frontwatch.kb.actors import ActorContext
    out = []
    ctx = ActorContext(country=country, date=date, outlet_alignment=alignment)
    for m in kb.find(text, lang="ar", context=ctx):
        actor = kb.get(m.actor_id)
        ref = ActorRef(id=m.actor_id, name=actor.name_en, side=m.side, text=m.text)
        out.append(_Span(-1, -1, m.start, m.end, ref, actor.kind in _STATE_KINDS, media=actor.kind == "media"))
    return out


def _find_places(text: str) -> list[_Span]:
    """Place mentions of `text` (offsets into it), resolved by the gazetteer in the text's context."""
    gaz = _gazetteer()
    if gaz is None:
        return []
    try:
        found = gaz.geoparse(text, lang="ar")
    except Exception:  # the gazetteer is optional: places then stay empty
        return []
    out = []
    for r in found:
        if r.place is None:
            continue
        ref = replace(r.place, text=r.surface)
        out.append(_Span(-1, -1, r.start, r.end, ref, country_level=ref.precision == "country" and ref.located))
    return out


def _in_sentence(found: list[_Span], sent: Sentence, tokens: list[Token]) -> list[_Span]:
    """The mentions inside `sent`, with offsets into the sentence and their token range."""
    out = []
    for f in found:
        if sent.start <= f.start and f.end <= sent.end:
            start, end = f.start - sent.start, f.end - sent.start
            rng = _token_range(tokens, start, end)
            if rng is not None:
                out.append(replace(f, first=rng[0], last=rng[1], start=start, end=end))
    return out


# ---------------------------------------------------------------- one sentence


@dataclass
class _Hit:
    """A trigger found at tokens [index, last]."""

    index: int
    last: int
    trigger: Trigger
    kind: str  # verb | present | noun
    prefix: str  # proclitics peeled off the trigger word
    suffix: str
    place_how: str = ""  # how the place was chosen: prep | after | antecedent | frame | front | before


@dataclass
class _Sent:
    text: str
    tokens: list[Token]
    actors: list[_Span]
    places: list[_Span]
    lex: ArabicLexicon
    anchor: str | None
    hits: list[_Hit] = field(default_factory=list)
    agent: _Span | None = None  # the subject of the article's previous sentence
    published: str | None = None  # the article's own date (relative dates may use a page anchor)


def _in_spans(i: int, spans: Iterable[_Span]) -> bool:
    return any(s.first <= i <= s.last for s in spans)


def _cores(tok: Token) -> set[str]:
    return tok.cores | {tok.norm}


def _is(tok: Token, words: set[str]) -> bool:
    """The token, with or without its clitics, is one of `words` ("وحدات" is وحدات, not و + حدات)."""
    return bool(_cores(tok) & words)


def _follows(s: _Sent, i: int, words: Iterable[str], window: int = 7) -> bool:
    want = set(words)
    for t in s.tokens[i + 1: i + 1 + window]:
        if t.kind == "punct" and t.norm in _BOUNDARY_PUNCT:
            return False
        if _cores(t) & want:
            return True
    return False


def _phrase_at(s: _Sent, i: int, rest: tuple[str, ...]) -> int | None:
    j = i
    for w in rest:
        j += 1
        if j >= len(s.tokens) or w not in _cores(s.tokens[j]):
            return None
    return j


def _allowed(kind: str, pre: str, suf: str) -> bool:
    """Which proclitics a form may carry: the article and prepositions only nouns; the future sin
    only imperfect verbs; a possessive only nouns (verb object pronouns are in the forms)."""
    if pre.endswith("ال") or pre.endswith("لل") or suf:
        return kind == "noun"
    core_pre = pre.lstrip("وف")
    if core_pre == "س":
        return kind == "present"
    if core_pre in ("ب", "ك"):
        return kind == "noun"
    if core_pre == "ل":
        return kind in ("noun", "present")
    return True


def _find_hits(s: _Sent) -> list[_Hit]:
    hits: list[_Hit] = []
    blocked = s.actors + s.places
    for tok in s.tokens:
        if tok.kind != "word" or _in_spans(tok.index, blocked) or (hits and tok.index <= hits[-1].last):
            continue
        if tok.norm in s.lex.words("adverbial_forms"):  # "احتجاجاً على": in protest at, not a protest
            continue
        found: dict[str, _Hit] = {}
        for pre, core, suf in tok.candidates:
            for trig, kind in s.lex.forms.get(core, ()):
                if trig.id in found or not _allowed(kind, pre, suf):
                    continue
                if trig.needs and not _follows(s, tok.index, trig.needs):
                    continue
                if trig.not_after and _after_any(s, tok.index, trig.not_after):
                    continue
                if kind == "noun" and pre.endswith("ال") and _describes_place(s, tok.index):
                    continue  # "مدينة دوما المحاصرة": an adjective, not a siege
                nxt = tok.index + 1
                if trig.not_before and nxt < len(s.tokens) and _cores(s.tokens[nxt]) & set(trig.not_before):
                    continue
                if kind == "verb" and _noun_reading(s, tok.index, trig, core):
                    kind = "noun"
                found[trig.id] = _Hit(tok.index, tok.index, trig, kind, pre, suf)
            for rest, trig in s.lex.phrases.get(core, ()):
                end = _phrase_at(s, tok.index, rest)
                if end is not None and trig.id not in found:
                    found[trig.id] = _Hit(tok.index, end, trig, "noun", pre, suf)
        if found:
            specific = [h for h in found.values() if h.trigger.needs]  # a satisfied frame wins
            hits.append((specific or list(found.values()))[0])
    return hits


def _after_any(s: _Sent, i: int, words: tuple[str, ...]) -> bool:
    """One of `words` among the four words before token i in its clause ("رفع الجيش الإسرائيلي الحصار")."""
    want = set(words)
    for t in reversed(s.tokens[max(0, i - 4): i]):
        if t.kind == "punct" and t.norm in _BOUNDARY_PUNCT | {"،", ","}:
            return False
        if _cores(t) & want:
            return True
    return False


def _describes_place(s: _Sent, i: int) -> bool:
    """A participle with the article right after a place name or place noun is an adjective of it
    ("مدينة دوما المحاصرة": the besieged town)."""
    j = i - 1
    return j >= 0 and s.tokens[i].norm.startswith("الم") and (
        _in_spans(j, s.places) or s.tokens[j].norm in s.lex.words("generic_places"))


def _noun_reading(s: _Sent, i: int, trig: Trigger, core: str) -> bool:
    """A form that is both a perfect verb and a verbal noun ("طرد", "قصف", "قتل") is the noun after
    a preposition ("بعد طرد داعش", "إثر قصف")."""
    if (trig, "noun") not in s.lex.forms.get(core, ()):
        return False
    j = i - 1
    return j >= 0 and (s.tokens[j].norm in s.lex.words("prepositions")
                       or bool(s.tokens[j].cores & s.lex.words("prepositions")))


# ---------------------------------------------------------------- roles

_QUOTES = set("«»\"“”()[]'")


def _word_before(s: _Sent, i: int, skip_fillers: bool = True) -> int | None:
    """Index of the word before token i, skipping quotes and (optionally) filler nouns."""
    j, skipped = i - 1, 0
    while j >= 0:
        t = s.tokens[j]
        if t.kind == "punct" and t.norm in _QUOTES:
            j -= 1
            continue
        if skip_fillers and skipped < 2 and t.kind == "word" and _is(t, s.lex.words("fillers")):
            j -= 1
            skipped += 1
            continue
        return j
    return None


def _governing(s: _Sent, span: _Span) -> str | None:
    """The preposition governing an actor or place ("من داعش" -> "من", "لداعش" -> "ل"), or
    "agent" for "من قبل X" / "صدر عن X" / "بواسطة X"; None when it is free (a subject or object)."""
    tok = s.tokens[span.first]
    if span.start > tok.start:
        pre = normalize_ar(s.text[tok.start:span.start]).lstrip("وف")
        if pre[:1] == "ل" and _partitive(s, span.first, of=True):
            return None
        if pre[:1] in ("ب", "ل", "ك"):
            return pre[:1]
    j = _word_before(s, span.first)
    if j is None:
        return None
    for t in s.tokens[j + 1: span.first]:  # a filler skipped may carry the preposition: "لوحدات الجيش"
        if t.kind == "word" and t.norm[:1] in "بل" and _is(t, s.lex.words("fillers")) \
                and t.norm[1:] in s.lex.words("fillers") | s.lex.words("partitive"):
            return t.norm[:1]
    w = s.tokens[j]
    for marker in s.lex.markers.get("agent_markers", []):
        k = j - len(marker) + 1
        if k >= 0 and all(m in _cores(s.tokens[k + n]) for n, m in enumerate(marker)):
            return "agent"
    preps = s.lex.words("prepositions")
    for c in (w.norm, w.norm[1:] if w.norm[:1] in "وف" else w.norm):
        if c in preps:
            return None if c in ("من", "في") and _partitive(s, j) else c
    if w.kind == "word" and _is(w, s.lex.words("fillers")) and w.norm[:1] in "بل":
        return w.norm[:1]
    return None


def _partitive(s: _Sent, i: int, of: bool = False) -> bool:
    """ "وحدات من الجيش", "خمسة من عناصر داعش" (من after a count or a unit noun), or, with `of`,
    "دبابة للعدو", "مواقع لتنظيم داعش" (ل after what a party owns): the party is not governed."""
    j = _word_before(s, i, skip_fillers=False)
    if j is None:
        return False
    prev = s.tokens[j]
    if of:
        return _is(prev, s.lex.words("possessed"))
    return prev.kind == "number" or _is(prev, s.lex.words("partitive")) \
        or number_at(s.tokens, j) is not None


def _party(a: _Span) -> bool:
    return not a.media


def _is_free(s: _Sent, span: _Span) -> bool:
    return _governing(s, span) is None


def _chain(s: _Sent, span: _Span) -> list[_Span]:
    """The coordinated group an actor belongs to ("القوات السورية ومعها القوات الرديفة (حزب الله
    والحرس الثوري …)"), in text order."""
    ordered = sorted(s.actors, key=lambda x: x.first)
    groups: list[list[_Span]] = []
    for a in ordered:
        if groups and _joined(s, groups[-1][-1], a):
            groups[-1].append(a)
        else:
            groups.append([a])
    return next(g for g in groups if span in g)


def _joined(s: _Sent, left: _Span, right: _Span) -> bool:
    if right.first <= left.last:
        return False
    between = s.tokens[left.last + 1: right.first]
    linked = s.tokens[right.first].norm.startswith("و") or any(
        t.norm in ("،", ",", "و", "(") or _is(t, s.lex.words("with_words")) for t in between)
    return len(between) <= 2 and linked and all(
        t.kind == "punct" and t.norm not in _BOUNDARY_PUNCT or _is(t, s.lex.words("with_words")) or t.norm == "و"
        for t in between)


def _possessive_slot(s: _Sent, hit: _Hit) -> int | None:
    """The token of a possessive force noun in the verb's subject slot: right after it ("سيطرت
    قواته") or opening its clause before it ("أن وحداته بالتعاون مع … استعادت")."""
    if _pronoun_subject(s, hit.last + 1):
        return hit.last + 1
    for j in range(hit.index - 1, max(-1, hit.index - 8), -1):
        t = s.tokens[j]
        if t.kind == "punct" and t.norm in _BOUNDARY_PUNCT | {"،", ","}:
            return None
        if any(a.last == j or a.first == j for a in s.actors if not _ally(s, a)):
            return None
        if _pronoun_subject(s, j) and (j == 0 or s.tokens[j - 1].norm in s.lex.words("that")
                                       or s.tokens[j - 1].kind == "punct"):
            return j
    return None


def _pronoun_subject(s: _Sent, i: int) -> bool:
    """The word after the verb is a force noun with a possessive pronoun ("سيطرت قواته")."""
    if i >= len(s.tokens) or _in_spans(i, s.actors):
        return False
    return any(suf and core in s.lex.words("force_nouns") for _, core, suf in s.tokens[i].candidates)


_NO_PREV: Any = object()  # no earlier verb in the sentence
_REACH = 12  # words: an actor further back is another clause's subject


def _subject(s: _Sent, hit: _Hit, next_hit: int, prev: Any = _NO_PREV) -> _Span | None:
    """Agent marker; relative clause antecedent; S-V adjacency; V-S order (verbs) or genitive (nouns);
    the subject of the previous verb for a conjoined verb; then the nearest free actor before."""
    actors = [a for a in s.actors if _party(a)]
    after = [a for a in actors if hit.last < a.first < next_hit]
    for a in after:
        if _governing(s, a) == "agent":
            return a
    if hit.kind == "noun" and any(t.norm in s.lex.words("relative") for t in s.tokens[hit.last + 1: hit.last + 3]):
        rel = [a for a in after if a.first - hit.last <= 4]
        return rel[0] if rel else None  # "الهجوم الذي شنته الفصائل": the agent, named or not
    floor = _speech_floor(s, hit)
    before = [a for a in actors if floor < a.first and a.last < hit.index and _is_free(s, a)
              and not _claim_source(s, a) and _party(a) and not _ally(s, a)]
    j = _word_before(s, hit.index, skip_fillers=False)
    if hit.kind != "noun" and j is not None and s.tokens[j].norm in s.lex.words("relative"):
        ante = [a for a in actors if a.last < j and j - a.last <= 3]
        if ante:
            return _chain(s, ante[-1])[0]
    if hit.kind != "noun" and before and hit.index - before[-1].last <= 2 and not any(
            t.kind == "punct" for t in s.tokens[before[-1].last + 1: hit.index]):
        return _chain(s, before[-1])[0]
    if hit.kind != "noun":
        slot = _possessive_slot(s, hit)
        if slot is not None:  # "سيطرت قواته", "أن وحداته … استعادت": its forces, the last party named
            named = [a for a in actors if a.last < slot and slot - a.last <= _REACH]
            return named[-1] if named else None
        free = [a for a in after if a.first - hit.last <= 6 and _is_free(s, a) and not _claim_source(s, a)
                and not _prep_between(s, hit.last, a.first)]
        conjoined = hit.prefix[:1] in ("و", "ف") and prev is not _NO_PREV
        if free and not (conjoined and len(free) == 1 and _takes_actor_object(hit)):
            return free[0]
        if conjoined:
            return prev  # type: ignore[return-value]
        if hit.prefix[:1] in ("و", "ف") and not any(a.last < hit.index for a in actors) and s.agent is not None:
            return replace(s.agent, first=-1, last=-1)  # "وحررتها": the last sentence's subject goes on
    elif after and after[0].first == hit.last + 1 and _is_free(s, after[0]) and (
            not _patient_genitive(hit) or _lam_object_follows(s, after[0])):
        return after[0]  # "قصف الطيران", "طرد القوات العراقية للتنظيم"
    elif not _patient_genitive(hit) and _unknown_genitive(s, hit):
        return None  # "دخول المواد الغذائية", "هجوم الفصائل": the agent is named, but not a known party
    near = [a for a in before if hit.index - a.last <= _REACH]
    return _chain(s, near[-1])[0] if near else None


_SPEECH = {"ACCUSE", "THREATEN", "REQUEST", "PROTEST"}  # what they are about is not their agents' act


def _speech_floor(s: _Sent, hit: _Hit) -> int:
    """Where the act reported by an earlier accusation, threat or demand begins: after that verb and
    its subject ("ندد مجلس النواب بالقصف": the shelling is not the parliament's)."""
    reason = max((t.index for t in s.tokens[: hit.index] if t.norm in s.lex.words("adverbial_forms")), default=-1)
    speech = [h for h in s.hits if h.trigger.type in _SPEECH and h.index < hit.index]
    if not speech:
        return reason  # "احتجاجاً على القصف": the shelling protested at is not the protester's
    h = speech[-1]
    subj = _subject(s, h, hit.index)
    return max(reason, h.last, subj.last if subj else -1)


def _claim_source(s: _Sent, a: _Span) -> bool:
    """An actor named as the source of a claim ("بحسب المرصد", "وفقاً لوكالة أعماق")."""
    preps = s.lex.words("claim_preps")
    return any(_cores(t) & preps for t in s.tokens[max(0, a.first - 2): a.first])


def _unknown_genitive(s: _Sent, hit: _Hit) -> bool:
    """An indefinite verbal noun followed by a definite noun that is no known party, place or place
    noun: a construct ("دخول المواد") whose genitive is the agent."""
    if hit.prefix.endswith("ال") or hit.last + 1 >= len(s.tokens):
        return False
    nxt = s.tokens[hit.last + 1]
    blocked = _in_spans(nxt.index, s.actors) or _in_spans(nxt.index, s.places)
    return nxt.kind == "word" and nxt.norm.startswith("ال") and not blocked and not (
        _is(nxt, s.lex.words("place_nouns")) or nxt.norm in s.lex.words("generic_places")
        or _is(nxt, s.lex.words("prepositions")))


def _lam_object_follows(s: _Sent, a: _Span) -> bool:
    """After a verbal noun's genitive, an object marked with ل ("للتنظيم") makes the genitive the agent."""
    nxt = s.tokens[a.last + 1] if a.last + 1 < len(s.tokens) else None
    return nxt is not None and nxt.kind == "word" and nxt.norm[:1] == "ل" and len(nxt.norm) > 3 \
        and nxt.norm not in s.lex.words("prepositions")


def _takes_actor_object(hit: _Hit) -> bool:
    t = hit.trigger
    return t.loser_is_object or (t.type != "RETREAT" and not t.control)


def _patient_genitive(hit: _Hit) -> bool:
    """Verbal nouns whose genitive is the one acted upon ("اعتقال ناشطين", "طرد داعش", "استهداف مواقع",
    "تحرير المدينة")."""
    t = hit.trigger
    return t.genitive == "patient" or t.loser_is_object or t.control == "captured"


def _prep_between(s: _Sent, i: int, j: int) -> bool:
    """A preposition (other than a partitive "من") or a sentence stop between tokens i and j."""
    preps = s.lex.words("prepositions")
    return any((t.norm in preps and not (t.norm == "من" and _partitive(s, t.index)))
               or (t.kind == "punct" and t.norm in _BOUNDARY_PUNCT) for t in s.tokens[i + 1: j])


def _loser(s: _Sent, hit: _Hit, subject: _Span | None, next_hit: int, exclude: list[_Span] = ()
           ) -> _Span | None:
    """The side that loses ground or is targeted: after the trigger's preposition, or its direct object."""
    after = [a for a in s.actors if hit.last < a.first < next_hit and a is not subject and a not in exclude
             and not _claim_source(s, a) and _party(a)]
    trig = hit.trigger
    if trig.loser_after:
        for a in after:
            if _governing(s, a) == trig.loser_after:
                return a
    if trig.loser_is_object or _takes_actor_object(hit):
        for a in after:
            genitive_agent = hit.kind == "noun" and a is subject
            if (subject is None or a.first > subject.last) and _is_free(s, a) and not genitive_agent:
                return a
    for a in after:
        if _governing(s, a) in s.lex.words("target_preps"):
            return a
    return None


def _ally(s: _Sent, a: _Span) -> bool:
    """Introduced by "بدعم من", "بمساندة", "بغطاء" …: it supports the event, it is not a party."""
    allies = s.lex.words("allies")
    return any(_cores(t) & allies or t.norm in allies for t in s.tokens[max(0, a.first - 3): a.first])


def _associated(s: _Sent, hit: _Hit, taken: list[_Span]) -> list[_Span]:
    """The allies named in the trigger's clause, and the actors chained to them."""
    lo, hi = _clause_start(s, hit.index), _clause_end(s, hit.index)
    heads = [a for a in s.actors if _ally(s, a) and a not in taken and lo <= a.first <= hi + 8]
    return _unique([b for a in heads for b in _chain(s, a) if b.first >= a.first and b not in taken])


# ---------------------------------------------------------------- place of the event


def _clause_has_destination(s: _Sent, i: int, j: int) -> bool:
    return any(_cores(t) & s.lex.words("destination") for t in s.tokens[i + 1: j])


def _place_for(s: _Sent, hit: _Hit, next_hit: int, ctx: dict) -> list[PlaceRef]:
    """The place of the event (and places coordinated with it), in this order: the place after the
    trigger's preposition ("سيطر على بلدة X"); a pronoun's or bare place noun's antecedent ("حررتها",
    "دخوله إليها": the nearest place before it in the sentence, else the last place an event of the
    article happened at, else the last place named); the first place after the trigger (a retreat's
    destinations skipped; a country only right after it); a retreat with no place of its own is
    from the place last taken or fought over; else the nearest place before the trigger (the place
    `how` says which: only the first three make a place the article's event focus)."""
    places = [p for p in s.places if not _in_spans(p.first, s.actors)]
    before = [p for p in places if p.last < hit.index and not p.country_level]
    after = [p for p in places if hit.last < p.first < next_hit
             and (not p.country_level or p.first - hit.last <= 4)]
    if hit.trigger.type == "RETREAT":
        after = [p for p in after if not _clause_has_destination(s, hit.last, p.first)]
        if not after:  # "انسحبت القوات الأميركية من العراق": a country left is a place, not a party
            after = [p for p in s.places if hit.last < p.first < next_hit and _in_spans(p.first, s.actors)
                     and _governing_place(s, p) == "من"]
    want = hit.trigger.place_after
    chosen = next((p for p in after if _governing_place(s, p) == want), None) if want else None
    hit.place_how = "prep"
    if chosen is None and _refers_back(s, hit):
        hit.place_how = "antecedent"
        ante = before[-1].ref if before else (ctx.get("last_event_place") or ctx.get("last_place"))
        return [ante] if ante else []
    if chosen is None and after:  # a place in a relative clause of another noun ("النصر الذي تحقق في X") is not its
        after = [p for p in after if not _relative_between(s, hit.last, p.first)]
    if chosen is None and after:
        local = [p for p in after if not p.country_level]
        chosen = local[0] if local else after[0]
        hit.place_how = "after"
    if chosen is not None:
        return [sp.ref for sp in _coordinated(s, chosen, after)]
    if hit.trigger.type == "RETREAT" and ctx.get("last_front"):
        hit.place_how = "front"
        return [ctx["last_front"]]
    hit.place_how = "frame" if before and _witnessed(s, before[-1]) else "before"
    return [before[-1].ref] if before else []


def _relative_between(s: _Sent, lo: int, hi: int) -> bool:
    """Whether a relative pronoun (الذي، التي …) stands between tokens lo and hi."""
    rel = s.lex.words("relative")
    return any(t.norm in rel for t in s.tokens[lo + 1: hi])


def _witnessed(s: _Sent, p: _Span) -> bool:
    """ "شهدت مدينة X مظاهرة": the place is the subject of a verb of witnessing."""
    j = p.first - 1
    while j >= 0 and (_is(s.tokens[j], s.lex.words("place_nouns")) or s.tokens[j].norm in _QUOTES):
        j -= 1
    return j >= 0 and bool(_cores(s.tokens[j]) & s.lex.words("witness_verbs"))


def _governing_place(s: _Sent, p: _Span) -> str | None:
    """Preposition before a place, skipping a place noun ("على بلدة X" -> "على")."""
    j = p.first - 1
    nouns = s.lex.words("place_nouns")
    tok = s.tokens[p.first]
    if p.start > tok.start:
        pre = normalize_ar(s.text[tok.start:p.start]).lstrip("وف")
        if pre[:1] in ("ب", "ل", "ك"):
            return pre[:1]
    while j >= 0 and (_is(s.tokens[j], nouns) or s.tokens[j].norm in _QUOTES):
        j -= 1
    if j < 0:
        return None
    w = s.tokens[j]
    return w.norm if w.norm in s.lex.words("prepositions") else (w.norm[1:] if w.norm[:1] in "وف" else w.norm)


def _coordinated(s: _Sent, head: _Span, pool: list[_Span]) -> list[_Span]:
    """Places listed with the head ("قرى بيت سابر وبيتيما وكفر حور"), except "بين X وY" (one area)."""
    out, last = [head], head
    j = _word_before(s, head.first, skip_fillers=False)
    if j is not None and _is(s.tokens[j], {"بين", "مابين"}):
        return out
    nouns = s.lex.words("place_nouns")
    for p in pool:
        if p.first <= last.last:
            continue
        between = s.tokens[last.last + 1: p.first]
        joined = s.tokens[p.first].norm.startswith("و") or any(t.norm in ("،", ",", "و") for t in between)
        if joined and len(between) <= 3 and all(t.norm in ("،", ",", "و") or _is(t, nouns) for t in between):
            out.append(p)
            last = p
        else:
            break
    return out


def _refers_back(s: _Sent, hit: _Hit) -> bool:
    """The place is a pronoun or a bare place noun: "حررتها", "تحريرها" (of a captured place, the
    possessive is the place; of other verbal nouns, "قصفها", it is the agent), "دخوله إليها"."""
    if hit.suffix and hit.kind == "noun":
        return hit.trigger.control == "captured"
    return (hit.kind != "noun" and _object_pronoun(s, hit)) or _generic_next(s, hit)


def _object_pronoun(s: _Sent, hit: _Hit) -> bool:
    w = s.tokens[hit.index].norm
    return any(w.endswith(o) for o in ("ها", "هم", "ه")) and not w.endswith("يه")


def _generic_next(s: _Sent, hit: _Hit) -> bool:
    """A bare place noun or a pronoun right after the trigger, or after its preposition
    ("فرضت سيطرتها الكاملة على المدينة")."""
    want = hit.trigger.place_after
    if want:
        for t, u in zip(s.tokens[hit.last + 1: hit.last + 7], s.tokens[hit.last + 2: hit.last + 8]):
            if t.norm == want and u.norm in s.lex.words("generic_places"):
                return True
    nxt = s.tokens[hit.last + 1: hit.last + 3]
    back = s.lex.words("generic_places") | s.lex.words("back_pronouns")
    return any(t.norm in back for t in nxt)


# ---------------------------------------------------------------- certainty, toll, mode, date


def _clause_start(s: _Sent, i: int) -> int:
    j = i
    while j > 0 and not (s.tokens[j - 1].kind == "punct" and s.tokens[j - 1].norm in _BOUNDARY_PUNCT | {"،", ","}):
        j -= 1
    return j


def _has_phrase(s: _Sent, start: int, end: int, phrases: list[tuple[str, ...]]) -> tuple[int, int] | None:
    """The first of `phrases` (word tuples; "*" matches any one word) starting in tokens [start, end)."""
    for i in range(start, end):
        for ph in phrases:
            if ph[0] in _cores(s.tokens[i]) and all(
                    i + n < len(s.tokens) and (w == "*" or w in _cores(s.tokens[i + n]))
                    for n, w in enumerate(ph)):
                return i, i + len(ph) - 1
    return None


def _hypothetical(s: _Sent, hit: _Hit) -> bool:
    """Future, negated, modal, conditional or purpose readings, and acts inside a threat or demand."""
    core_pre = hit.prefix.lstrip("وف")
    if hit.kind == "present" and core_pre in ("س", "ل"):
        return True
    words = s.lex.words("hypothetical_before")
    j, seen = hit.index - 1, 0
    while j >= 0 and seen < 3:
        t = s.tokens[j]
        if t.kind == "punct":
            if t.norm in _BOUNDARY_PUNCT | {"،", ","}:
                break
            j -= 1
            continue
        if _cores(t) & words or (hit.kind == "present" and _cores(t) & s.lex.words("qad")):
            return True
        j -= 1
        seen += 1
    lo = _clause_start(s, hit.index)
    if _has_phrase(s, lo, hit.index, s.lex.markers.get("conditional", []) + s.lex.markers.get("failure", [])
                   + s.lex.markers.get("prospective", [])):
        return True
    return any(h.trigger.type in _SCOPE_TYPES and h.index < hit.index
               and (h.trigger.type != "REJECT" or not hit.prefix.endswith("ال")) for h in s.hits)


def _phrase_text(s: _Sent, i: int, limit: int = 3) -> str | None:
    """Up to `limit` words from token i, stopping at punctuation or "أن/إن"."""
    words = []
    for t in s.tokens[i: i + limit]:
        if t.kind == "punct" or t.norm in s.lex.words("that") or t.norm in s.lex.words("prepositions") \
                or (words and t.norm.startswith(("لل", "بال"))):
            break
        words.append(t)
    return s.text[words[0].start: words[-1].end] if words else None


def _claim(s: _Sent, hit: _Hit) -> str | None:
    """Who claims the event: "بحسب X" anywhere in the sentence, or a claim verb before the trigger
    ("أعلن X", "زعم X", "قالت X إن"), or the accuser of an accusation that frames it."""
    for h in s.hits:
        if h.trigger.type == "ACCUSE" and h.trigger.mode == "allege" and h.index < hit.index:
            subj = _subject(s, h, hit.index)
            return subj.ref.name if subj else None
    preps, verbs = s.lex.words("claim_preps"), s.lex.words("claim_verbs")
    for t in s.tokens:
        cores = _cores(t)
        if cores & preps:
            nxt = t.index + 1
            if nxt < len(s.tokens) and s.tokens[nxt].norm in ("ل", "عن", "ما"):
                nxt += 1
            who = next((a for a in s.actors if nxt <= a.first <= nxt + 2), None)
            if who is not None:
                return who.ref.name
            if nxt < len(s.tokens) and _source_noun(s, nxt):
                return _phrase_text(s, nxt) or "unnamed source"
        if t.index < hit.index and t.kind == "word" and _claim_verb(t, verbs):
            stop = next((u.index for u in s.tokens[t.index + 1:] if u.norm in s.lex.words("that")), len(s.tokens))
            who = next((a for a in s.actors if t.index < a.first <= t.index + 4 and a.first < min(hit.index, stop)),
                       None)
            if who is None:
                j = _word_before(s, t.index, skip_fillers=False)
                who = next((a for a in s.actors if j is not None and a.last == j), None)
            if who is not None:
                return who.ref.name
            return _phrase_text(s, t.index + 1) or "unnamed source"
    return None


def _source_noun(s: _Sent, i: int) -> bool:
    """ "مصادر", "ناشطون", "وكالة …": a phrase that names a source without the knowledge base."""
    first = {ph[0] for ph in s.lex.markers.get("claim_phrases", [])}
    return bool(_cores(s.tokens[i]) & first)


def _claim_verb(t: Token, verbs: set[str]) -> bool:
    for _, core, suf in t.candidates:
        if suf:
            continue
        if core in verbs or any(core == v + x for v in verbs for x in ("ت", "وا", "ا", "ون", "ن")):
            return True
    return False


def _fatalities(s: _Sent) -> tuple[int, str] | None:
    """Dead counted in the sentence: "مقتل 50 مسلحاً", "سقوط خمسة قتلى", "مقتل شرطيين" (dual) -> 2,
    "بين 20 و30 قتيلاً" -> 20 (a range keeps its lower figure), "دون وقوع إصابات" -> 0."""
    span = _has_phrase(s, 0, len(s.tokens), s.lex.markers.get("no_casualties", []))
    if span:
        return 0, s.text[s.tokens[span[0]].start: s.tokens[span[1]].end]
    heads = s.lex.words("fatality_heads")
    for i, t in enumerate(s.tokens):
        is_head = bool(_cores(t) & heads) or t.core.startswith("قتل")
        dual = _dual_dead(s, i, is_head)
        if dual:
            return dual
        for j in range(i + 1 if is_head else i, min(len(s.tokens), i + 5 if is_head else i + 1)):
            got = _count_at(s, i, j, is_head)
            if got:
                return got
    return None


def _count_at(s: _Sent, i: int, j: int, is_head: bool) -> tuple[int, str] | None:
    vague = s.lex.markers.get("vague_numbers", {})
    got = number_at(s.tokens, j)
    if got is None and is_head and s.tokens[j].norm in vague and vague[s.tokens[j].norm]:
        got = (vague[s.tokens[j].norm], j + 1)
    if got is None:
        return None
    value, k = got
    follow = s.tokens[k].core if k < len(s.tokens) else ""
    counted = follow in s.lex.words("fatality_nouns") or (
        is_head and (j == i + 1 or follow in s.lex.words("victim_nouns")))
    if not counted or value >= 100000:
        return None
    low = _range_low(s, j)
    first = min(i, j if low is None else j - 2)
    return (value if low is None else min(low, value)), s.text[s.tokens[first].start: s.tokens[k - 1].end]


def _range_low(s: _Sent, j: int) -> int | None:
    """The lower figure of "بين 20 و30" / "20 إلى 30" ending at token j."""
    if j >= 2 and s.tokens[j - 1].norm in ("و", "الي", "-", "–"):
        got = number_at(s.tokens, j - 2)
        return got[0] if got and got[1] == j - 1 else None
    return None


def _dual_dead(s: _Sent, i: int, is_head: bool) -> tuple[int, str] | None:
    """ "سقوط شهيدين", "مقتل شرطيين": a dual of a noun whose plural is not the -ين form counts two."""
    t = s.tokens[i]
    singulars = s.lex.words("dual_nouns")
    dead = s.lex.words("fatality_nouns")
    for _, core, _ in t.candidates:
        stem = core[:-2] if core.endswith(("ين", "ان")) else None
        if stem and stem in singulars and (stem in dead or _after_head(s, i)):
            return 2, t.text
    return None


def _after_head(s: _Sent, i: int) -> bool:
    heads = s.lex.words("fatality_heads")
    return any(_cores(u) & heads or u.core.startswith("قتل") for u in s.tokens[max(0, i - 2): i])


_MODE_PRIORITY = ("suicide-attack", "explosives", "drone", "aerial", "heavy-weapons")


def _mode(s: _Sent, hit: _Hit) -> str | None:
    """Instrument words refine the mode of an attack without a more telling one."""
    trig = hit.trigger
    if trig.type != "ASSAULT" or trig.control or trig.mode not in (None, "heavy-weapons", "firearms", "explosives"):
        return trig.mode
    inst = s.lex.markers.get("instruments", {})
    lo, hi = max(0, hit.index - 6), min(len(s.tokens), hit.last + 9)
    order = _MODE_PRIORITY[: _MODE_PRIORITY.index(trig.mode) + 1] if trig.mode in _MODE_PRIORITY else _MODE_PRIORITY
    for mode in order:
        if _has_phrase(s, lo, hi, inst.get(mode, [])):
            return mode
    return trig.mode


def _date(s: _Sent, hit: _Hit, last: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """The date expression of the trigger's clause, else the nearest one before it; "the same day"
    takes the previous date of the article; with none, the article's last date, else its published
    date at week precision, else None. "منذ تموز 2014" (since) starts a period and dates nothing."""
    found = [d for d in find_dates_ar(s.text, s.anchor) if not _since(s.text, d)]
    pos = s.tokens[hit.index].start
    lo = s.tokens[_clause_start(s, hit.index)].start
    hi = s.tokens[_clause_end(s, hit.index)].end
    same = [d for d in found if lo <= d.start < hi]
    earlier = [d for d in found if d.start < pos]
    pick = min(same, key=lambda d: abs(d.start - pos)) if same else (earlier[-1] if earlier else None)
    if pick is not None and pick.kind == "same_day":
        return last
    if pick is not None and pick.date:
        return pick.date, pick.precision
    if last[0]:
        return last
    return (s.published, "week") if s.published else (None, None)


def _since(text: str, d) -> bool:
    before = normalize_ar(text[max(0, d.start - 6): d.start]).split()
    return d.kind not in ("ago",) and bool(before) and before[-1] in ("منذ", "ومنذ")


def _clause_end(s: _Sent, i: int) -> int:
    j = i
    while j < len(s.tokens) - 1 and not (s.tokens[j + 1].kind == "punct"
                                         and s.tokens[j + 1].norm in _BOUNDARY_PUNCT | {"،", ","}):
        j += 1
    return j


# ---------------------------------------------------------------- events


def _acled(trig: Trigger, mode: str | None, control: Control | None, gainer: _Span | None
           ) -> tuple[str | None, str | None]:
    from frontwatch.coding.ontology import acled_for, acled_for_control
    if control is not None and control.status == "captured":
        got = acled_for_control("captured", gainer.state if gainer else None)
        if got:
            return got
    return acled_for(trig.type, mode)


def _control(hit: _Hit, place: PlaceRef | None, actor: _Span | None, loser: _Span | None) -> Control | None:
    status = hit.trigger.control
    if not status or place is None:
        return None
    if status == "lost":
        return Control(gained_by=loser.ref if loser else None, lost_by=actor.ref, status="lost") if actor else None
    if hit.trigger.actors == "all" or actor is None:
        return None  # clashes contest a place without anyone gaining it
    return Control(gained_by=actor.ref, lost_by=loser.ref if loser else None, status=status)


def _roles(s: _Sent, hit: _Hit, next_hit: int, prev: Any
           ) -> tuple[_Span | None, list[_Span], _Span | None, list[_Span]]:
    """(subject, co-actors with it, losing side or target, associated actors)."""
    if hit.trigger.actors == "all":
        group = _parties(s, hit, next_hit, prev)
        subj, loser = (group[0] if group else None), None
    elif hit.trigger.agentless:  # "انفجار", "مصرع": whoever is named suffered it
        subj, group = None, []
        near = [a for a in s.actors if _party(a) and _is_free(s, a) and not _claim_source(s, a)
                and _clause_start(s, hit.index) <= a.first < next_hit and a.first != hit.last + 1]
        loser = near[0] if near else None
    else:
        subj = _subject(s, hit, next_hit, prev)
        if subj is None:
            group = []
        elif subj.first < 0:
            group = [subj]  # carried over from the previous sentence
        else:
            group = _unique([a for a in _chain(s, subj) if a.first >= subj.first])
        assoc = _associated(s, hit, group)
        loser = _loser(s, hit, subj, next_hit, exclude=assoc + [a for a in s.actors
                                                              if a.ref.id in {g.ref.id for g in group}])
        if loser is not None and any(a.ref.id == loser.ref.id for a in group):
            loser = None
        return subj, [a for a in group if a not in assoc], loser, assoc
    assoc = _associated(s, hit, group)
    return subj, [a for a in group if a not in assoc], loser, assoc


def _parties(s: _Sent, hit: _Hit, next_hit: int, prev: Any) -> list[_Span]:
    """The sides of a battle: those listed after "بين" ("اشتباكات بين الجيش وداعش"), else the subject
    and whoever it fights "مع" / "ضد" ("اشتبكت البيشمركة مع عناصر داعش")."""
    lo, hi = _clause_start(s, hit.index), min(next_hit, _clause_end(s, hit.index) + 1)
    scope = [a for a in s.actors if lo <= a.first < hi and _party(a) and not _claim_source(s, a)]
    between = next((t.index for t in s.tokens[hit.last + 1: hit.last + 4] if _is(t, {"بين", "ما"})), None)
    if between is not None:
        return _unique([a for a in scope if a.first > between])
    subj = _subject(s, hit, next_hit, prev)
    side = [a for a in _chain(s, subj) if a.first >= subj.first] if subj and subj.first >= 0 else (
        [subj] if subj else [])
    against = [a for a in scope if a.first > hit.last and a not in side and any(
        _is(t, {"مع", "ضد"}) for t in s.tokens[max(hit.last + 1, a.first - 3): a.first])]
    return _unique(side + against[:1])


def _events_for(s: _Sent, hit: _Hit, next_hit: int, ctx: dict, prev: Any
                ) -> tuple[list[EventMention], _Span | None]:
    trig = hit.trigger
    if _no_new_event(s, hit):
        return [], None
    subj, group, loser, assoc = _roles(s, hit, next_hit, prev)
    hypothetical = _hypothetical(s, hit)
    claimed_by = None if hypothetical else _claim(s, hit)
    mode = _mode(s, hit)
    date, precision = _date(s, hit, ctx.get("last_date", (None, None)))
    etype = trig.type
    announced = etype in _ANNOUNCED and hypothetical and _announced_future(s, hit)
    if announced:
        etype, mode = _ANNOUNCED[trig.type]
        trig, hypothetical = replace(trig, type=etype, control=None), False
        speaker = _speaker(s, hit)
        if speaker is not None:  # "أبلغت واشنطن موسكو أنها ستقصف": the threat is the speaker's
            group = [speaker]
    out = []
    for place in _place_for(s, hit, next_hit, ctx) or [None]:
        if not _informative(trig, group, loser, place):
            continue
        if not (group or loser) and hit.place_how in ("before", "front"):
            continue  # no party and only a place named earlier: too little to stand as an event
        control = _control(hit, place, subj, loser)
        acled = _acled(trig, mode, control, subj)
        out.append(EventMention(
            article_id="", sentence_index=0, start=0, end=0, text="", type=etype, mode=mode,
            acled_event_type=acled[0], acled_sub_event_type=acled[1], date=date, date_precision=precision,
            actors=[a.ref for a in group], targets=[loser.ref] if loser else [],
            associated=[a.ref for a in assoc], place=place, control=control,
            certainty="hypothetical" if hypothetical else ("claimed" if claimed_by else "reported"),
            claimed_by=claimed_by, language="ar", rule=_rule(s, hit, trig)))
    return out, subj


def _no_new_event(s: _Sent, hit: _Hit) -> bool:
    """"هذه المحادثات", "تلك المعارك": a noun after a demonstrative names an event already told, not a new one;
    "وتيرة الغارات" (the pace of air strikes) speaks of a trend, not of one happening."""
    if hit.kind != "noun" or hit.index == 0:
        return False
    before = s.tokens[hit.index - 1].norm
    return before in s.lex.words("demonstratives") or before in s.lex.words("rate_nouns")


def _unique(spans: list[_Span]) -> list[_Span]:
    seen: set = set()
    out = []
    for a in spans:
        if a.ref.id not in seen:
            seen.add(a.ref.id)
            out.append(a)
    return out


_ANNOUNCED = {"ASSAULT": ("THREATEN", "violence"), "RETREAT": ("CONCEDE", "withdraw")}  # future, said by its author


def _speaker(s: _Sent, hit: _Hit) -> _Span | None:
    """Who announces: the party right after the announcing verb (V-S), else the first party of the
    sentence before it."""
    verbs = s.lex.words("announce_verbs")
    for t in s.tokens[: hit.index]:
        if t.kind == "word" and _claim_verb(t, verbs):
            after = [a for a in s.actors if _party(a) and t.index < a.first <= t.index + 3 and _is_free(s, a)]
            before = [a for a in s.actors if _party(a) and a.last < t.index and _is_free(s, a)]
            return (after or before or [None])[0]
    return None


def _rule(s: _Sent, hit: _Hit, trig: Trigger) -> str:
    """What fired, for `frontwatch code`: "ar-capture-harrara (lexicon/ar/assault.yaml:30) on 'حررت';
    place: prep"."""
    word = s.text[s.tokens[hit.index].start: s.tokens[hit.last].end]
    note = f"; place: {hit.place_how}" if hit.place_how else ""
    if trig.type != hit.trigger.type:
        note += f"; future {hit.trigger.type} announced -> {trig.type}"
    return f"{trig.id} ({trig.source}) on '{word}'{note}"


def _rule_id(e: EventMention) -> str:
    return (e.rule or "").split(" ", 1)[0]


def _announced_future(s: _Sent, hit: _Hit) -> bool:
    """A future attack ("ستقصف", "سوف تقصف") after an announcing verb earlier in the sentence
    ("أبلغت … أنها ستقصف"): what is reported is the threat (as "said it would bomb" in English)."""
    future = (hit.kind == "present" and hit.prefix.lstrip("وف") == "س") or any(
        "سوف" in _cores(t) for t in s.tokens[max(0, hit.index - 3): hit.index])
    verbs = s.lex.words("announce_verbs")
    return future and any(t.kind == "word" and _claim_verb(t, verbs) for t in s.tokens[: hit.index])


def _informative(trig: Trigger, group: list[_Span], loser: _Span | None, place: PlaceRef | None) -> bool:
    """A capture, entry or withdrawal needs a place; a battle, a capture or an entry needs a party;
    any other event needs someone, or (an attack, a protest, an arrest) somewhere."""
    if trig.control and trig.type in ("ASSAULT", "RETREAT") and trig.actors != "all" and place is None:
        return False
    if trig.actors == "all":
        return bool(group)
    if trig.type == "ASSAULT" and trig.control:
        return bool(group or loser)
    if trig.type in ("ASSAULT", "PROTEST", "COERCE"):
        return bool(group or loser or place)
    return bool(group or loser)


_RANK = {"captured": 3, "lost": 2, "contested": 1, None: 0}


def _mergeable(a: EventMention, b: EventMention, weak: set[int], lex: ArabicLexicon) -> bool:
    """Two mentions in one sentence of one event: same type, compatible places (the same, one missing
    or guessed, or a region around a captured place), and actors that agree (the same lead actor,
    one side missing, or one's lead among the other's parties). A device that went off is not the
    capture reported beside it."""
    if a.type != b.type:
        return False
    if (a.control or b.control) and (_agentless(a, lex) or _agentless(b, lex)):
        return False
    if a.place and b.place and a.place.id != b.place.id:
        loose = id(a) in weak or id(b) in weak or (
            (a.control or b.control) and (_coarse(a.place) or _coarse(b.place)))
        if not loose:
            return False
    if not a.actors or not b.actors:
        return True
    lead_a, lead_b = a.actors[0].id, b.actors[0].id
    return lead_a == lead_b or lead_a in {x.id for x in b.actors + b.targets} \
        or lead_b in {x.id for x in a.actors + a.targets}


def _agentless(e: EventMention, lex: ArabicLexicon) -> bool:
    return _rule_id(e) in lex.agentless


def _coarse(p: PlaceRef) -> bool:
    return p.precision in ("region", "district", "country")


def _score(e: EventMention) -> tuple:
    return (_RANK[e.control.status if e.control else None], e.place is not None and not _coarse(e.place),
            e.place is not None, len(e.actors))


_SPECIFIC = ("suicide-attack", "explosives", "drone", "aerial", "heavy-weapons", "targeted", "abduct", "destroy",
             "firearms", None)  # ASSAULT modes, most telling first


def _fold_into(keep: EventMention, other: EventMention) -> None:
    if keep.fatalities is None:
        keep.fatalities, keep.fatalities_text = other.fatalities, other.fatalities_text
    if keep.place is None:
        keep.place = other.place
    if not keep.actors:
        keep.actors = other.actors
    ids = {a.id for a in keep.actors + keep.targets}
    keep.targets += [a for a in other.actors + other.targets if a.id not in ids]
    if _SPECIFIC.index(other.mode if other.mode in _SPECIFIC else None) < \
            _SPECIFIC.index(keep.mode if keep.mode in _SPECIFIC else None):
        keep.mode = other.mode
        if not (keep.control and keep.control.status == "captured"):  # a capture keeps its territory type
            keep.acled_event_type, keep.acled_sub_event_type = other.acled_event_type, other.acled_sub_event_type


def _merge(events: list[EventMention], weak: set[int], lex: ArabicLexicon) -> list[EventMention]:
    """One event per happening in a sentence ("هجوم" and "سيطرت" on one village are one event): the
    mention with the strongest control block (then a place, then most actors) absorbs the others."""
    out: list[EventMention] = []
    for e in sorted(events, key=_score, reverse=True):
        same = next((k for k in out if _mergeable(k, e, weak, lex) and k.certainty == e.certainty), None)
        if same is None:
            out.append(e)
        else:
            _fold_into(same, e)
    order = {id(e): n for n, e in enumerate(events)}
    return sorted(out, key=lambda e: order[id(e)])


def _code_sentence(s: _Sent, ctx: dict) -> list[EventMention]:
    s.hits = _find_hits(s)
    events: list[EventMention] = []
    prev: Any = _NO_PREV
    weak: set[int] = set()
    for n, hit in enumerate(s.hits):
        if _argument_of_previous(s, n) or _subject_is_event(s, n):
            continue
        found, subj = _events_for(s, hit, _scope_end(s, n), ctx, prev)
        if hit.place_how in ("before", "front"):
            weak.update(id(e) for e in found)
        if hit.kind != "noun":
            prev = subj
        if subj is not None and subj.first >= 0:
            ctx["last_agent"] = subj
        for e in found:
            if e.control and e.control.status in ("captured", "contested") and e.place:
                ctx["last_front"] = e.place
            if e.place and not _coarse(e.place) and e.certainty != "hypothetical" and hit.place_how in (
                    "prep", "after", "antecedent", "frame"):
                ctx["last_event_place"] = e.place
        events += found
    if any(e.type == "ASSAULT" and not _aux(e, s) for e in events):
        events = [e for e in events if not _aux(e, s)]
    toll = _fatalities(s)
    if toll is not None:
        for e in events:
            if e.type == "ASSAULT":
                e.fatalities, e.fatalities_text = toll
                break
    _threat_targets(events)
    if not any(e.actors for e in events):
        free = [a for a in s.actors if _is_free(s, a) and not _claim_source(s, a)]
        if free:
            ctx["last_agent"] = free[0]
    return _merge(events, weak, s.lex)


def _subject_is_event(s: _Sent, n: int) -> bool:
    """A verb whose subject is the noun of another kind of event ("دخلت قافلة مساعدات": the convoy
    entered; that is the aid, not an entry)."""
    hit = s.hits[n]
    nxt = s.hits[n + 1] if n + 1 < len(s.hits) else None
    return hit.kind != "noun" and nxt is not None and nxt.kind == "noun" and nxt.index == hit.last + 1 \
        and nxt.trigger.type != hit.trigger.type and not hit.trigger.needs


def _argument_of_previous(s: _Sent, n: int) -> bool:
    """A verbal noun right after another trigger, of another type, is its argument ("الهجوم على قافلة
    المساعدات": the convoy was attacked, no aid was given) — unless the first is a threat, demand,
    refusal, accusation or protest, whose object is an act of its own ("هدد بقصف", "مظاهرة ضد قصف")."""
    if n == 0:
        return False
    hit, prev = s.hits[n], s.hits[n - 1]
    if _subject_is_event(s, n - 1):
        return False
    return hit.kind == "noun" and hit.index - prev.last <= 2 and hit.trigger.type != prev.trigger.type \
        and prev.trigger.type not in _SCOPE_TYPES | _SPEECH


def _threat_targets(events: list[EventMention]) -> None:
    """A threat or demand without a target takes the target of the act it threatens
    ("هددت الفصائل باستهداف القوات الأميركية")."""
    for n, e in enumerate(events):
        if e.type in ("THREATEN", "REQUEST") and not e.targets:
            nested = next((x for x in events[n + 1:] if x.certainty == "hypothetical" and x.targets), None)
            if nested is not None:
                e.targets = [t for t in nested.targets if t.id not in {a.id for a in e.actors}]


def _scope_end(s: _Sent, n: int) -> int:
    """Where the roles of hit n stop: at the next verb trigger, or the next noun trigger that is not
    part of this one's own subject or object ("فجر انتحاري …": the bomber is the subject; "الهجوم
    على قافلة المساعدات": the convoy is what was attacked)."""
    hit = s.hits[n]
    for nxt in s.hits[n + 1:]:
        if _in_frame(s, hit, nxt):
            continue
        if nxt.kind != "noun" or nxt.index - hit.last > 2:
            return nxt.index
    return len(s.tokens)


def _in_frame(s: _Sent, hit: _Hit, nxt: _Hit) -> bool:
    """The later trigger is the word this one needs ("أحبطت القوات هجوماً لداعش": the attack is what
    was foiled, and its attacker is the one repelled)."""
    return bool(hit.trigger.needs) and nxt.kind == "noun" and nxt.index - hit.last <= 7 \
        and bool(_cores(s.tokens[nxt.index]) & set(hit.trigger.needs))


def _aux(e: EventMention, s: _Sent) -> bool:
    return any(h.trigger.auxiliary and h.trigger.id == _rule_id(e) for h in s.hits)


def _split_overlaps(text: str, tokens: list[Token], places: list[_Span], actors: list[_Span],
                    lex: ArabicLexicon) -> tuple[list[_Span], list[_Span]]:
    """A name found both as a place and as an actor ("بغداد", "سوريا", "ريف دمشق") is a place when the
    longer reading is the place's or when a locative word governs it ("شمالي بغداد", "ببغداد",
    "في سوريا"), an actor otherwise ("واشنطن قررت", "مع العراق")."""
    keep_actors = []
    for a in actors:
        cover = [p for p in places if p.first <= a.first and a.last <= p.last]
        if any(p.last - p.first > a.last - a.first for p in cover):
            continue
        same = [p for p in cover if (p.first, p.last) == (a.first, a.last)]
        if same and _locative(text, tokens, a, lex):
            continue
        keep_actors.append(a)  # the place reading stays behind it, for "انسحب من العراق"
    return places, keep_actors


def _locative(text: str, tokens: list[Token], a: _Span, lex: ArabicLexicon) -> bool:
    tok = tokens[a.first]
    if a.start > tok.start and normalize_ar(text[tok.start:a.start]).lstrip("وف")[:1] == "ب":
        return True
    j = a.first - 1
    return j >= 0 and (tokens[j].norm in lex.words("locative") or bool(tokens[j].cores & lex.words("locative")))


def _generic_place(p: _Span, tokens: list[Token], lex: ArabicLexicon) -> bool:
    """A bare place noun ("مدينة", "المدينة") is not a place name, whatever a gazetteer says."""
    t = tokens[p.first]
    return p.first == p.last and (_is(t, lex.words("place_nouns")) or t.norm in lex.words("generic_places"))


def _country_focus(places: list[_Span]) -> str | None:
    counts: dict[str, int] = {}
    for p in places:
        if p.ref.country:
            counts[p.ref.country] = counts.get(p.ref.country, 0) + 1
    return max(counts, key=counts.get) if counts else None


def code_article_ar(article: Article, sentences: list[Sentence] | None = None, *,
                    page_articles: list[Article] | None = None) -> list[EventMention]:
    """Event mentions of an Arabic article. Text in any other language yields nothing: an article
    marked with another language, or a sentence not written mostly in Arabic script, is not coded."""
    if article.language not in (None, "ar") or (article.language is None and not looks_arabic(article.text)):
        return []
    if sentences is None:
        sentences = split_sentences_ar(article.text, article.article_id)
    anchor = page_anchor(article, page_articles)
    lex = load_lexicon_ar()
    ctx: dict = {}
    out: list[EventMention] = []
    quotes = Tracker("ar")
    all_places = _find_places(article.text)  # once per article: the knowledge bases use its context
    all_actors = _find_actors(article.text, _country_focus(all_places), anchor, _alignment(article.outlet_id))
    title = normalize_ar((article.title or "").strip())
    for sent in sentences:
        if not looks_arabic(sent.text) or (title and normalize_ar(sent.text.strip()) == title):
            continue  # the headline repeats the report in a few words, without its grammar (as in English)
        tokens = tokenize_ar(sent.text)
        places = [p for p in _in_sentence(all_places, sent, tokens) if not _generic_place(p, tokens, lex)]
        actors = _in_sentence(all_actors, sent, tokens)
        places, actors = _split_overlaps(sent.text, tokens, places, actors, lex)
        s = _Sent(sent.text, tokens, actors, places, lex, anchor, agent=ctx.get("last_agent"),
                  published=article.published)
        events = _code_sentence(s, ctx)
        for e in events:
            e.article_id, e.sentence_index = article.article_id, sent.index
            e.start, e.end, e.text = sent.start, sent.end, sent.text
            out.append(e)
        quotes.apply(sent.index, sent.text, events, lambda ev, t=sent.text: _trigger_at(ev, t))
        dated = [d for d in find_dates_ar(sent.text, anchor)
                 if d.date and d.precision in ("day", "week") and not _since(sent.text, d)]
        if dated:
            ctx["last_date"] = (dated[-1].date, dated[-1].precision)
        named = [p for p in places if not p.country_level and not _in_spans(p.first, actors)]
        if named:
            ctx["last_place"] = named[-1].ref
    return out


def _trigger_at(ev: EventMention, text: str) -> int | None:
    """Where the trigger word named in the rule ("on 'قطع'") first occurs in the sentence."""
    m = re.search(r" on '([^']+)'", ev.rule or "")
    pos = text.find(m.group(1)) if m else -1
    return pos if pos >= 0 else None


def code_sentence_ar(text: str, *, date: str | None = None) -> list[EventMention]:
    """Event mentions of one Arabic sentence (or short text); `date` anchors relative dates."""
    article = Article(article_id="sentence", document="", index=0, text=text, published=date, language="ar")
    if not looks_arabic(text):
        return []
    return code_article_ar(article)
