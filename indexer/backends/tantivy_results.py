"""Reading results from a tantivy searcher: a page of ordered matches, and collapsed rows (indexer.collapse)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tantivy

from core.article import Article
from core.query import ParsedQuery
from core.search import Hit, SearchQuery, SearchResult
from indexer import collapse
from indexer.backends.tantivy_query import combine
from indexer.highlight import query_units, to_hit

Match = tuple[Any, tantivy.DocAddress]  # (sort key or score, address)


def score(key: Any, scored: bool) -> float:
    """A hit's relevance score: its sort key when the search ranked by relevance, else 0."""
    return float(key) if scored and isinstance(key, float) else 0.0


def top(
    searcher: tantivy.Searcher, main: tantivy.Query, query: SearchQuery, offset: int, scored: bool
) -> tuple[int, list[Match]]:
    """Total matches and the page's (sort key, address) pairs; relevance order only for a text query."""
    limit = max(query.size, 1)
    past_end = offset >= searcher.num_docs  # tantivy allocates offset+limit slots: a huge page would abort
    if past_end:
        offset, limit = 0, 1
    if query.sort == "oldest":
        found = searcher.search(main, limit, offset=offset, order_by_field="ts_asc", order=tantivy.Order.Asc)
    elif query.sort == "newest" or not scored:
        found = searcher.search(main, limit, offset=offset, order_by_field="ts_desc", order=tantivy.Order.Desc)
    else:
        found = searcher.search(main, limit, offset=offset)
    total = int(getattr(found, "count", 0) or 0)
    return total, [] if past_end else list(found.hits)[: query.size]


@dataclass
class Page:
    """What reading one search's results needs: the searcher, the query compiled (`main`, in the page's order;
    `matching`, the same matches without scoring clauses, for counting), and how stored documents become articles."""

    searcher: tantivy.Searcher
    schema: tantivy.Schema
    main: tantivy.Query
    matching: tantivy.Query
    scored: bool
    query: SearchQuery
    decode: Callable[[tantivy.Document], Article]


def collapsed(page: Page, parsed: ParsedQuery, raw: dict[str, Any], skip: int) -> SearchResult:
    """One row per near-duplicate group (indexer.collapse), walking the ordered matches: a match's stored fields
    are read to learn its group, its article decoded and highlighted only when it is shown. The first read's
    count is the total of articles; the groups are counted as collapse says (`raw["rows"]`: the distinct count
    the facet request made). Facets and timing are the caller's."""
    searcher, keys = page.searcher, query_units(parsed) if page.query.highlight else ()
    total: list[int] = []
    stored: dict[tuple[int, int], tantivy.Document] = {}

    def fetch(offset: int, limit: int) -> list[Match]:
        count, found = top(searcher, page.main, page.query.model_copy(update={"size": limit}), offset, page.scored)
        total.append(count)
        return found

    def doc(match: Match) -> tantivy.Document:
        addr = match[1]
        where = (addr.segment_ord, addr.doc)  # DocAddress itself does not hash by value
        if where not in stored:
            stored[where] = searcher.doc(addr)
        return stored[where]

    def group_of(match: Match) -> str:
        return str(doc(match).get_first("dup_group") or doc(match).get_first("id"))

    def show(match: Match) -> Hit:
        return to_hit(page.decode(doc(match)), keys, score(match[0], page.scored))

    walk = collapse.Walk(fetch, group_of, skip, page.query.size)
    articles = total[0] if total else int(getattr(searcher.search(page.matching, 1), "count", 0) or 0)
    if articles <= collapse.EXACT_MATCHES:
        counts = _counts(searcher, page.matching, collapse.EXACT_TERMS)
        rows, estimated = collapse.exact_rows(counts, articles), False
    else:  # only the shown rows' groups: the walk's groups under the query
        shown = tantivy.Query.term_set_query(page.schema, collapse.FIELD, walk.groups) if walk.groups else None
        counts = _counts(searcher, combine([page.matching, shown]), collapse.shown_terms(walk.groups)) if shown else {}
        rows, estimated = collapse.distinct(raw["rows"]), True
    rows, estimated, cursor = collapse.paging(walk, rows, estimated)
    return SearchResult(
        total=rows, total_estimated=estimated, total_articles=articles, hits=walk.hits(show, counts),
        next_cursor=cursor,
    )  # fmt: skip


def _counts(searcher: tantivy.Searcher, scope: tantivy.Query, terms: dict[str, Any]) -> dict[str, int]:
    return collapse.group_counts(searcher.aggregate(scope, {"g": terms})["g"]["buckets"])
