"""Coverage counts: one nested aggregation (`cross_counts`) against one search per province (the old way).

    python -m benchmarks.coverage                  # 10k generated articles, tantivy
    python -m benchmarks.coverage --size 2000

Both sides count the same province x month table for the same queries on one index; the baseline (a search with
the month facet per province that has matches, after one search for the province list) runs in the same process,
alternating query by query. Reports p50 for each and the speed ratio, and checks the two tables are equal.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from core.search import SearchBackend, SearchQuery
from indexer.backends.tantivy_backend import TantivyBackend
from tests.support.corpus import DIRECTIVES, make_articles

TABLE = dict[str, dict[str, int]]


def per_province(backend: SearchBackend, query: SearchQuery) -> TABLE:
    """The baseline: the province list, then one month-facet search per province (what coverage did before)."""
    base = backend.search(query.model_copy(update={"size": 0, "facets": ("province",), "facet_size": 200}))
    out: TABLE = {}
    for bucket in base.facets["province"]:
        filters = {**query.filters, "province": [bucket.value]}
        one = query.model_copy(update={"size": 0, "facets": ("month",), "filters": filters})
        out[bucket.value] = {b.value: b.count for b in backend.search(one).facets["month"]}
    return out


def nested(backend: SearchBackend, query: SearchQuery) -> TABLE:
    """One nested terms aggregation."""
    return backend.cross_counts(query, "province", "month").cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = [SearchQuery(), SearchQuery(text="trẻ em"), *(SearchQuery(directive=[key]) for key, *_ in DIRECTIVES[:3])]
    with tempfile.TemporaryDirectory() as tmp:
        backend = TantivyBackend(Path(tmp) / "index")
        articles = list(make_articles(args.size))
        for start in range(0, len(articles), 2_000):
            backend.upsert(articles[start : start + 2_000])
        times: dict[str, list[float]] = {"per_province": [], "nested": []}
        for _ in range(args.rounds):
            for query in queries:
                for name, fn in (("per_province", per_province), ("nested", nested)):
                    started = time.perf_counter()
                    fn(backend, query)
                    times[name].append((time.perf_counter() - started) * 1000)
                assert per_province(backend, query) == nested(backend, query), query
        backend.close()
    base, new = statistics.median(times["per_province"]), statistics.median(times["nested"])
    print(f"{args.size} articles, {len(queries)} queries x {args.rounds} rounds, tantivy; tables equal: yes")
    print(f"one search per province (baseline): p50 {base:.1f} ms")
    print(f"one nested aggregation:             p50 {new:.1f} ms  ({base / new:.1f}x faster)")


if __name__ == "__main__":
    main()
