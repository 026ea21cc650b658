"""Issue 17 #4: unknown query parameters on the feed, the CSV exports and the page, against the same request
without them, in the same run.

    python -m benchmarks.api_params [--params 1000 8000] [--repeat 3]

The app runs in-process (FastAPI's TestClient) on a tantivy index of the test corpus (tests/indexer/corpus.py).
Each request is timed alone; the baseline is the same path with only `q`. Target (issue 17): <= 2 s each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.indexer.corpus import corpus
from tests.search_api.conftest import seeded

PATHS = ("/api/feed.xml", "/api/export.csv", "/api/coverage.csv", "/", "/do-phu", "/api/search")


def timed(client: TestClient, url: str, repeat: int) -> float:
    """Best wall time of `repeat` requests."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        best = min(best, time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url[:80]}…: HTTP {response.status_code}")
    return best


def main() -> None:
    """One line per path and parameter count: seconds, and the ratio to the request without them."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--params", type=int, nargs="+", default=[1000, 8000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, TestClient(create_app(seeded(Path(tmp), corpus()))) as client:
        print(f"{'path':18} {'params':>6} {'s':>6} {'baseline s':>10} {'ratio':>6}")
        for path in PATHS:
            base = timed(client, f"{path}?q=tre+em", args.repeat)
            for n in args.params:
                query = urlencode({"q": "tre em", **{f"x{i}": "" for i in range(n)}})
                took = timed(client, f"{path}?{query}", args.repeat)
                print(f"{path:18} {n:6} {took:6.2f} {base:10.3f} {took / base:6.1f}")


if __name__ == "__main__":
    main()
