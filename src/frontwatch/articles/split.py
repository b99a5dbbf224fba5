"""Compilation splitting of plain text: page lines -> article drafts with header and attribution.

Boundaries come only from general page signals: outlet lines, bylines, date lines, heading-like
lines, numbered items, a switch of script (Arabic <-> Latin), related-content and end markers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from frontwatch.articles.lines import Line, classify_lines, dateline_outlet, name_like
from frontwatch.articles.outlets import Outlet, OutletRegistry, default_registry
from frontwatch.articles.phrases import Phrases, default_phrases

__all__ = ["Draft", "split_text"]

_HEADER_KINDS = ("date", "byline", "translator", "outlet", "source", "credit")


@dataclass
class Draft:
    """One article found in the text: kept lines, dropped lines and what its lines tell."""

    lines: list[Line] = field(default_factory=list)
    dropped: list[Line] = field(default_factory=list)
    has_body: bool = False
    script: str | None = None
    hint_outlet: Outlet | None = None  # from an intro line before it ("... below was released by X:")
    hint_date: str | None = None
    title: str | None = None
    outlet: str | None = None
    outlet_ref: Outlet | None = None
    author: str | None = None
    translator: str | None = None
    published: str | None = None
    published_from: str = "article"  # "intro" when the date is an intro line's, before the article
    origin: tuple[str | None, Outlet | None] | None = None

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def text(self) -> str:
        return "\n\n".join(ln.text for ln in self.lines)


class _Splitter:
    """Walks the page's lines once, opening an article at each boundary signal."""

    def __init__(self, lines: list[Line], phrases: Phrases):
        self.lines = lines
        self.phrases = phrases
        self.drafts: list[Draft] = []
        self.orphans: list[Line] = []  # dropped before the first article
        self.cur: Draft | None = None
        self.after_related = False
        self.hint: Line | None = None
        self.last_item: int | None = None  # number of the last digest item that opened an article

    # ------------------------------------------------------------ bookkeeping
    def drop(self, ln: Line) -> None:
        (self.cur.dropped if self.cur else self.drafts[-1].dropped if self.drafts else self.orphans).append(ln)

    def open(self, ln: Line) -> None:
        self.cur = Draft()
        if self.hint is not None:
            self.cur.hint_outlet, self.cur.hint_date, self.hint = self.hint.outlet, self.hint.date, None
        self.drafts.append(self.cur)
        self.after_related = False
        if ln.kind == "numbered":
            self.last_item = ln.number
        self.add(ln)

    def add(self, ln: Line) -> None:
        cur = self.cur
        cur.lines.append(ln)
        if ln.kind == "para":
            cur.has_body = True
        if ln.kind in ("para", "title", "numbered") and cur.script is None and ln.script in ("ar", "latin"):
            cur.script = ln.script

    def close(self, related: bool) -> None:
        self.cur = None
        self.after_related = related
        if related:
            self.hint_passed()

    def hint_passed(self) -> None:
        """A related-content or end marker after an intro line ("The analysis below was released by X on
        DATE:"): what the line introduced stood before the marker (an embed the text lost), so its date
        is not the next article's. The outlet stays: it names whose page this is."""
        if self.hint is not None and self.hint.date is not None:
            self.hint = replace(self.hint, date=None)

    # ------------------------------------------------------------ between articles
    def run_from(self, i: int) -> int:
        """End (exclusive) of the run of non-paragraph lines starting at i, stopping at a marker."""
        j = i
        while j < len(self.lines) and self.lines[j].kind not in ("para", "related", "end"):
            j += 1
        return j

    def choose_start(self, run: list[Line], ends_in_para: bool) -> int | None:
        """Where, in a run of short lines after an article ended, the next article starts."""
        content = [k for k, ln in enumerate(run) if ln.kind != "drop"]
        if not content:
            return None
        heads = [k for k in content if run[k].kind in _HEADER_KINDS]
        outlets = [k for k in content if run[k].kind == "outlet"]
        if self.after_related and outlets and all(run[k].kind == "title" for k in content if k < outlets[0]):
            return outlets[0]  # an outlet line opens an article; short lines before it are links
        numbered = [k for k in content if run[k].kind == "numbered"]
        if numbered and all(run[k].kind == "title" for k in content if k < numbered[0]):
            return numbered[0]  # a digest's first item; what precedes it is the page's heading
        if ends_in_para and self.lines[run[0].index + len(run)].dateline:
            if heads and not self.drafts:  # headline, byline/date, then a caption: the headline opens it
                return self._back_over_titles(run, heads[0], content, self.phrases)
            titles = [k for k in content if run[k].heading_like]  # a wire story: its headline, then the lede
            return titles[-1] if titles else None
        if not self.after_related and (ends_in_para or not self.drafts):
            return content[0]
        if not self.after_related and not ends_in_para:
            return content[0] if heads else None
        if heads:
            return self._back_over_titles(run, heads[0], content, self.phrases)
        if ends_in_para:
            titles = [k for k in content if run[k].heading_like]
            return titles[-1] if titles else None
        return None

    @staticmethod
    def _back_over_titles(run: list[Line], k: int, content: list[int], phrases: Phrases) -> int:
        """From the first header line k back over the headline (and a bare name line under it)."""
        before = [c for c in content if c < k]
        if before and run[before[-1]].heading_like:
            if (len(before) > 1 and run[before[-2]].heading_like and run[before[-1]].kind == "title"
                    and name_like(run[before[-1]].text, phrases)):
                return before[-2]
            return before[-1]
        return k

    def between(self, i: int) -> int:
        ln = self.lines[i]
        if ln.kind in ("drop", "related", "end"):
            self.drop(ln)
            self.after_related = self.after_related or ln.kind in ("related", "end")
            if ln.kind != "drop":
                self.hint_passed()
            return i + 1
        j = self.run_from(i)
        ends_in_para = j < len(self.lines) and self.lines[j].kind == "para"
        run = self.lines[i:j]
        start = self.choose_start(run, ends_in_para) if run else None
        if start is None and ends_in_para and not (self.after_related and run):
            start = len(run)  # a paragraph straight after the end: an article without header
            run = self.lines[i:j + 1]
        if start is None:
            for ln in run:
                self.drop(ln)
            return j
        for ln in run[:start]:
            self.drop(ln)
        self.open(run[start])
        return i + start + 1

    # ------------------------------------------------------------ inside an article
    def next_script(self, i: int) -> str | None:
        for ln in self.lines[i + 1:i + 4]:
            if ln.kind in ("para", "title", "numbered") and ln.script in ("ar", "latin"):
                return ln.script
        return None

    def switches_script(self, i: int) -> bool:
        ln, cur = self.lines[i], self.cur
        if not cur.has_body or cur.script is None or ln.kind not in ("para", "title", "numbered"):
            return False
        script = ln.script if ln.script in ("ar", "latin") else self.next_script(i)
        if script is None or script == cur.script:
            return False
        return self.next_script(i) == script  # one quoted line in another script is not a new article

    def split_before(self, i: int) -> None:
        """Start a new article at line i, taking along a heading line just before it."""
        cur = self.cur
        take = 0
        if cur.lines and cur.lines[-1].heading_like and len(cur.lines) > 1:
            take = 1
        moved = cur.lines[len(cur.lines) - take:]
        del cur.lines[len(cur.lines) - take:]
        self.cur = None
        self.open(moved[0] if moved else self.lines[i])
        if moved:
            self.add(self.lines[i])

    def next_item(self, i: int) -> bool:
        """A numbered line opens a digest item when it continues the items' count (or is item 1 and
        not the first of a bare numbered list inside an article)."""
        ln = self.lines[i]
        nxt = next((x for x in self.lines[i + 1:] if x.kind != "drop"), None)
        if ln.number == 1:
            return nxt is None or nxt.kind != "numbered"
        return self.last_item is not None and ln.number == self.last_item + 1

    def inside(self, i: int) -> int:
        ln, cur = self.lines[i], self.cur
        kind = ln.kind
        if kind == "drop":
            cur.dropped.append(ln)
        elif kind in ("related", "end"):
            cur.dropped.append(ln)
            self.close(related=True)
        elif kind in ("source", "translator", "credit") and cur.has_body:
            self.add(ln)
            self.close(related=False)
        elif kind == "outlet" and cur.has_body:
            self.cur = None
            self.open(ln)
        elif (kind in ("byline", "date") or ln.dateline) and cur.has_body:
            self.split_before(i)
        elif kind == "numbered" and cur.has_body and self.next_item(i):
            self.cur = None
            self.open(ln)
        elif self.switches_script(i):
            self.cur = None
            self.open(ln)
        else:
            if kind == "intro":
                self.hint = ln
            self.add(ln)
        return i + 1

    def run(self) -> list[Draft]:
        i = 0
        while i < len(self.lines):
            i = self.inside(i) if self.cur is not None else self.between(i)
        if not self.drafts and self.orphans:  # nothing but boilerplate: keep it as one article
            self.cur = None
            self.open(self.orphans.pop(0))
            for ln in self.orphans:
                self.add(ln)
            self.orphans = []
        if self.drafts and self.orphans:
            self.drafts[0].dropped[:0] = self.orphans
        return self._merge_stubs()

    def _merge_stubs(self) -> list[Draft]:
        """A draft with neither paragraph nor heading (say a lone 'Updated: DATE' line after a body)
        is not an article: its lines go back to the article before it."""
        out: list[Draft] = []
        for d in self.drafts:
            if out and not any(ln.kind == "para" or ln.heading_like for ln in d.lines):
                out[-1].lines.extend(d.lines)
                out[-1].dropped.extend(d.dropped)
            else:
                out.append(d)
        return out


# ---------------------------------------------------------------- attribution


# "الوطن – دمشق", "SANA – Damascus": an outlet or writer and a city, one or two words each side of a
# dash; a credit line set above the date, not a headline.
_DASH_CREDIT = re.compile(r"^\s*\S+(?:\s\S+)?\s[-–—]\s\S+(?:\s\S+)?\s*$")


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def _header_title(header: list[Line], phrases: Phrases) -> Line | None:
    """The heading just before the first date/byline (skipping a bare name line), else the first
    heading after an outlet line, else the first heading; single-script headings preferred."""
    def heading(ln: Line) -> bool:
        return ln.heading_like and not (ln.kind == "title" and (name_like(ln.text, phrases)
                                                                or _DASH_CREDIT.match(ln.text)))

    marks = [k for k, ln in enumerate(header) if ln.kind in ("date", "byline", "translator", "credit")]
    if marks:
        before = [ln for ln in header[:marks[0]] if heading(ln)]
        pure = [ln for ln in before if ln.script != "mixed"] or before
        if pure:
            return pure[-1]
    outlets = [k for k, ln in enumerate(header) if ln.kind == "outlet"]
    after = [ln for ln in header[outlets[0] + 1:] if heading(ln)] if outlets else []
    pool = after or [ln for ln in header if heading(ln)] or [ln for ln in header if ln.heading_like]
    pure = [ln for ln in pool if ln.script != "mixed"] or pool
    return pure[0] if pure else None


def _header(d: Draft) -> list[Line]:
    """The article's lines before its first paragraph."""
    out = []
    for ln in d.lines:
        if ln.kind == "para":
            break
        out.append(ln)
    return out


def _title(d: Draft, header: list[Line], phrases: Phrases) -> Line | None:
    line = _header_title(header, phrases)
    if line is None and d.script == "latin":  # a headline set inside the text (e.g. as a map caption)
        line = next((ln for ln in d.lines[:14] if ln.kind == "title" and _title_case(ln.text)), None)
    if line is not None:
        words = line.text.split(None, 1)
        d.title = words[1] if line.kind == "numbered" and len(words) > 1 else line.text
    return line


def _drop_captions(d: Draft, header: list[Line], title: Line | None, phrases: Phrases) -> None:
    """Short lines between the date line and the body are image captions (WordPress puts the
    featured image there); bare name lines are kept as bylines."""
    seen_date = False
    for ln in header:
        seen_date = seen_date or ln.kind == "date"
        if seen_date and ln.kind == "title" and ln is not title and not name_like(ln.text, phrases):
            d.lines.remove(ln)
            d.dropped.append(ln)


def _from_lines(d: Draft) -> None:
    for ln in d.lines:
        if ln.kind in ("byline", "credit") and d.author is None:
            d.author = ln.value
        if ln.kind == "translator" and d.translator is None:
            d.translator = ln.value
        if ln.kind in ("outlet", "source") and d.outlet is None:
            d.outlet_ref, d.outlet = ln.outlet, ln.outlet.name if ln.outlet else ln.value
        if ln.kind in ("date", "source") and ln.date and d.published is None:
            d.published = ln.date
        if ln.origin and d.origin is None:
            d.origin = ln.origin


def _attribute(d: Draft, phrases: Phrases, registry: OutletRegistry) -> None:
    """Title, author, translator, outlet and date of a draft, from its own lines."""
    header = _header(d)
    title = _title(d, header, phrases)
    _drop_captions(d, header, title, phrases)
    _from_lines(d)
    if d.author is None:  # a bare name line in the header (Arabic pages often print just the name);
        # above the headline such a line is the page's or blog's name, not the writer's
        after = header[header.index(title) + 1:] if title in header else header
        names = [ln for ln in after if ln.kind == "title" and name_like(ln.text, phrases)]
        d.author = names[0].text.strip(" ,.;:") if names else None
    if d.outlet is None:  # an intro line before the article, else the lede's dateline
        lede = next((ln for ln in d.lines if ln.kind == "para"), None)
        ref = d.hint_outlet or (lede.outlet if lede else None)
        ref = ref or (dateline_outlet(lede.text, registry) if lede else None)
        d.outlet_ref, d.outlet = ref, ref.name if ref else None
    if d.published is None and d.hint_date:
        d.published, d.published_from = d.hint_date, "intro"


def split_text(text: str, phrases: Phrases | None = None, registry: OutletRegistry | None = None) -> list[Draft]:
    """Splits page text into article drafts; every non-blank line lands in one draft's lines or dropped."""
    phrases = phrases or default_phrases()
    registry = registry or default_registry()
    drafts = _Splitter(classify_lines(text, phrases, registry), phrases).run()
    for d in drafts:
        _attribute(d, phrases, registry)
    return drafts
