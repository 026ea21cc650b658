"""Tantivy vs Elasticsearch on one generated corpus: docs indexed per second, faceted query p50/p95.

    python -m benchmarks.backend_scale                 # 10k and 100k articles
    python -m benchmarks.backend_scale --sizes 10000   # quicker

Elasticsearch: ELASTICSEARCH_URL, or a real node started from .es-node/ (tests/support/es_node.py).
Ratios are against the tantivy baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.search import SearchBackend, SearchQuery
from tests.support.corpus import DIRECTIVES, PROVINCES, SYLLABLES, make_articles

BATCH = 2_000
FACETS = ("province", "directive", "month")


@dataclass
class Row:
    backend: str
    size: int
    docs_per_s: float
    p50_ms: float
    p95_ms: float


def queries(n: int, seed: int = 7) -> list[SearchQuery]:
    """Top-20 faceted queries: one or two words (some without diacritics), half with a filter or date range."""
    from core.textfold import fold

    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = " ".join(rng.sample(SYLLABLES, rng.choice([1, 2])))
        text = fold(words) if i % 3 == 0 else words
        filters: dict[str, list[str]] = {}
        if i % 2:
            choices: list[dict[str, list[str]]] = [
                {"province": [rng.choice(PROVINCES)]},
                {"directive": [rng.choice(DIRECTIVES)[0]]},
                {"province": PROVINCES[:3]},
            ]
            filters = rng.choice(choices)
        out.append(SearchQuery(text=text, facets=FACETS, size=20, **filters))
    return out


def measure(backend: SearchBackend, size: int, qs: list[SearchQuery], rounds: int) -> tuple[float, float, float]:
    """(docs/s over upserts of BATCH articles, p50 ms, p95 ms over rounds x queries after one warm-up pass)."""
    backend.ensure_schema()
    start = time.perf_counter()
    batch = []
    for article in make_articles(size):
        batch.append(article)
        if len(batch) == BATCH:
            backend.upsert(batch)
            batch = []
    if batch:
        backend.upsert(batch)
    rate = size / (time.perf_counter() - start)
    assert backend.count() == size, f"{backend.count()} stored, {size} loaded"
    for q in qs:
        backend.search(q)
    latencies = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            backend.search(q)
            latencies.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(latencies, n=20)[18]
    return rate, statistics.median(latencies), p95


@contextmanager
def tantivy_backend(workdir: Path) -> Iterator[SearchBackend]:
    from indexer.backends.tantivy_backend import TantivyBackend

    backend = TantivyBackend(workdir / "index")
    try:
        yield backend
    finally:
        backend.close()


@contextmanager
def es_backend(url: str, size: int) -> Iterator[SearchBackend]:
    from indexer.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(url, alias=f"bench-{size}", timeout=120)
    backend.drop()
    try:
        yield backend
    finally:
        backend.drop()
        backend.close()


@contextmanager
def es_url() -> Iterator[str]:
    if os.environ.get("ELASTICSEARCH_URL"):
        yield os.environ["ELASTICSEARCH_URL"]
        return
    from tests.support.es_node import EsNode

    node = EsNode(heap="1g")
    node.start()
    try:
        yield node.url
    finally:
        node.remove()


def run(sizes: list[int], n_queries: int, rounds: int, log: Callable[[str], None] = print) -> list[Row]:
    rows: list[Row] = []
    qs = queries(n_queries)
    with es_url() as url:
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp, tantivy_backend(Path(tmp)) as tv:
                rows.append(Row("tantivy", size, *measure(tv, size, qs, rounds)))
                log(f"  tantivy {size}: done")
            with es_backend(url, size) as es:
                rows.append(Row("elasticsearch", size, *measure(es, size, qs, rounds)))
                log(f"  elasticsearch {size}: done")
    return rows


def table(rows: list[Row]) -> str:
    base = {r.size: r for r in rows if r.backend == "tantivy"}
    lines = [
        "| backend | articles | docs/s | query p50 ms | query p95 ms "
        "| docs/s vs tantivy | p50 vs tantivy | p95 vs tantivy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        b = base[r.size]
        lines.append(
            f"| {r.backend} | {r.size:,} | {r.docs_per_s:,.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | "
            f"{r.docs_per_s / b.docs_per_s:.2f}x | {r.p50_ms / b.p50_ms:.1f}x | {r.p95_ms / b.p95_ms:.1f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{args.queries} faceted top-20 queries x {args.rounds} rounds; facets {', '.join(FACETS)}; batch {BATCH}")
    print(table(run(args.sizes, args.queries, args.rounds)))


if __name__ == "__main__":
    main()
