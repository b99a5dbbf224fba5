"""Line signals of a page: each non-blank line classified (boilerplate, outlet, byline, date, title, ...)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from frontwatch.articles.dates import date_line, find_date
from frontwatch.articles.outlets import Outlet, OutletRegistry
from frontwatch.articles.phrases import Phrases
from frontwatch.nlp.normalize import fold, fold_with_offsets

__all__ = ["Line", "classify_lines", "script_of", "name_like", "dateline_outlet"]

# Kinds: drop / related / end (boilerplate phrases), outlet (a line that is an outlet's name),
# source ("Source: X"), byline ("By X"), translator ("Translated by X"), date (a date-only line),
# intro ("The analysis below was released by X on DATE:"), numbered ("3. Title"), title (a short
# heading-like line), para (a paragraph).
MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 180
MAX_SIGNAL_CHARS = 400  # longer lines are paragraphs: no marker, byline, date or outlet line is
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)\-–]\s+\S")
_GLUED_STOP = re.compile(r"(?<=[a-z])(?=[A-Z][a-z]+)")
_NAME_CUT = re.compile(r"\s[-–—|]\s|[,;|(]|\s\s")
_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "van", "von", "la", "le", "da", "di", "du", "der"}


@dataclass
class Line:
    index: int  # position among the page's non-blank lines
    start: int  # offsets of the stripped line in the page text
    end: int
    text: str
    kind: str = "para"
    script: str = "latin"  # 'ar' | 'latin' | 'mixed' | 'none'
    value: str | None = None  # author / translator / date / outlet surface, by kind
    outlet: Outlet | None = None
    date: str | None = None
    origin: tuple[str | None, Outlet | None] | None = None  # "originally appeared in <lang> at <outlet>"
    number: int | None = None
    dateline: bool = False  # a paragraph opening with a wire dateline: "BEIRUT (Reuters) -"

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def heading_like(self) -> bool:
        return self.kind in ("title", "numbered")


def script_of(text: str) -> str:
    ar = len(_ARABIC.findall(text))
    la = len(_LATIN.findall(text))
    if not ar and not la:
        return "none"
    if ar >= 0.75 * (ar + la):
        return "ar"
    if la >= 0.75 * (ar + la):
        return "latin"
    return "mixed"


def name_like(text: str, phrases: Phrases) -> bool:
    """A bare personal name (or up to three joined by ',', 'and', '&'): 2-5 words each, no digits, no
    dash (an 'Outlet – City' line); Latin words capitalised, Arabic without function words. A list of
    one-word items (a page's tags) is not names."""
    parts = re.split(r"\s*[,،]\s*(?:and\s+)?|\s+(?:and|&)\s+", text.strip(" ,.;:"))
    return 1 <= len(parts) <= 3 and all(_one_name(p, phrases) for p in parts)


def _one_name(text: str, phrases: Phrases) -> bool:
    words = text.strip(" ,.;:").split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in text) or any(c in text for c in "/:|?!؟–—"):
        return False
    if script_of(text) == "ar":  # no capitals to go by: at most four words, none a function word
        return len(words) <= 4 and not any(fold(w) in phrases.function_words for w in words)
    if script_of(text) != "latin":
        return False
    return all(w[:1].isupper() or (fold(w).split() or [''])[0] in _PARTICLES for w in words)


def _cut_name(rest: str, phrases: Phrases) -> str:
    """The name at the start of `rest`, cut at punctuation, a glued or spaced stop word."""
    rest = _GLUED_STOP.sub(" ", rest)
    rest = _NAME_CUT.split(rest, maxsplit=1)[0]
    words = rest.split()
    kept: list[str] = []
    for i, w in enumerate(words):
        low = fold(w)
        if i and (low in phrases.name_stop or " ".join(fold(x) for x in words[i:i + 2]) in phrases.name_stop):
            break
        kept.append(w)
    return " ".join(kept).strip(" ,.;:-–—\"'”“")


def _names_whole_byline(name: str, rest: str, phrases: Phrases) -> bool:
    """The name is the byline's point: what follows it is nothing, punctuation then more credits,
    or a stop word ("Originally appeared ...") -- not the rest of a sentence ("By Monday, the army ...")."""
    tail = _GLUED_STOP.sub(" ", rest)
    pos = tail.find(name.split()[-1])
    tail = tail[pos + len(name.split()[-1]):].strip() if pos >= 0 else ""
    tail = tail.strip(" .\"'”“")
    if not tail:
        return True
    if tail[0] in ";|–—-(/":
        return True
    words = tail.lstrip(",").split()
    if not words:
        return True
    first = fold(words[0])
    return first in phrases.name_stop or " ".join(fold(w) for w in words[:2]) in phrases.name_stop or (
        tail[0] == "," and len(words) <= 4 and all(w[:1].isupper() for w in words))


def _after_cue(text: str, cues: tuple[str, ...]) -> tuple[str, str] | None:
    """(cue, original text after it) when the folded line starts with one of `cues`."""
    folded, offsets = fold_with_offsets(text)
    for cue in cues:
        if folded == cue:
            return cue, ""
        if folded.startswith(cue + " "):
            return cue, text[offsets[len(cue) + 1]:]
    return None


def _marker(folded: str, text: str, phrases_list: tuple[str, ...]) -> bool:
    """Whole line is the phrase, or the phrase then ':' / '»' and a short remainder (a link title)."""
    for p in phrases_list:
        if folded == p:
            return True
        if folded.startswith(p + " "):
            tail = folded[len(p) + 1:].split()
            m = re.match(r"\W*" + r"\W+".join(re.escape(w) for w in p.split()) + r"\s*([:»>|\-–—])", text.strip().lower())
            if m or len(tail) <= 2 and not any(c.isdigit() for c in tail):
                return len(tail) <= 14
    return False


def _outlet_only(text: str, registry: OutletRegistry, phrases: Phrases) -> Outlet | None:
    """The outlet when the line is nothing but an outlet's names (plus fillers such as 'Website'),
    or a dateline credit: the outlet and a place of one or two words across a dash ("Kirkuk – INA")."""
    if len(text) > 80:
        return None
    outlet = _names_only(text, registry, phrases)
    if outlet is not None:
        return outlet
    for m in re.finditer(r"[-–—]", text):
        left, right = text[:m.start()].strip(), text[m.end():].strip()
        for mine, other in ((left, right), (right, left)):
            words = other.split()
            if mine and 1 <= len(words) <= 2 and not any(c.isdigit() for c in other):
                hit = _names_only(mine, registry, phrases)
                if hit is not None:
                    return hit
    return None


def _names_only(text: str, registry: OutletRegistry, phrases: Phrases) -> Outlet | None:
    """The outlet when `text` holds only its names ("SANA – Syrian Arab News Agency", "INA (واع)") and
    fillers. A short name in brackets counts too (Arabic has no capitals to tell it from a word)."""
    whole = registry.lookup(name=text.strip(" :.-–—|()"))
    if whole is not None:
        return whole
    hits = registry.find(text)
    if not hits:
        return None
    outlet = max(hits, key=lambda h: h[1] - h[0])[2]
    rest, pos = [], 0
    for start, end, hit in sorted(hits, key=lambda h: h[0]):
        if hit.id == outlet.id and start >= pos:
            rest.append(text[pos:start])
            pos = end
    rest.append(text[pos:])
    words = fold(" ".join(rest)).split()
    return outlet if all(w in phrases.outlet_filler or registry.lookup(name=w) is outlet for w in words) else None


def _byline(line: Line, phrases: Phrases, registry: OutletRegistry) -> bool:
    for kind, cues in (("translator", phrases.byline_translator), ("credit", phrases.byline_credit),
                       ("byline", phrases.byline_author)):
        hit = _after_cue(line.text, cues)
        if not hit or line.words > 30:
            continue
        name = _cut_name(hit[1], phrases)
        if name and _names_whole_byline(name, hit[1], phrases) and (
                name_like(name, phrases) or _outlet_staff(name, registry, phrases)
                or (len(name.split()) == 1 and name[:1].isupper() and fold(name) not in phrases.months)):
            line.kind, line.value = kind, name
            line.origin = _origin(line.text, phrases, registry)
            return True
    return False


def _outlet_staff(name: str, registry: OutletRegistry, phrases: Phrases) -> bool:
    """'Rudaw staff', 'Kurdistan 24 Newsroom': an outlet's name and staff words, nothing else."""
    hits = registry.find(name)
    if not hits:
        return False
    start, end, _ = max(hits, key=lambda h: h[1] - h[0])
    rest = fold(name[:start] + " " + name[end:])
    return bool(rest) and (rest in phrases.byline_staff or all(w in phrases.byline_staff for w in rest.split()))


def _origin(text: str, phrases: Phrases, registry: OutletRegistry) -> tuple[str | None, Outlet | None] | None:
    folded, offsets = fold_with_offsets(text)
    for cue in phrases.origin_cue:
        pos = folded.find(cue)
        if pos < 0:
            continue
        after = folded[pos + len(cue):].split()
        lang = phrases.languages.get(after[0]) if after else None
        tail = text[offsets[min(pos + len(cue), len(offsets) - 1)]:]
        hits = registry.find(tail)
        return lang, (hits[0][2] if hits else None)
    return None


def _source(line: Line, phrases: Phrases, registry: OutletRegistry) -> bool:
    """'Source: Al-Manar Website', 'المصدر: سانا', 'Source: Al-Watan | 20 November 2017'."""
    hit = _after_cue(line.text, phrases.byline_source)
    if not hit or line.words > 16:
        return False
    rest = hit[1].strip(" :-–—")
    name = re.split(r"\s*[|•]\s*|\s[-–—]\s", rest, maxsplit=1)[0].strip() if rest else ""
    outlet = _outlet_only(name, registry, phrases) if name else None
    if outlet is None and name and len(name.split()) <= 6:
        hits = registry.find(name)
        outlet = hits[0][2] if hits else None
    colon = line.text.lstrip()[len(hit[0]):].lstrip()[:1] in ":-–—"
    if outlet is None and not (name and len(name.split()) <= 6 and colon):
        return False
    date = find_date(rest, phrases)
    line.kind, line.outlet, line.value, line.date = "source", outlet, name, date[0] if date else None
    return True


def _intro(line: Line, phrases: Phrases, registry: OutletRegistry) -> bool:
    if not line.text.rstrip().endswith(":") or line.words > 40:
        return False
    folded = f" {fold(line.text)} "
    if not any(f" {cue} " in folded for cue in phrases.intro_cue):
        return False
    hits = registry.find(line.text)
    if not hits:
        return False
    date = find_date(line.text, phrases)
    line.kind, line.outlet, line.date = "intro", hits[0][2], date[0] if date else None
    return True


def _shape(text: str) -> str:
    """'title' for a short heading-like line, else 'para'."""
    t = text.strip()
    if len(t) > MAX_TITLE_CHARS or len(t.split()) > MAX_TITLE_WORDS:
        return "para"
    if t[-1:] in ".:;,،":
        return "para"
    return "title"


_FORMAT_CHARS = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")


def classify_line(line: Line, phrases: Phrases, registry: OutletRegistry) -> Line:
    """Sets the line's kind and what it tells (author, outlet, date ...). Bidi marks and zero-width
    characters, common around Arabic dates and names, are ignored for the tests."""
    clean = _FORMAT_CHARS.sub("", line.text).strip()
    if clean == line.text:
        return _classify(line, phrases, registry)
    probe = _classify(Line(line.index, line.start, line.end, clean or line.text), phrases, registry)
    probe.text = line.text
    return probe


def _classify(line: Line, phrases: Phrases, registry: OutletRegistry) -> Line:
    text = line.text
    if len(text) > MAX_SIGNAL_CHARS:  # only paragraphs are this long; skip the phrase tests
        line.script, line.kind = script_of(text[:2000]), "para"
        _wire_dateline(line, registry)
        return line
    folded = fold(text)
    line.script = script_of(text)
    for kind, plist in (("drop", phrases.drop), ("related", phrases.related), ("end", phrases.end)):
        if _marker(folded, text, plist):
            line.kind = kind
            return line
    if line.words <= 40 and (_byline(line, phrases, registry) or _source(line, phrases, registry)):
        return line
    outlet = _outlet_only(text, registry, phrases)
    if outlet is not None:
        line.kind, line.outlet = "outlet", outlet
        return line
    date = date_line(text, phrases)
    if date:
        line.kind, line.date = "date", date
        return line
    if _intro(line, phrases, registry):
        return line
    line.kind = _shape(text)
    if line.kind == "para":
        _wire_dateline(line, registry)
    m = _NUMBERED.match(text)
    if m and line.kind == "title":
        line.kind, line.number = "numbered", int(m.group(1))
    return line


def classify_lines(text: str, phrases: Phrases, registry: OutletRegistry) -> list[Line]:
    """Every non-blank line of `text` with its offsets (stripped) and its kind."""
    out: list[Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            out.append(classify_line(Line(len(out), start, start + len(stripped), stripped), phrases, registry))
        pos += len(raw)
    return out


_WIRE = re.compile(r"^[A-Z][A-Z'’. -]{2,40}(?:,\s*[A-Z][\w .'’-]{1,30})?\s*\(([^()]{2,40})\)\s*[-–—]")


def _wire_dateline(line: Line, registry: OutletRegistry) -> None:
    m = _WIRE.match(line.text)
    if m:
        line.dateline = True
        line.outlet = registry.lookup(name=m.group(1))


def dateline_outlet(text: str, registry: OutletRegistry) -> Outlet | None:
    """Outlet named in a paragraph's dateline: 'BEIRUT (Reuters) -', 'Information Clearing House – ...'."""
    m = re.match(r"^(.{2,70}?)\s*[–—-]{1,2}\s", text)
    head = m.group(1) if m else text[:70].split(":", 1)[0] if ":" in text[:70] else ""
    hits = registry.find(head)
    return hits[0][2] if hits else None
