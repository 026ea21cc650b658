"""Highlight the original (diacritic) text: <mark> around the words and phrases that matched under the query's rule.

A unit typed with marks marks only its own spellings ("bão" never marks "bảo"); a folded unit marks every spelling
that folds to it; a phrase marks only where its words stand side by side; exclusions mark nothing.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from core.article import Article
from core.facets import keyword_values
from core.query import ParsedQuery, Unit
from core.search import Hit
from core.textfold import fold, unify_tones

WORD = re.compile(r"\w+")
_fold_word = lru_cache(maxsize=1 << 16)(fold)  # Vietnamese has a few thousand syllables: folds are cached


@lru_cache(maxsize=1 << 16)
def _exact_word(word: str) -> str:
    return unify_tones(word).lower()


def query_units(parsed: ParsedQuery) -> tuple[Unit, ...]:
    """What to mark for a parsed query: its positive words and phrases (exclusions are never marked)."""
    return tuple(dict.fromkeys(parsed.units()))


@lru_cache(maxsize=4096)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching exactly the whole words (\\w+ tokens) in `words`."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _matches(text: str, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Spans of every word that is part of a match of some unit, in text order.

    Each distinct word of the text is normalised once. Without phrases, every occurrence of a matching word is a
    match: one regular-expression scan finds them. A phrase whose words all occur needs the word sequence.
    """
    if not units:
        return []
    distinct = set(WORD.findall(text))
    exact = {w: _exact_word(w) for w in distinct} if any(u.exact for u in units) else {}
    folded = {w: _fold_word(w) for w in distinct} if not all(u.exact for u in units) else {}
    singles: set[str] = set()
    for unit in units:
        norm, forms = exact if unit.exact else folded, unit.forms
        present = set(norm.values())
        if len(forms) > 1 and all(f in present for f in forms):
            return _sequence_matches(text, units)
        if len(forms) == 1 and forms[0] in present:
            singles.update(w for w, n in norm.items() if n == forms[0])
    return [m.span() for m in _words_pattern(frozenset(singles)).finditer(text)] if singles else []


def _sequence_matches(text: str, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """_matches over the whole word sequence (phrases: words side by side)."""
    found = list(WORD.finditer(text))
    exact = [_exact_word(m.group(0)) for m in found] if any(u.exact for u in units) else []
    folded = [_fold_word(m.group(0)) for m in found] if not all(u.exact for u in units) else []
    hit = [False] * len(found)
    for unit in units:
        forms, seq, n = unit.forms, exact if unit.exact else folded, len(unit.forms)
        for i in range(len(found) - n + 1):
            if seq[i] == forms[0] and tuple(seq[i : i + n]) == forms:
                hit[i : i + n] = [True] * n
    return [(m.start(), m.end()) for m, h in zip(found, hit, strict=True) if h]


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


def mark_all(text: str, keys: Sequence[Unit]) -> str | None:
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


def _densest(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Index of the span starting the window with the most distinct matched words (then the most matches)."""
    words = [_fold_word(text[s:e]) for s, e in spans]
    seen: Counter[str] = Counter()
    best, best_score, j = 0, (-1, -1), 0
    for i, (s, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] - s <= width:
            seen[words[j]] += 1
            j += 1
        score = (len(seen), j - i)
        if score > best_score:
            best, best_score = i, score
        seen[words[i]] -= 1
        if not seen[words[i]]:
            del seen[words[i]]
    return best


def snippet(text: str, keys: Sequence[Unit], width: int = 220, scan: int = 30_000) -> str:
    """An excerpt of about `width` characters around the densest run of matches, escaped, matches marked.

    Only the first `scan` characters are searched (long reports stay fast). With no match, the text's beginning
    (escaped). An ellipsis marks each cut edge.
    """
    full = len(text)
    text = text[:scan]
    spans = _matches(text, keys)
    if not spans:
        start, end = 0, min(len(text), width)
    else:
        first = spans[_densest(text, spans, width)][0]
        start = max(0, first - width // 4)
        end = min(len(text), start + width)
    if end < len(text):
        start, end = _snap(text, start, end)
    elif start > 0:
        start, _ = _snap(text, start, end)
    body = _render(text, spans, start, end).strip()
    return ("… " if start > 0 else "") + body + (" …" if end < full else "")


def to_hit(article: Article, keys: Sequence[Unit], score: float) -> Hit:
    """A result row for one article: <mark> on its original words; the lead's snippet when the body has none."""
    body_snippet = snippet(article.body, keys)
    if keys and "<mark>" not in body_snippet and article.summary and mark_all(article.summary, keys):
        body_snippet = snippet(article.summary, keys)
    return Hit(
        id=article.id,
        url=article.url,
        title=article.title,
        published=article.published.isoformat() if article.published else None,
        source_id=article.source_id,
        province=article.province,
        directives=[d.key for d in article.directives],
        facets=keyword_values(article),
        snippet=body_snippet,
        title_highlighted=mark_all(article.title, keys) if keys else None,
        score=score,
        dup_group=article.dup_group or article.id,
        truncated=article.truncated,
    )
