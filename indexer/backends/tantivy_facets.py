"""tantivy facet counting: multi-select terms aggregations, cross counts, and a per-generation result cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Generic, TypeVar

import tantivy
from pydantic import TypeAdapter

from core.facets import facet
from core.search import ALL_VALUES, CrossCounts, FacetBucket, SearchQuery
from indexer.backends.tantivy_query import combine

Facets = dict[str, list[FacetBucket]]


def _terms(name: str, size: int) -> dict[str, Any]:
    """A terms aggregation on facet `name`'s field: most frequent first, dated facets newest first."""
    order = {"_key": "desc"} if facet(name).newest_first else {"_count": "desc"}
    segment = min(max(size * 10, 1000), ALL_VALUES)
    return {"terms": {"field": name, "size": size, "segment_size": segment, "order": order}}


def _buckets(query: SearchQuery, name: str, raw: list[dict[str, Any]]) -> list[FacetBucket]:
    """Buckets by count then value (dated facets: newest first), selected when an active filter."""
    pairs = [(str(b["key"]), int(b["doc_count"])) for b in raw]
    if facet(name).newest_first:
        pairs.sort(key=lambda p: p[0], reverse=True)
    else:
        pairs.sort(key=lambda p: (-p[1], p[0]))
    selected = set(query.selected(name))
    return [FacetBucket(value=v, count=c, selected=v in selected) for v, c in pairs]


def count_facets(
    searcher: tantivy.Searcher,
    query: SearchQuery,
    text: tantivy.Query | None,
    dates: tantivy.Query | None,
    filters: dict[str, tantivy.Query],
    extra: dict[str, Any] | None = None,
) -> tuple[Facets, dict[str, Any]]:
    """Each facet counted under every filter except its own, and the `extra` aggregations under every filter.

    One aggregation request per distinct filter set: the facets without a filter of their own and `extra` share
    the full filter set (one pass over the matches); each facet with an active filter gets its own. Returns the
    facets and `extra`'s raw results.
    """
    groups: dict[str, list[str]] = {"": []}
    for wanted in dict.fromkeys(query.facets):
        groups.setdefault(wanted if wanted in filters else "", []).append(wanted)
    out: Facets = {}
    extra_raw: dict[str, Any] = {}
    for own, names in groups.items():
        aggs: dict[str, Any] = {} if own else dict(extra or {})
        for name in names:
            default = ALL_VALUES if facet(name).newest_first else query.facet_size
            aggs[name] = _terms(name, query.facet_sizes.get(name, default))
        if not aggs:
            continue
        scope = combine([text, dates, *(q for other, q in filters.items() if other != own)])
        raw = searcher.aggregate(scope, aggs)
        for name in names:
            out[name] = _buckets(query, name, raw[name]["buckets"])
        if not own:
            extra_raw = {key: raw[key] for key in extra or {}}
    return {name: out[name] for name in query.facets}, extra_raw


def cross_counts(searcher: tantivy.Searcher, scope: tantivy.Query, rows: str, columns: str) -> CrossCounts:
    """Matches of `scope` by `rows` x `columns` (two facets) in one nested terms aggregation."""
    total = int(getattr(searcher.search(scope, 1), "count", 0) or 0)
    inner = {"terms": {"field": columns, "size": ALL_VALUES, "segment_size": ALL_VALUES}}
    outer = {"terms": {"field": rows, "size": ALL_VALUES, "segment_size": ALL_VALUES}, "aggs": {"cols": inner}}
    found = searcher.aggregate(scope, {"rows": outer, "cols": inner})
    raw, cols = found["rows"]["buckets"], found["cols"]["buckets"]
    return CrossCounts(
        total=total,
        cells={str(r["key"]): {str(c["key"]): int(c["doc_count"]) for c in r["cols"]["buckets"]} for r in raw},
        row_totals={str(r["key"]): int(r["doc_count"]) for r in raw},
        column_totals={str(c["key"]): int(c["doc_count"]) for c in cols},
    )


Counted = tuple[Facets, dict[str, Any]]  # facet buckets, and the raw results of the extra aggregations
COUNTED: TypeAdapter[Counted] = TypeAdapter(Counted)
CROSSED: TypeAdapter[CrossCounts] = TypeAdapter(CrossCounts)
V = TypeVar("V")


class FacetCache(Generic[V]):
    """Counts by query, for one index generation at a time (a commit empties it), at most `size` kept.

    Facet, group and cross counts depend only on the index and the query's text, dates, filters, facets and
    collapse flag (not on page, size, cursor or order), so repeated and paged queries reuse them until the next
    commit. Entries are kept as JSON bytes (`adapter` encodes and decodes them): a search's facets as pydantic
    buckets took ~0.12 MB each, 60 MB of `govnews serve`'s own memory for a full cache; as bytes a tenth of that,
    decoded again in one call on a hit. The last HOT entries used stay decoded too: the directive vocabulary
    (up to 10,000 values, read for every directive filter) is not decoded again on each request.
    """

    HOT = 4

    def __init__(self, size: int, adapter: TypeAdapter[V]) -> None:
        self.size = size
        self.adapter = adapter
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._seen: OrderedDict[str, bytes] = OrderedDict()
        self._hot: OrderedDict[str, V] = OrderedDict()

    @staticmethod
    def key(query: SearchQuery) -> str:
        return query.model_dump_json(exclude={"page", "size", "cursor", "sort", "highlight"})

    def get(self, generation: int, key: str) -> V | None:
        with self._lock:
            if self._generation != generation:  # a commit: every cached count may have changed
                self._seen.clear()
                self._hot.clear()
                self._generation = generation
            found = self._seen.get(key)
            if found is None:
                return None
            self._seen.move_to_end(key)
            hot = self._hot.get(key)
            if hot is not None:
                self._hot.move_to_end(key)
                return hot
        decoded = self.adapter.validate_json(found)
        with self._lock:
            if self._generation == generation:
                self._keep_hot(key, decoded)
        return decoded

    def put(self, generation: int, key: str, counted: V) -> None:
        encoded = self.adapter.dump_json(counted, exclude_defaults=True)  # no empty labels, unselected flags
        with self._lock:
            if self._generation == generation:
                self._seen[key] = encoded
                self._keep_hot(key, counted)
                while len(self._seen) > self.size:
                    gone, _ = self._seen.popitem(last=False)
                    self._hot.pop(gone, None)

    def _keep_hot(self, key: str, value: V) -> None:
        self._hot[key] = value
        self._hot.move_to_end(key)
        while len(self._hot) > self.HOT:
            self._hot.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
            self._hot.clear()
            self._generation = None
