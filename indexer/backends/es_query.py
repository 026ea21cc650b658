"""Translate a SearchQuery into an Elasticsearch request, and a response back into a SearchResult."""

from __future__ import annotations

import math
from typing import Any

from core.clock import VN_TZ_NAME
from core.facets import facet
from core.query import Unit, parse
from core.search import ALL_VALUES, MAX_WINDOW, CrossCounts, FacetBucket, Hit, SearchQuery, SearchResult
from indexer import cursor as cursor_codec
from indexer.backends.es_mapping import from_document
from indexer.backends.es_text import compile_query
from indexer.highlight import query_units, to_hit


def field(name: str) -> str:
    """The keyword field of facet `name` (es_mapping: one `facet.<name>` per core/facets.py row)."""
    return f"facet.{name}"


def text_query(text: str, fold_all: bool = False) -> dict[str, Any]:
    """The query language of core.query compiled for Elasticsearch (indexer.backends.es_text)."""
    return compile_query(parse(text, fold_all))


def _date_range(query: SearchQuery) -> list[dict[str, Any]]:
    bounds: dict[str, str] = {}
    if query.date_from:
        bounds["gte"] = query.date_from.isoformat()
    if query.date_to:
        bounds["lte"] = query.date_to.isoformat()
    if not bounds:
        return []
    return [{"range": {"published": {**bounds, "format": "strict_date", "time_zone": VN_TZ_NAME}}}]


def _facet_filters(query: SearchQuery) -> dict[str, dict[str, Any]]:
    """One terms filter per facet with selected values (OR within a facet, AND across facets)."""
    return {name: {"terms": {field(name): values}} for name, values in query.filters.items() if values}


def _sort(query: SearchQuery) -> list[Any]:
    if query.sort == "newest" or (query.sort == "relevance" and parse(query.text).root is None):
        return [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    if query.sort == "oldest":
        return [{"published": {"order": "asc", "missing": "_last"}}, {"id": "desc"}]  # exactly newest reversed
    return [{"_score": "desc"}, {"id": "asc"}]


def _aggs(query: SearchQuery, filters: dict[str, dict[str, Any]]) -> dict[str, Any]:
    aggs: dict[str, Any] = {}
    for name in query.facets:
        others = [f for other, f in filters.items() if other != name]
        dated = facet(name).newest_first
        size = query.facet_sizes.get(name, ALL_VALUES if dated else query.facet_size)
        order = [{"_key": "desc"}] if dated else [{"_count": "desc"}, {"_key": "asc"}]
        inner = {"terms": {"field": field(name), "size": max(size, 1), "order": order}}
        aggs[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": inner}}
    return aggs


def encode_cursor(sort_values: list[Any], seen: int) -> str:
    """An opaque cursor: the last hit's sort values (search_after) and how many hits came before."""
    return cursor_codec.encode({"after": sort_values, "seen": seen})


def decode_cursor(cursor: str) -> tuple[list[Any], int]:
    """(search_after values, hits seen); ValueError when it is not one of ours."""
    data = cursor_codec.decode(cursor)
    after = data.get("after")
    if not isinstance(after, list) or not after or not all(_sort_value(v) for v in after):
        raise ValueError(f"invalid cursor: {cursor!r}")
    return after, cursor_codec.offset_field(data, "seen", cursor)


def _sort_value(value: Any) -> bool:
    """A value ES could have returned in a hit's `sort`: a finite number or a short string (no lists, no null)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str) and len(value) <= 1000


def build_request(query: SearchQuery) -> dict[str, Any]:
    """Keyword arguments for `Elasticsearch.search`: facet filters go to post_filter (multi-select)."""
    filters = _facet_filters(query)
    request: dict[str, Any] = {
        "query": {"bool": {"must": [text_query(query.text, query.fold_all)], "filter": _date_range(query)}},
        "size": query.size,
        "sort": _sort(query),
        "track_total_hits": True,
        "aggs": _aggs(query, filters),
    }
    if filters:
        request["post_filter"] = {"bool": {"filter": list(filters.values())}}
    if query.cursor:
        request["search_after"], _ = decode_cursor(query.cursor)
        if len(request["search_after"]) != len(request["sort"]):  # a cursor from another sort order
            raise ValueError(f"invalid cursor: {query.cursor!r}")
    else:
        # from + size may not pass index.max_result_window: hits beyond it are reached with the cursor only.
        offset = min((query.page - 1) * query.size, MAX_WINDOW)
        request["from_"], request["size"] = offset, min(query.size, MAX_WINDOW - offset)
    return request


def _buckets(query: SearchQuery, name: str, raw: dict[str, Any]) -> list[FacetBucket]:
    selected = set(query.selected(name))
    return [
        FacetBucket(value=str(b["key"]), count=b["doc_count"], selected=str(b["key"]) in selected)
        for b in raw["values"]["buckets"]
    ]


def cross_request(query: SearchQuery, rows: str, columns: str) -> dict[str, Any]:
    """The search request of `query` with every filter in the query and one nested terms aggregation."""
    request = build_request(query.model_copy(update={"facets": (), "size": 0, "page": 1, "cursor": None}))
    post = request.pop("post_filter", None)
    if post:
        request["query"]["bool"]["filter"] = [*request["query"]["bool"]["filter"], post]
    inner = {"terms": {"field": field(columns), "size": ALL_VALUES}}
    request["aggs"] = {
        "rows": {"terms": {"field": field(rows), "size": ALL_VALUES}, "aggs": {"cols": inner}},
        "cols": inner,
    }
    request["size"] = 0
    request.pop("from_", None)
    return request


def parse_cross(resp: dict[str, Any]) -> CrossCounts:
    """Nested buckets -> CrossCounts."""
    raw, cols = resp["aggregations"]["rows"]["buckets"], resp["aggregations"]["cols"]["buckets"]
    return CrossCounts(
        total=int(resp["hits"]["total"]["value"]),
        cells={str(r["key"]): {str(c["key"]): int(c["doc_count"]) for c in r["cols"]["buckets"]} for r in raw},
        row_totals={str(r["key"]): int(r["doc_count"]) for r in raw},
        column_totals={str(c["key"]): int(c["doc_count"]) for c in cols},
    )


def es_hit(raw: dict[str, Any], keys: tuple[Unit, ...]) -> Hit:
    """Display fields from the stored article; <mark> on its original words (shared with the tantivy backend)."""
    return to_hit(from_document(raw["_source"]), keys, float(raw.get("_score") or 0.0))


def parse_response(query: SearchQuery, resp: dict[str, Any], facets: tuple[str, ...]) -> SearchResult:
    """Hits, facet buckets, and a cursor when more hits follow this page."""
    total = int(resp["hits"]["total"]["value"])
    raw_hits = resp["hits"]["hits"]
    keys = query_units(parse(query.text, query.fold_all)) if query.highlight else ()
    hits = [es_hit(h, keys) for h in raw_hits]
    seen = decode_cursor(query.cursor)[1] if query.cursor else (query.page - 1) * query.size
    seen += len(hits)
    next_cursor = encode_cursor(raw_hits[-1]["sort"], seen) if raw_hits and seen < total else None
    aggs = resp.get("aggregations", {})
    return SearchResult(
        total=total,
        hits=hits,
        facets={name: _buckets(query, name, aggs[name]) for name in facets if name in aggs},
        next_cursor=next_cursor,
        took_ms=float(resp.get("took", 0)),
    )
