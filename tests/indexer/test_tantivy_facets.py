"""The tantivy facet cache: what it returns, and what a full cache costs the server's own memory."""

from __future__ import annotations

import tracemalloc
from types import SimpleNamespace

import pytest

from core.search import FacetBucket
from indexer.backends.tantivy_facets import COUNTED, Counted, FacetCache

# a search's facets as /api/search asks for them: every facet, 30 values each plus one, every month and year
SIZES = {"province": 35, "province_at_publication": 31, "provinces_mentioned": 31, "directive": 31, "doc_type": 10,
         "issuer": 31, "source": 31, "year": 14, "month": 166}  # fmt: skip


def counted(n: int) -> Counted:
    """One search's counts, built anew (as each search builds its own)."""
    facets = {name: [FacetBucket(value=f"{name}-{i}", count=n + i, selected=i == 0) for i in range(size)]
              for name, size in SIZES.items()}  # fmt: skip
    return facets, {"rows": {"value": float(n)}}


def test_the_cache_returns_what_was_put_until_the_next_generation() -> None:
    cache = FacetCache(4, COUNTED)
    assert cache.get(1, "q") is None
    cache.put(1, "q", counted(7))
    assert cache.get(1, "q") == counted(7)
    assert cache.get(2, "q") is None  # a commit
    cache.put(1, "q", counted(7))  # a count made before the commit is not kept after it
    assert cache.get(2, "q") is None


def test_a_full_cache_holds_its_entries_compactly() -> None:
    """512 searches' facets held as pydantic buckets took ~60 MB of `govnews serve`'s own memory at 100,000
    articles (RssAnon 160 MB after 600 distinct searches, 99 MB without the cache)."""
    cache = FacetCache(512, COUNTED)
    cache.get(1, "")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(512):
            cache.put(1, f"q{n}", counted(n))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 15_000_000, f"{held / 1e6:.1f} MB for 512 entries"
    assert cache.get(1, "q3") == counted(3)


def test_the_last_entries_used_are_not_decoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The directive vocabulary (up to 10,000 values) is read for every directive filter: kept decoded."""
    cache = FacetCache(512, COUNTED)
    decoded: list[bytes] = []
    real = COUNTED.validate_json

    def spy(data: bytes) -> Counted:
        decoded.append(data)
        return real(data)

    monkeypatch.setattr(cache, "adapter", SimpleNamespace(validate_json=spy, dump_json=COUNTED.dump_json))
    cache.get(1, "")
    for n in range(FacetCache.HOT + 2):
        cache.put(1, f"q{n}", counted(n))
    assert [cache.get(1, "q5"), cache.get(1, "q5"), cache.get(1, "q2")] == [counted(5), counted(5), counted(2)]
    assert decoded == []  # the last HOT put are still decoded
    assert cache.get(1, "q0") == counted(0)
    assert cache.get(1, "q0") == counted(0)
    assert len(decoded) == 1  # decoded once, then hot
