"""Collapse near-duplicates in results: one row per `dup_group`, with how many other matches the group has.

Shared by both backends, so they page and count the same way. A row is the best-ranked (or newest/oldest, by the
query's order) article of its group; `Hit.duplicates` is the number of its group's *other* articles that match
the same query. `SearchResult.total` then counts rows (groups) and `total_articles` the matching articles;
facets always count articles.

The walk over the ordered matches needs each match's group only, and only the rows shown become hits. The
counts cost what the result set allows: up to EXACT_MATCHES matches, every group with two or more matching
articles is counted (a terms aggregation, at most EXACT_MATCHES / 2 buckets), so totals are exact; past that,
counting every group of a million matches would take a second and exceed the engines' bucket limits, so the
row total is the engine's distinct count of `dup_group` (HyperLogLog, within about 1%: `total_estimated`) and
only the shown rows' groups are counted exactly (a terms aggregation under the query and those groups).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from core.search import Hit
from indexer import cursor as cursor_codec

CHUNK = 200  # raw hits read per backend call while walking (after the first read)
FIRST_SLACK = 20  # the first read asks for the rows needed plus this many (room for hidden copies)
EXACT_MATCHES = 10_000  # up to this many matches every group is counted; past it the row total is estimated
FIELD = "dup_group"
EXACT_TERMS: dict[str, Any] = {"terms": {"field": FIELD, "size": EXACT_MATCHES // 2, "min_doc_count": 2}}
DISTINCT: dict[str, Any] = {"cardinality": {"field": FIELD}}
T = TypeVar("T")


def shown_terms(groups: Sequence[str]) -> dict[str, Any]:
    """The terms aggregation counting the matches of the shown rows' groups (under a filter to those groups)."""
    return {"terms": {"field": FIELD, "size": max(len(groups), 1)}}


def group_counts(buckets: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Terms-aggregation buckets -> {group id: matching articles} for groups with two or more."""
    return {str(b["key"]): int(b["doc_count"]) for b in buckets if int(b["doc_count"]) >= 2}


def distinct(raw: Mapping[str, Any]) -> int:
    """A cardinality aggregation's value."""
    return round(float(raw.get("value") or 0))


def encode_cursor(rows: int) -> str:
    """An opaque cursor for the row after `rows` collapsed rows."""
    return cursor_codec.encode({"rows": rows})


def decode_cursor(cursor: str) -> int:
    """The rows already shown; ValueError when the cursor is not a collapsed-results cursor."""
    return cursor_codec.offset_field(cursor_codec.decode(cursor), "rows", cursor)


class Walk(Generic[T]):
    """Rows skip..skip+size-1 of the collapsed results, read from the backend's ordered matches.

    `fetch(offset, limit)` returns raw matches (cheap: no highlighting) and `group_of` a match's group (its own
    id when it has none). The first read asks for about the rows needed, later ones for CHUNK; `max_offset`
    stops the walk where the backend cannot page further (Elasticsearch's result window). `rows` holds
    (match, group); `ended` says whether the walk saw the last match, so the row total is then known exactly.
    """

    def __init__(
        self,
        fetch: Callable[[int, int], Sequence[T]],
        group_of: Callable[[T], str],
        skip: int,
        size: int,
        max_offset: int | None = None,
    ) -> None:
        self.rows: list[tuple[T, str]] = []
        self.ended = False
        seen: set[str] = set()
        skipped = offset = 0
        limit = first_limit(skip, size)
        while len(self.rows) < size:
            if max_offset is not None:
                if offset >= max_offset:
                    break
                limit = min(limit, max_offset - offset)
            chunk = fetch(offset, limit)
            offset += len(chunk)
            for n, match in enumerate(chunk):
                group = group_of(match)
                if group in seen:
                    continue
                seen.add(group)
                if skipped < skip:
                    skipped += 1
                    continue
                self.rows.append((match, group))
                if len(self.rows) == size:
                    self.ended = n == len(chunk) - 1 and len(chunk) < limit
                    break
            else:
                if len(chunk) < limit:
                    self.ended = True
                    break
            limit = CHUNK
        self.seen = skipped + len(self.rows)  # rows up to the last shown one

    @property
    def groups(self) -> list[str]:
        """The shown rows' groups."""
        return [group for _, group in self.rows]

    def hits(self, show: Callable[[T], Hit], counts: Mapping[str, int]) -> list[Hit]:
        """The shown rows as hits, each with its group's other matching articles."""
        return [show(match).model_copy(update={"duplicates": counts.get(group, 1) - 1}) for match, group in self.rows]


def first_limit(skip: int, size: int) -> int:
    """How many raw matches the walk reads first: the rows needed and some room for hidden copies."""
    return min(CHUNK, skip + size + FIRST_SLACK)


def exact_rows(counts: Mapping[str, int], total_articles: int) -> int:
    """Rows when every multi-article group's matches are counted."""
    return total_articles - sum(n - 1 for n in counts.values())


def paging(walk: Walk[Any], total_rows: int, estimated: bool) -> tuple[int, bool, str | None]:
    """(total rows, whether estimated, next cursor) after the walk: a walk that saw the last match fixes the
    total exactly, and an estimate is never below the rows already seen."""
    if walk.ended:
        return walk.seen, False, None
    if estimated:
        total_rows = max(total_rows, walk.seen)
    return total_rows, estimated, encode_cursor(walk.seen) if walk.rows and walk.seen < total_rows else None
