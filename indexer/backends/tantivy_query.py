"""Build tantivy queries from a SearchQuery programmatically (no query parser: user syntax never raises)."""

from __future__ import annotations

import re
from datetime import date

import tantivy

from core.search import SearchQuery
from core.textfold import nfc
from indexer.backends.tantivy_schema import EXACT_ANALYZER, FOLD_ANALYZER, normalise

MAX_TERMS = 64  # a pasted page is cut to its first words rather than building a huge query
TITLE_BOOST = 3.0
EXACT_BOOST = 1.5  # the exact (diacritic) fields add to the folded ones, so exact spellings rank first
PHRASE_BOOST = 2.0
NEAR_SLOP = 2  # free words count as "side by side" with up to two words between: "Chỉ thị số 20" for "chi thi 20"
QUOTED = re.compile(r'"([^"]*)"')
WORD = re.compile(r"\w")

Must, Should = tantivy.Occur.Must, tantivy.Occur.Should


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


def _any(clauses: list[tantivy.Query]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(Should, c) for c in clauses])


def _word(schema: tantivy.Schema, folded: str, exact: str) -> tantivy.Query:
    """One query word: in title or body, folded or exact."""
    return _any(
        [
            _boost(tantivy.Query.term_query(schema, "title_f", folded), TITLE_BOOST),
            tantivy.Query.term_query(schema, "body_f", folded),
            _boost(tantivy.Query.term_query(schema, "title_x", exact), TITLE_BOOST * EXACT_BOOST),
            _boost(tantivy.Query.term_query(schema, "body_x", exact), EXACT_BOOST),
        ]
    )


def _phrase(
    schema: tantivy.Schema, folded: list[str], exact: list[str], boost: float = 1.0, slop: int = 0
) -> tantivy.Query:
    """Words in order in title or body, at most `slop` words apart; the exact spelling scores higher."""
    words_f: list[str | tuple[int, str]] = list(folded)
    words_x: list[str | tuple[int, str]] = list(exact)
    return _any(
        [
            _boost(tantivy.Query.phrase_query(schema, "title_f", words_f, slop), boost * TITLE_BOOST),
            _boost(tantivy.Query.phrase_query(schema, "body_f", words_f, slop), boost),
            _boost(tantivy.Query.phrase_query(schema, "title_x", words_x, slop), boost * TITLE_BOOST * EXACT_BOOST),
            _boost(tantivy.Query.phrase_query(schema, "body_x", words_x, slop), boost * EXACT_BOOST),
        ]
    )


def _tokens(text: str) -> tuple[list[str], list[str]]:
    norm = normalise(text)
    folded, exact = FOLD_ANALYZER.analyze(norm), EXACT_ANALYZER.analyze(norm)
    if len(folded) != len(exact):  # both split on the same regex; guard anyway
        exact = folded
    return folded, exact


def text_query(schema: tantivy.Schema, text: str) -> tantivy.Query | None:
    """Every word must match (any field, folded); "quoted words" must be adjacent. None: no words at all.

    Built term by term, never parsed: operators, colons, brackets and stray quotes are plain text.
    """
    phrases = QUOTED.findall(text)
    free = QUOTED.sub(" ", text).replace('"', " ")
    must: list[tantivy.Query] = []
    budget = MAX_TERMS
    for phrase in phrases:
        folded, exact = _tokens(phrase)
        folded, exact = folded[:budget], exact[:budget]
        budget -= len(folded)
        if len(folded) > 1:
            must.append(_phrase(schema, folded, exact))
        elif folded:
            must.append(_word(schema, folded[0], exact[0]))
    folded, exact = _tokens(free)
    folded, exact = folded[: max(budget, 0)], exact[: max(budget, 0)]
    must += [_word(schema, f, x) for f, x in zip(folded, exact, strict=True)]
    if not must:
        return tantivy.Query.empty_query() if WORD.search(text) else None
    clauses = [(Must, q) for q in must]
    if len(folded) > 1:  # free words that also appear (nearly) side by side score higher
        clauses.append((Should, _phrase(schema, folded, exact, PHRASE_BOOST, NEAR_SLOP)))
    return tantivy.Query.boolean_query(clauses)


def _day(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def date_filter(schema: tantivy.Schema, query: SearchQuery) -> tantivy.Query | None:
    """Local (Vietnam) publication date between date_from and date_to, both inclusive."""
    if query.date_from is None and query.date_to is None:
        return None
    low = _day(query.date_from) if query.date_from else None
    high = _day(query.date_to) if query.date_to else None
    return tantivy.Query.range_query(schema, "day", tantivy.FieldType.Integer, low, high)


def facet_filters(schema: tantivy.Schema, query: SearchQuery) -> dict[str, tantivy.Query]:
    """One filter per facet with selected values: OR within a facet (AND across facets is the caller's)."""
    return {
        name: tantivy.Query.term_set_query(schema, name, [nfc(v) for v in values])
        for name, values in query.filters.items()
        if values
    }


def combine(parts: list[tantivy.Query | None]) -> tantivy.Query:
    """AND of the given queries (Nones skipped); everything when none is left."""
    present = [p for p in parts if p is not None]
    if not present:
        return tantivy.Query.all_query()
    if len(present) == 1:
        return present[0]
    return tantivy.Query.boolean_query([(Must, p) for p in present])
