"""Throughput check: `python -m simulator.bench [count] [pages]` fetches article pages over loopback HTTP."""

from __future__ import annotations

import resource
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from simulator.server import SimulatorServer
from simulator.urls import listing_path


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return len(resp.read())


def main(count: int = 100_000, pages: int = 500, threads: int = 8) -> None:
    """Start a server with `count` articles, fetch `pages` spread-out article pages, print rates and memory."""
    start = time.perf_counter()
    with SimulatorServer(count=count, seed=0, slow_delay=0.0) as sim:
        print(f"server with {count} articles up in {time.perf_counter() - start:.3f} s")
        step = max(1, count // pages)
        urls = [sim.base_url + sim.corpus.article(i).url_path for i in range(0, count, step)][:pages]
        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            sizes = list(pool.map(_get, urls))
        took = time.perf_counter() - start
        print(f"{len(urls)} article pages in {took:.2f} s = {len(urls) / took:.0f} pages/s, "
              f"mean {sum(sizes) / len(sizes) / 1024:.1f} KiB")  # fmt: skip
        for site in sim.corpus.sites:
            last = sim.corpus.page_count(site.id, 0)
            start = time.perf_counter()
            _get(sim.base_url + listing_path(site, site.categories[0], last, site.page_size))
            print(f"{site.id}: deepest listing page ({last}) in {time.perf_counter() - start:.3f} s")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
