"""Highlight the original (diacritic) text: <mark> around words whose folded form matches the query."""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from core.textfold import fold, unify_tones

WORD = re.compile(r"\w+")


def query_keys(text: str, limit: int = 64) -> list[str]:
    """The query's words as folded keys ("Đắk" -> "dak"), in order, at most `limit`."""
    return [fold(w) for w in WORD.findall(unify_tones(text))][:limit]


def _matches(text: str, keys: Collection[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text) if fold(m.group(0)) in keys]


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s], quote=False))
        out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end], quote=False))
    return "".join(out)


def mark_all(text: str, keys: Collection[str]) -> str | None:
    """The whole text, escaped, with every matching word marked; None when nothing matches."""
    spans = _matches(text, keys)
    return _render(text, spans, 0, len(text)) if spans else None


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a window's edges outwards to whitespace so no word is cut in half."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def snippet(text: str, keys: Collection[str], width: int = 220) -> str:
    """An excerpt of about `width` characters around the densest run of matches, escaped, matches marked.

    With no match, the text's beginning (escaped). An ellipsis marks each cut edge.
    """
    spans = _matches(text, keys)
    if not spans:
        start, end = 0, min(len(text), width)
    else:
        best, best_score = 0, -1
        for i, (s, _) in enumerate(spans):
            inside = [sp for sp in spans[i:] if sp[1] - s <= width]
            score = len({fold(text[a:b]) for a, b in inside}) * 1000 + len(inside)
            if score > best_score:
                best, best_score = i, score
        first = spans[best][0]
        start = max(0, first - width // 4)
        end = min(len(text), start + width)
    if end < len(text):
        start, end = _snap(text, start, end)
    elif start > 0:
        start, _ = _snap(text, start, end)
    body = _render(text, spans, start, end).strip()
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
