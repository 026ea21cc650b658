"""Where the API's faceted search spends its time, in-process on a tantivy index of the scale corpus.

    python -m benchmarks.profile_search --size 20000 --queries 200
    python -m benchmarks.profile_search --size 100000 --index /path/to/data/index   # an index already loaded

Each query is what GET /api/search runs for the scale benchmark's parameters (benchmarks.scale_measure): the
filter values resolved (search_api.resolve), every facet of core/facets.py, collapsed near-duplicates, then
the JSON response built. Latency is reported per stage against the backend's own three-facet, uncollapsed
query (the backend figure of benchmarks.backend_scale); then the top functions by own time under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import scale_corpus
from benchmarks.backend_scale import vocabulary
from benchmarks.scale_measure import Latency, query_params, to_query
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.load import load
from search_api.app import load_labels
from search_api.params import SearchParams
from search_api.resolve import resolve
from search_api.schemas import SearchResponse
from search_api.service import run_search


def api_search(backend: TantivyBackend, settings: Settings) -> Callable[[dict[str, Any]], dict[str, float]]:
    """A function running /api/search's work for one parameter set; milliseconds per stage."""
    labels = load_labels(settings)

    def run(params: dict[str, Any]) -> dict[str, float]:
        t0 = time.perf_counter()
        resolved = resolve(SearchParams(**params), labels, backend, list(params))
        t1 = time.perf_counter()
        result = run_search(backend, resolved)
        t2 = time.perf_counter()
        SearchResponse.build(resolved, result, labels).model_dump_json()
        t3 = time.perf_counter()
        return {"resolve": (t1 - t0) * 1000, "search": (t2 - t1) * 1000, "response": (t3 - t2) * 1000,
                "api total": (t3 - t0) * 1000}  # fmt: skip

    return run


def measure(backend: TantivyBackend, params: list[dict[str, Any]], settings: Settings, top: int) -> None:
    run = api_search(backend, settings)
    for p in params[:20]:  # warm the searcher, the page cache and the resolve lookups
        run(p)
        backend.search(to_query(p))
    stages: dict[str, list[float]] = {}
    for p in params:
        for stage, ms in run(p).items():
            stages.setdefault(stage, []).append(ms)
        started = time.perf_counter()
        backend.search(to_query(p))
        stages.setdefault("backend (3 facets, not collapsed)", []).append((time.perf_counter() - started) * 1000)
    for stage, samples in stages.items():
        print(f"{stage:36s} p50 / p95 / p99 ms: {Latency.of(samples)}")
    prof = cProfile.Profile()
    prof.enable()
    for p in params:
        run(p)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govnews-scale"))
    parser.add_argument("--index", type=Path, help="a tantivy index of the corpus's --size articles, already loaded")
    parser.add_argument("--top", type=int, default=15, help="functions listed from the profile")
    args = parser.parse_args(argv)
    corpus = args.workdir / f"corpus-{args.size}"
    scale_corpus.ensure(args.size, corpus)
    words, provinces, directives = vocabulary(corpus, args.size)
    params = query_params(words, provinces, directives, args.queries + 20, seed=11)
    settings = Settings()
    # the facet cache as `govnews serve` has it: the queries are distinct, filter-value lookups repeat
    if args.index:
        measure(TantivyBackend(args.index), params, settings, args.top)
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        backend = TantivyBackend(Path(tmp) / "index")
        load(scale_corpus.read_articles(corpus), backend, spool_dir=Path(tmp) / "spool", batch_size=10_000)
        measure(backend, params, settings, args.top)
        backend.close()


if __name__ == "__main__":
    main()
