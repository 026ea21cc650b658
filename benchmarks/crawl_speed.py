"""Crawl speed as a ratio to `scrapy bench` run in the same run, and peak memory of the crawl's process tree.

    python -m benchmarks.crawl_speed                    # 100,000 simulated articles
    python -m benchmarks.crawl_speed --count 10000      # quicker

The crawl is `govnews crawl` (a subprocess, tantivy backend, extraction workers) of the simulator
(simulator/, on loopback) with every article indexed; memory is the summed RSS of the crawl process and all
its descendants (extraction workers, resource tracker), sampled every 0.5 s. The target: under 500 MB.
Then the index is deleted and rebuilt from the crawl's WARC archive with `govnews reprocess` (no network), its
rate reported against the crawl's and its memory sampled the same way (a stream: it must stay bounded too).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from simulator.server import SimulatorServer
from simulator.sources import sources_for

MEMORY_TARGET_MB = 500
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(root: int) -> list[int]:
    """`root` and every descendant (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and its descendants."""
    total = 0
    for pid in _tree(root):
        try:
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def scrapy_bench(seconds: int) -> float:
    """Pages per second of `scrapy bench` (Scrapy's own loopback server and link-following spider)."""
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),  # not inside a Scrapy project
        timeout=seconds + 120,
    )
    pages = int(re.findall(r"'response_received_count': (\d+)", proc.stderr)[-1])
    elapsed = float(re.findall(r"'elapsed_time_seconds': ([\d.]+)", proc.stderr)[-1])
    return pages / elapsed


def sampled(cmd: list[str], env: dict[str, str]) -> tuple[str, int, int]:
    """Run `cmd`; (stdout, return code, peak RSS of its process tree in bytes, sampled every 0.5 s)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    return out, proc.returncode, peak


def _figures(out: str, what: str, code: int, peak: int, *, pages: str) -> dict[str, float]:
    """The figures of a run from the JSON report it printed (`pages`: the report's page count to use)."""
    if code != 0:
        raise SystemExit(f"{what} failed ({code}): {out[-2000:]}")
    report: dict[str, Any] = json.loads(out[out.index("{") : out.rindex("}") + 1])
    return {
        "pages": report[pages],
        "articles_indexed": report["articles_indexed"],
        "duration_s": report["duration_s"],
        "pages_per_s": report["pages_per_second"],
        "peak_rss_mb": peak / 2**20,
    }


def crawl(count: int, workdir: Path) -> dict[str, float]:
    """Crawl a `count`-article simulator; pages/s from the run report, peak tree RSS sampled meanwhile."""
    from crawler.sources import write_sources

    data = workdir / "data"
    env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "WARNING",
           "GOVNEWS_PROGRESS_INTERVAL": "60"}
    with SimulatorServer(count=count, seed=1, slow_delay=0.5) as sim:
        sources = write_sources(sources_for(sim.base_url), workdir / "sources.yaml")
        cmd = [sys.executable, "-m", "cli.main", "--data-dir", str(data), "crawl", "--sources", str(sources)]
        out, code, peak = sampled(cmd, env)
    return _figures(out, "crawl", code, peak, pages="pages_fetched")


def reprocess(workdir: Path) -> dict[str, float]:
    """Delete the crawl's index and rebuild it from its archive with `govnews reprocess`."""
    data = workdir / "data"
    shutil.rmtree(data / "index")
    env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-m", "cli.main", "--data-dir", str(data), "reprocess"]
    cmd += ["--sources", str(workdir / "sources.yaml")]
    out, code, peak = sampled(cmd, env)
    return _figures(out, "reprocess", code, peak, pages="article_pages")


def main(argv: list[str] | None = None) -> int:
    """Run scrapy bench, then the crawl, then scrapy bench again; print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="simulated articles (default 100000)")
    parser.add_argument("--bench-seconds", type=int, default=20)
    args = parser.parse_args(argv)
    before = scrapy_bench(args.bench_seconds)
    with tempfile.TemporaryDirectory(prefix="govnews-crawl-bench-") as tmp:
        result = crawl(args.count, Path(tmp))
        again = reprocess(Path(tmp))
    after = scrapy_bench(args.bench_seconds)
    baseline = (before + after) / 2
    print(f"scrapy bench: {before:.1f} pages/s before, {after:.1f} after (baseline {baseline:.1f})")
    print(
        f"govnews crawl of {args.count} simulated articles: {result['pages']:.0f} pages, "
        f"{result['articles_indexed']:.0f} indexed in {result['duration_s']:.0f} s = {result['pages_per_s']:.1f} "
        f"pages/s, ratio to scrapy bench {result['pages_per_s'] / baseline:.2f}"
    )
    ok = result["peak_rss_mb"] < MEMORY_TARGET_MB
    print(f"peak RSS of the crawl process tree: {result['peak_rss_mb']:.0f} MB (target < {MEMORY_TARGET_MB} MB: "
          f"{'ok' if ok else 'OVER'})")
    print(
        f"govnews reprocess of its archive: {again['pages']:.0f} article pages, {again['articles_indexed']:.0f} "
        f"indexed in {again['duration_s']:.0f} s = {again['pages_per_s']:.1f} pages/s "
        f"({again['pages_per_s'] / result['pages_per_s']:.2f}x the crawl's pages/s); "
        f"peak RSS of its process tree {again['peak_rss_mb']:.0f} MB"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
