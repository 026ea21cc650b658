"""Collapse near-duplicates in results: one row per `dup_group`, with how many other matches the group has.

Shared by both backends, so they page and count the same way. A row is the best-ranked (or newest/oldest, by the
query's order) article of its group; `Hit.duplicates` is the number of its group's *other* articles that match
the same query. `SearchResult.total` then counts rows (groups) and `total_articles` the matching articles;
facets always count articles. A backend provides two things: its ordered hits from a raw offset, and the
matching groups with two or more articles (a terms aggregation on `dup_group` with min_doc_count 2). Only the
rows shown are decoded into hits and highlighted; the walk itself needs each match's group only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from core.search import Hit
from indexer import cursor as cursor_codec

CHUNK = 200  # raw hits read per backend call while walking (after the first read)
FIRST_SLACK = 20  # the first read asks for the rows needed plus this many (room for hidden copies)
MAX_GROUP_BUCKETS = 65_000  # groups with 2+ matching copies counted exactly; more (never seen) are undercounted
FIELD = "dup_group"
TERMS: dict[str, Any] = {"terms": {"field": FIELD, "size": MAX_GROUP_BUCKETS, "min_doc_count": 2}}
T = TypeVar("T")


def group_counts(buckets: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Terms-aggregation buckets -> {group id: matching articles} for groups with two or more."""
    return {str(b["key"]): int(b["doc_count"]) for b in buckets if int(b["doc_count"]) >= 2}


def encode_cursor(rows: int) -> str:
    """An opaque cursor for the row after `rows` collapsed rows."""
    return cursor_codec.encode({"rows": rows})


def decode_cursor(cursor: str) -> int:
    """The rows already shown; ValueError when the cursor is not a collapsed-results cursor."""
    return cursor_codec.offset_field(cursor_codec.decode(cursor), "rows", cursor)


def collapse(
    fetch: Callable[[int, int], Sequence[T]],
    group_of: Callable[[T], str],
    show: Callable[[T], Hit],
    counts: Mapping[str, int],
    skip: int,
    size: int,
    max_offset: int | None = None,
) -> list[Hit]:
    """Rows skip..skip+size-1, walking `fetch(offset, limit)` in the backend's order (`paging` gives the totals).

    `fetch` returns raw matches (cheap: no highlighting), `group_of` a match's group (its own id when it has
    none) and `show` the displayed Hit: only the rows shown are turned into hits. The first read asks for
    about the rows needed, later ones for CHUNK. `max_offset` stops the walk where the backend cannot page
    further (Elasticsearch's result window).
    """
    rows: list[tuple[T, str]] = []
    seen: set[str] = set()
    skipped = offset = 0
    limit = first_limit(skip, size)
    while len(rows) < size and (max_offset is None or offset < max_offset):
        if max_offset is not None:
            limit = min(limit, max_offset - offset)
        chunk = fetch(offset, limit)
        offset += len(chunk)
        for match in chunk:
            group = group_of(match)
            if group in counts:  # a singleton cannot appear twice: only multi-article groups are remembered
                if group in seen:
                    continue
                seen.add(group)
            if skipped < skip:
                skipped += 1
                continue
            rows.append((match, group))
            if len(rows) == size:
                break
        if len(chunk) < limit:
            break
        limit = CHUNK
    return [show(match).model_copy(update={"duplicates": counts.get(group, 1) - 1}) for match, group in rows]


def first_limit(skip: int, size: int) -> int:
    """How many raw matches the walk reads first: the rows needed and some room for hidden copies."""
    return min(CHUNK, skip + size + FIRST_SLACK)


def paging(counts: Mapping[str, int], total_articles: int, skip: int, shown: int) -> tuple[int, str | None]:
    """(total rows, next cursor) after `shown` rows from row `skip`."""
    total_rows = total_articles - sum(n - 1 for n in counts.values())
    end = skip + shown
    return total_rows, encode_cursor(end) if shown and end < total_rows else None
