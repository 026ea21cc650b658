"""Build tantivy queries from a SearchQuery programmatically (no query parser: user syntax never raises)."""

from __future__ import annotations

from datetime import date

import tantivy

from core.query import parse
from core.search import SearchQuery
from core.textfold import nfc
from indexer.backends.tantivy_text import compile_query

Must = tantivy.Occur.Must


def text_query(schema: tantivy.Schema, text: str, fold_all: bool = False, ranked: bool = True) -> tantivy.Query | None:
    """The query language of core.query compiled for tantivy (indexer.backends.tantivy_text); None: no words.
    `ranked=False`: matching only, no scoring clauses (for aggregations and date-sorted reads).

    Built term by term, never parsed by tantivy: operators it does not know, colons and brackets are plain text.
    """
    return compile_query(schema, parse(text, fold_all), ranked)


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
