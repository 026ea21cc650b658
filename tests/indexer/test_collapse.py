"""indexer.collapse: the walk keeps each group's first match, reads little, and turns only shown rows into hits."""

from __future__ import annotations

from core.search import Hit
from indexer import collapse

# (id, group) in the backend's order: g1 has three matches, g2 two, the rest are alone
MATCHES = [("a", "g1"), ("b", "b"), ("c", "g1"), ("d", "g2"), ("e", "e"), ("f", "g1"), ("g", "g2"), ("h", "h")]
COUNTS = {"g1": 3, "g2": 2}


class Walk:
    """The backend side of a walk over MATCHES, recording what the walk asked for."""

    def __init__(self) -> None:
        self.reads: list[tuple[int, int]] = []
        self.shown: list[str] = []

    def fetch(self, offset: int, limit: int) -> list[tuple[str, str]]:
        self.reads.append((offset, limit))
        return MATCHES[offset : offset + limit]

    def show(self, match: tuple[str, str]) -> Hit:
        self.shown.append(match[0])
        return Hit(id=match[0], url=f"https://x.gov.vn/{match[0]}", title=match[0], dup_group=match[1])

    def rows(self, skip: int, size: int, max_offset: int | None = None) -> list[tuple[str, int]]:
        hits = collapse.collapse(self.fetch, lambda m: m[1], self.show, COUNTS, skip, size, max_offset)
        return [(h.id, h.duplicates) for h in hits]


def test_one_row_per_group_with_the_count_of_its_other_matches() -> None:
    walk = Walk()
    assert walk.rows(0, 10) == [("a", 2), ("b", 0), ("d", 1), ("e", 0), ("h", 0)]
    assert collapse.paging(COUNTS, len(MATCHES), 0, 5) == (5, None)


def test_only_the_rows_shown_become_hits() -> None:
    walk = Walk()
    assert walk.rows(1, 2) == [("b", 0), ("d", 1)]
    assert walk.shown == ["b", "d"]  # "a" was skipped, "c" hidden: neither was highlighted
    total, cursor = collapse.paging(COUNTS, len(MATCHES), 1, 2)
    assert total == 5
    assert cursor is not None
    assert collapse.decode_cursor(cursor) == 3


def test_the_first_read_asks_for_the_rows_needed_and_some_room() -> None:
    walk = Walk()
    walk.rows(2, 3)
    assert walk.reads == [(0, 2 + 3 + collapse.FIRST_SLACK)]
    assert collapse.first_limit(500, 20) == collapse.CHUNK


def test_the_walk_stops_at_the_backend_window() -> None:
    walk = Walk()
    assert walk.rows(0, 10, max_offset=3) == [("a", 2), ("b", 0)]
    assert walk.reads == [(0, 3)]
