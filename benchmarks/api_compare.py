"""Two `govnews serve` processes on one loaded index, this checkout against another, queried in turn.

    python -m benchmarks.api_compare --data-dir /tmp/x/data --size 100000 --other /tmp/base-checkout

Both servers answer the scale benchmark's distinct faceted searches (benchmarks.scale_measure.query_params),
GET /api/search and the page GET /, then its coverage tables (GET /api/coverage for each directive and for the
first 10 query texts, as benchmarks.scale_measure.api_figures asks), one server then the other for each request,
so machine load (a shared box) weighs on both alike; GET /healthz is the baseline. The index is only read: load it
once (benchmarks.backend_scale's index or `govnews load`) and compare commits on it.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from benchmarks.backend_scale import vocabulary
from benchmarks.scale_measure import Latency, get, query_params, serve
from tests.support.es_node import free_port


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="GOVNEWS_DATA_DIR holding index/")
    parser.add_argument("--size", type=int, default=100_000, help="the corpus the index was loaded from")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govnews-scale"))
    parser.add_argument("--other", type=Path, required=True, help="another checkout of govnews (the baseline)")
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args(argv)
    words, provinces, directives = vocabulary(args.workdir / f"corpus-{args.size}", args.size)
    params = query_params(words, provinces, directives, args.queries + 20, seed=7)
    env = {"GOVNEWS_DATA_DIR": str(args.data_dir)}
    with ExitStack() as stack:
        servers = {"this": stack.enter_context(serve(env, free_port())),
                   "other": stack.enter_context(serve(env, free_port(), cwd=args.other))}  # fmt: skip
        samples: dict[tuple[str, str], list[float]] = {}
        for i, p in enumerate(params):
            for path in ("/api/search", "/", "/healthz"):
                for name, server in servers.items():
                    ms = get(server, path, {} if path == "/healthz" else p)
                    if i >= 20:  # the first queries warm the connections, searchers and page cache
                        samples.setdefault((name, path), []).append(ms)
        cover = [{"directive": [d]} for d in directives] + [{"q": p["q"]} for p in params[20:30]]
        for c in cover:
            for name, server in servers.items():
                samples.setdefault((name, "/api/coverage"), []).append(get(server, "/api/coverage", c))
    for (name, path), values in sorted(samples.items()):
        print(f"{name:5s} GET {path:13s} p50 / p95 / p99 ms: {Latency.of(values)}  (n={len(values)})")
    for name in servers:
        search, cover_p95 = Latency.of(samples[name, "/api/search"]), Latency.of(samples[name, "/api/coverage"]).p95
        print(f"{name:5s} coverage p95 / search p95: {cover_p95 / search.p95:.2f}x")


if __name__ == "__main__":
    main()
