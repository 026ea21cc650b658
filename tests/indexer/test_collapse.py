"""indexer.collapse: the walk keeps each group's first match, reads little, turns only shown rows into hits, and
knows when it saw the last match."""

from __future__ import annotations

from core.search import Hit
from indexer import collapse

# (id, group) in the backend's order: g1 has three matches, g2 two, the rest are alone
MATCHES = [("a", "g1"), ("b", "b"), ("c", "g1"), ("d", "g2"), ("e", "e"), ("f", "g1"), ("g", "g2"), ("h", "h")]
COUNTS = {"g1": 3, "g2": 2}


class Backend:
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

    def walk(self, skip: int, size: int, max_offset: int | None = None) -> collapse.Walk[tuple[str, str]]:
        return collapse.Walk(self.fetch, lambda m: m[1], skip, size, max_offset)

    def rows(self, skip: int, size: int, max_offset: int | None = None) -> list[tuple[str, int]]:
        return [(h.id, h.duplicates) for h in self.walk(skip, size, max_offset).hits(self.show, COUNTS)]


def test_one_row_per_group_with_the_count_of_its_other_matches() -> None:
    backend = Backend()
    assert backend.rows(0, 10) == [("a", 2), ("b", 0), ("d", 1), ("e", 0), ("h", 0)]
    assert collapse.exact_rows(COUNTS, len(MATCHES)) == 5
    assert collapse.paging(backend.walk(0, 10), 5, False) == (5, False, None)


def test_only_the_rows_shown_become_hits() -> None:
    backend = Backend()
    assert backend.rows(1, 2) == [("b", 0), ("d", 1)]
    assert backend.shown == ["b", "d"]  # "a" was skipped, "c" hidden: neither was highlighted
    total, estimated, cursor = collapse.paging(backend.walk(1, 2), 5, False)
    assert (total, estimated) == (5, False)
    assert cursor is not None
    assert collapse.decode_cursor(cursor) == 3


def test_a_walk_that_sees_the_last_match_fixes_an_estimated_total() -> None:
    backend = Backend()
    short = backend.walk(0, 2)
    assert not short.ended
    assert collapse.paging(short, 9, True)[:2] == (9, True)  # the engine's estimate stands
    assert collapse.paging(short, 1, True)[:2] == (2, True)  # never below the rows already seen
    whole = backend.walk(3, 10)
    assert whole.ended
    assert whole.groups == ["e", "h"]
    assert collapse.paging(whole, 9, True) == (5, False, None)  # seen to the end: exact, no next page
    assert backend.walk(4, 1).ended  # the last row is the last match


def test_the_first_read_asks_for_the_rows_needed_and_some_room() -> None:
    backend = Backend()
    backend.walk(2, 3)
    assert backend.reads == [(0, 2 + 3 + collapse.FIRST_SLACK)]
    assert collapse.first_limit(500, 20) == collapse.CHUNK


def test_the_walk_stops_at_the_backend_window() -> None:
    backend = Backend()
    assert backend.rows(0, 10, max_offset=3) == [("a", 2), ("b", 0)]
    assert backend.reads == [(0, 3)]
    assert not backend.walk(0, 10, max_offset=3).ended  # more matches lie past the window
