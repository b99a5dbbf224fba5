"""Arabic text handling with offsets: normalisation, clitic-aware tokens, sentences, numbers.

Everything here keeps character offsets into the original text, so a match found on the
normalised form ("بوكمال" inside "وبالبوكمال") maps back to the exact span of the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from frontwatch.models import Sentence
from frontwatch.nlp.normalize import fold_arabic, is_arabic, to_ascii_digits, whole_number

__all__ = [
    "Token", "normalize_ar", "normalize_ar_with_offsets", "tokenize_ar", "split_sentences_ar",
    "parse_number_ar", "number_at", "to_ascii_digits", "is_arabic", "looks_arabic",
]

_AR_LETTER = "\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06D5\u06FA-\u06FC"
_AR_MARKS = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640"
_WORD_RE = re.compile(
    rf"[{_AR_LETTER}{_AR_MARKS}]+|[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,\u066B\u066C][0-9\u0660-\u0669\u06F0-\u06F9]+)*"
    r"|[A-Za-z\u00C0-\u024F]+|\S"
)
_DIGIT_RE = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]")

# Proclitics, outermost first: conjunction, then preposition (or future sin), then the article.
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ه", "ي")


def normalize_ar(text: str) -> str:
    """Diacritics and tatweel dropped; alef/hamza, ya/alef maqsura and ta marbuta folded; Arabic-Indic
    and Persian digits to ASCII; the Arabic decimal and thousands separators to '.' and ','."""
    return fold_arabic(text).replace("\u066B", ".").replace("\u066C", ",")


def normalize_ar_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalize_ar` plus, for each output character, the index of the input character it came from."""
    out: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        f = _CHAR.get(c)
        if f is None:
            f = _CHAR[c] = normalize_ar(c)
        if f:
            out.append(f)
            offsets.append(i)
    return "".join(out), offsets


_CHAR: dict[str, str] = {}


@dataclass
class Token:
    """One word or punctuation mark. `norm` is the normalised surface; `candidates` lists every way
    to peel proclitics (و ف, ب ل ك, ال) and enclitic pronouns off it, as (prefix, core, suffix)."""

    text: str
    start: int
    end: int
    norm: str
    index: int = 0
    kind: str = "word"  # word | number | latin | punct
    _offsets: list[int] = field(default_factory=list, repr=False)

    @cached_property
    def candidates(self) -> list[tuple[str, str, str]]:
        if self.kind != "word":
            return [("", self.norm, "")]
        out: list[tuple[str, str, str]] = []
        for pre, rest in _proclitic_splits(self.norm):
            out.append((pre, rest, ""))
            for suf in _SUFFIXES:
                if rest.endswith(suf) and len(rest) - len(suf) >= 2:
                    out.append((pre, rest[: -len(suf)], suf))
        return out

    @cached_property
    def cores(self) -> set[str]:
        return {c for _, c, _ in self.candidates}

    @property
    def core(self) -> str:
        """Best single guess: strip the article and what precedes it, else a conjunction/preposition
        only when at least four letters remain."""
        best = self.norm
        for pre, core, suf in self.candidates:
            if suf:
                continue
            if pre.endswith("ال") or pre.endswith("لل"):
                return core
            if pre and len(core) >= 4 and len(core) < len(best):
                best = core
        return best

    def span_of(self, core: str) -> tuple[int, int]:
        """Character span in the original text of `core` inside this token (the token if absent)."""
        i = self.norm.find(core)
        if i < 0 or not self._offsets:
            return self.start, self.end
        s = self._offsets[i]
        e = self._offsets[i + len(core) - 1] + 1
        return self.start + s, self.start + e


def _proclitic_splits(w: str) -> list[tuple[str, str]]:
    """Every (prefix, rest) pair with a plausible proclitic chain; the whole word first."""
    out = [("", w)]
    conj_opts = [""] + [c for c in _CONJ if w.startswith(c)]
    for conj in conj_opts:
        rest1 = w[len(conj):]
        prep_opts = [""] + [p for p in _PREP if rest1.startswith(p)]
        prep_opts += ["س"] if rest1.startswith("س") else []
        for prep in prep_opts:
            rest2 = rest1[len(prep):]
            art_opts = [""]
            if prep != "س" and rest2.startswith("ال"):
                art_opts.append("ال")
            if prep == "ل" and rest2.startswith("ل") and not rest2.startswith("ال"):
                art_opts.append("ل")  # ل + ال contracts to لل
            for art in art_opts:
                rest = rest2[len(art):]
                pre = conj + prep + art
                if pre and len(rest) >= 2 and (pre, rest) not in out:
                    out.append((pre, rest))
    return out


def tokenize_ar(text: str) -> list[Token]:
    """Words, numbers, Latin words and single punctuation marks, with offsets into `text`."""
    tokens: list[Token] = []
    for m in _WORD_RE.finditer(text):
        surf = m.group()
        norm, offs = normalize_ar_with_offsets(surf)
        if not norm:
            continue
        if _DIGIT_RE.match(surf):
            kind = "number"
        elif surf[0].isalpha() and not is_arabic(surf):
            kind = "latin"
            norm = norm.lower()
        elif surf[0].isalpha():
            kind = "word"
        else:
            kind = "punct"
        tokens.append(Token(surf, m.start(), m.end(), norm, len(tokens), kind, offs))
    return tokens


_SENT_END = re.compile(r"(?:[.!?؟۔…]+|\n\s*\n|\n)[\"'»”)\]]*")


def split_sentences_ar(text: str, article_id: str = "") -> list[Sentence]:
    """Sentences ending at . ! ? ؟ ۔ … or a line break; a full stop between digits (2.5) or after a
    single-letter abbreviation does not end one. Offsets are into `text`."""
    out: list[Sentence] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        p = m.start()
        if m.group().startswith(".") and 0 < p < len(text) - 1 and text[p - 1].isdigit() and text[p + 1].isdigit():
            continue
        if m.group() == "." and p >= 2 and text[p - 2] in " \n" and text[p - 1].isalpha():
            continue  # "م." / "د." abbreviation
        _emit(text, start, end, article_id, out)
        start = end
    _emit(text, start, len(text), article_id, out)
    return out


def _emit(text: str, start: int, end: int, article_id: str, out: list[Sentence]) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        out.append(Sentence(article_id, len(out), start + lead, start + lead + len(seg), seg))


# ---------------------------------------------------------------- numbers in words and digits

_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "ثمان": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_HUNDREDS = {"مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200}
_BIG = {"ألف": 1000, "آلاف": 1000, "مليون": 1_000_000}
_UNITS, _TENS, _HUNDREDS, _BIG = ({normalize_ar(k): v for k, v in t.items()} for t in (_UNITS, _TENS, _HUNDREDS, _BIG))


def _word_value(w: str) -> int | None:
    for table in (_UNITS, _TENS, _HUNDREDS, _BIG):
        if w in table:
            return table[w]
    for h in ("ميه", "مايه"):  # ثلاثمئة, خمسمائة
        if w.endswith(h) and w[: -len(h)] in _UNITS:
            return _UNITS[w[: -len(h)]] * 100
    if w.endswith("عشر") and w[:-3] in _UNITS:  # written joined, rare
        return _UNITS[w[:-3]] + 10
    return None


def number_at(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """The number starting at token i (digits or words: "خمسين", "ثلاثة وعشرين", "12 ألف"),
    as (value, index after it), or None."""
    t = tokens[i]
    if t.kind == "number":
        raw = t.norm.replace(",", "")
        value = whole_number(raw)
        if value is None:
            return None
        j = i + 1
        if j < len(tokens) and tokens[j].core in _BIG:
            value *= _BIG[tokens[j].core]
            j += 1
        return value, j
    if t.kind != "word":
        return None
    total, j, seen = 0, i, False
    while j < len(tokens) and tokens[j].kind == "word":
        w = tokens[j].norm
        if seen and w.startswith("و") and len(w) > 2:
            w = w[1:]
        elif seen:
            if w == "عشر" or w == "عشره":  # ثلاثة عشر
                total += 10
                j += 1
                continue
            if w not in _BIG:
                break
        v = _word_value(w)
        if v is None:
            break
        total = total * v if v >= 1000 and total else total + v
        seen = True
        j += 1
    return (total, j) if seen else None


def parse_number_ar(text: str) -> int | None:
    """The first number in `text`, in digits or words; None when there is none."""
    toks = tokenize_ar(text)
    for i in range(len(toks)):
        got = number_at(toks, i)
        if got:
            return got[0]
    return None


_FOREIGN_LETTERS = set("پچژگەێۆڕڵٹڈڑںےھ")  # Persian, Kurdish (Sorani), Urdu: never typed in Arabic
_FOREIGN_WORDS = {"را", "است", "این", "های", "می", "هم", "بود", "شد", "کرد", "کە", "لە", "بۆ", "ہے", "کی", "نے"}
_ARABIC_WORDS = {"في", "على", "إلى", "الى", "التي", "الذي", "عن", "أن", "إن", "هذا", "هذه", "مع", "قد", "لم"}


def looks_arabic(text: str) -> bool:
    """True when `text` is Arabic: mostly Arabic-script letters, none of the letters that only
    Persian, Kurdish or Urdu use, and more Arabic than Persian/Kurdish/Urdu function words."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not is_arabic(text, 0.5):
        return False
    if sum(1 for c in letters if c in _FOREIGN_LETTERS) / len(letters) >= 0.01:
        return False
    words = re.findall(r"[\u0600-\u06FF]+", text)
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
    native = sum(1 for w in words if w in _ARABIC_WORDS)
    return foreign <= native
