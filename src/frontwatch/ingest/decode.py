"""Bytes to text: declared charset, UTF-8, then the common Arabic encodings; binary refused."""
from __future__ import annotations

import codecs
import re

from frontwatch.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
FALLBACK_ENCODINGS = ("utf-8", "windows-1256", "iso-8859-6")
_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|div|p|h1|meta|title)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:4096]))


def _is_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def _declared(raw: bytes, declared: str | None) -> list[str]:
    names = []
    if declared:
        names.append(declared)
    m = _META_CHARSET.search(raw[:4096])
    if m:
        names.append(m.group(1).decode("ascii", "ignore"))
    out = []
    for n in names:
        try:
            out.append(codecs.lookup(n).name)
        except LookupError:
            continue
    return out


def decode(raw: bytes, *, source: str, declared: str | None = None) -> tuple[str, str]:
    """Returns (text, encoding) or raises InputError naming the source and the reason."""
    if not raw.strip():
        raise InputError("empty input", source=source)
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if _is_binary(raw):
        raise InputError("binary content, not text or HTML", source=source)
    for enc in [*_declared(raw, declared), "utf-8"]:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    # Legacy single-byte Arabic encodings decode almost any bytes: keep the most plausible reading.
    readings = []
    for enc in FALLBACK_ENCODINGS[1:]:
        try:
            readings.append((_plausibility(raw.decode(enc)), raw.decode(enc), codecs.lookup(enc).name))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InputError(f"cannot decode text (tried {', '.join(FALLBACK_ENCODINGS)})", source=source)
    _, text, enc = max(readings, key=lambda r: r[0])
    return text, enc


def _plausibility(text: str) -> float:
    """Share of characters that are ASCII or Arabic letters: wrong code pages give Latin-1 look-alikes."""
    good = sum(1 for c in text if c < "\x80" or "\u0621" <= c <= "\u064a")
    return good / max(1, len(text))
