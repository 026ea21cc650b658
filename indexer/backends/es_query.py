"""Translate a SearchQuery into an Elasticsearch request, and a response back into a SearchResult."""

from __future__ import annotations

import base64
import json
from typing import Any

from core.labels import facet_label
from core.query import Unit, parse
from core.search import FacetBucket, FacetName, Hit, SearchQuery, SearchResult
from indexer.backends.es_mapping import from_document
from indexer.backends.es_text import compile_query
from indexer.highlight import query_units, to_hit

TZ = "+07:00"
MAX_WINDOW = 10_000  # index.max_result_window: deeper pages need the cursor

# Facet name -> (query attribute holding its selected values, indexed field).
FACETS: dict[str, tuple[str, str]] = {
    "province": ("province", "province"),
    "province_at_publication": ("province_at_publication", "province_then"),
    "directive": ("directive", "directives.key"),
    "doc_type": ("doc_type", "directives.doc_type"),
    "issuer": ("issuer", "directives.issuer"),
    "source": ("source", "source_id"),
}


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
    return [{"range": {"published": {**bounds, "format": "strict_date", "time_zone": TZ}}}]


def _facet_filters(query: SearchQuery) -> dict[str, dict[str, Any]]:
    """One terms filter per facet with selected values (OR within a facet, AND across facets)."""
    out: dict[str, dict[str, Any]] = {}
    for name, (attr, field) in FACETS.items():
        values: list[str] = getattr(query, attr)
        if values:
            out[name] = {"terms": {field: values}}
    return out


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
        if name == "month":
            inner: dict[str, Any] = {
                "date_histogram": {
                    "field": "published",
                    "calendar_interval": "month",
                    "time_zone": TZ,
                    "format": "yyyy-MM",
                    "min_doc_count": 1,
                    "order": {"_key": "desc"},
                }
            }
        else:
            field = FACETS[name][1]
            inner = {
                "terms": {"field": field, "size": query.facet_size, "order": [{"_count": "desc"}, {"_key": "asc"}]}
            }
        aggs[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": inner}}
    return aggs


def encode_cursor(sort_values: list[Any], seen: int) -> str:
    raw = json.dumps({"after": sort_values, "seen": seen}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[list[Any], int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return list(data["after"]), int(data["seen"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"invalid cursor: {cursor!r}") from exc


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
    else:
        # from + size may not pass index.max_result_window: hits beyond it are reached with the cursor only.
        offset = min((query.page - 1) * query.size, MAX_WINDOW)
        request["from_"], request["size"] = offset, min(query.size, MAX_WINDOW - offset)
    return request


def _buckets(query: SearchQuery, name: str, raw: dict[str, Any]) -> list[FacetBucket]:
    selected = set(getattr(query, FACETS[name][0])) if name in FACETS else set()
    out = []
    for b in raw["values"]["buckets"]:
        value = str(b.get("key_as_string", b["key"]))
        out.append(
            FacetBucket(value=value, label=facet_label(name, value), count=b["doc_count"], selected=value in selected)
        )
    return out


def _hit(raw: dict[str, Any], keys: tuple[Unit, ...]) -> Hit:
    """Display fields from the stored article; <mark> on its original words (shared with the tantivy backend)."""
    return to_hit(from_document(raw["_source"]), keys, float(raw.get("_score") or 0.0))


def parse_response(query: SearchQuery, resp: dict[str, Any], facets: tuple[FacetName, ...]) -> SearchResult:
    """Hits, facet buckets, and a cursor when more hits follow this page."""
    total = int(resp["hits"]["total"]["value"])
    raw_hits = resp["hits"]["hits"]
    keys = query_units(parse(query.text, query.fold_all))
    hits = [_hit(h, keys) for h in raw_hits]
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
