"""Collapse near-duplicates in results: one row per `dup_group`, with how many other matches the group has.

Shared by both backends, so they page and count the same way. A row is the best-ranked (or newest/oldest, by the
query's order) article of its group; `Hit.duplicates` is the number of its group's *other* articles that match
the same query. `SearchResult.total` then counts rows (groups) and `total_articles` the matching articles;
facets always count articles. A backend provides two things: its ordered hits from a raw offset, and the
matching groups with two or more articles (a terms aggregation on `dup_group` with min_doc_count 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from core.search import Hit
from indexer import cursor as cursor_codec

CHUNK = 200  # raw hits read per backend call while walking
MAX_GROUP_BUCKETS = 65_000  # groups with 2+ matching copies counted exactly; more (never seen) are undercounted
FIELD = "dup_group"
TERMS: dict[str, Any] = {"terms": {"field": FIELD, "size": MAX_GROUP_BUCKETS, "min_doc_count": 2}}


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
    fetch: Callable[[int, int], list[Hit]],
    counts: Mapping[str, int],
    total_articles: int,
    skip: int,
    size: int,
    max_offset: int | None = None,
) -> tuple[list[Hit], int, str | None]:
    """(rows skip..skip+size-1, total rows, next cursor), walking `fetch(offset, limit)` in the backend's order.

    `max_offset` stops the walk where the backend cannot page further (Elasticsearch's result window).
    """
    total_rows = total_articles - sum(n - 1 for n in counts.values())
    rows: list[Hit] = []
    seen: set[str] = set()
    skipped = offset = 0
    while len(rows) < size and (max_offset is None or offset < max_offset):
        limit = CHUNK if max_offset is None else min(CHUNK, max_offset - offset)
        chunk = fetch(offset, limit)
        offset += len(chunk)
        for hit in chunk:
            group = hit.dup_group or hit.id
            if group in counts:  # a singleton cannot appear twice: only multi-article groups are remembered
                if group in seen:
                    continue
                seen.add(group)
            if skipped < skip:
                skipped += 1
                continue
            rows.append(hit.model_copy(update={"duplicates": counts.get(group, 1) - 1}))
            if len(rows) == size:
                break
        if len(chunk) < limit:
            break
    shown = skip + len(rows)
    return rows, total_rows, encode_cursor(shown) if rows and shown < total_rows else None
