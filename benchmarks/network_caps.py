"""What hostile servers cost a crawl, as ratios to the same crawl of a well-behaved server measured in the same run.

    python -m benchmarks.network_caps

Three pairs of `govnews crawl` runs (subprocesses, tantivy backend) against raw-socket servers on loopback
(tests/crawler/network.py), each hostile run next to its baseline:
- sitemap: an index of 20 x 50,000 URLs with `max_pages: 200`, against an index of 20 x 10 URLs (the same
  number of requests). Before the budget stopped sitemap reading the probe was still CPU-bound after 90 s.
- headers: 20 articles plus one page whose header lines never end, against 20 articles plus a normal page.
- robots: a 10 MB robots.txt against a 30-byte one, same pages.
Reported: crawl duration and peak RSS of the crawl's process tree (sampled every 0.5 s), and their ratios.
Articles are served as text/plain in the sitemap pair, so the cleaner's time does not hide the sitemap's.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.crawl_speed import sampled
from tests.crawler.network import RawServer, Route, article, listing, raw_servers, robots, sitemap_index, source
from tests.crawler.support import write_sources_file
from tests.crawler.test_network_caps import endless_headers

PAGES = [f"/tin/{i}.html" for i in range(20)]


def _run(routes: dict[str, Route], workdir: Path, **update: Any) -> dict[str, float]:
    srv = RawServer(routes={"/": listing(PAGES), **routes})
    with raw_servers(srv):
        if update.pop("sitemap", False):
            update["sitemaps"] = [f"{srv.base}/sitemap.xml"]
        path = write_sources_file(workdir / "s.yaml", [source(srv, **update)])
        cmd = [sys.executable, "-m", "cli.main", "--data-dir", str(workdir / "data"), "crawl", "--sources", str(path)]
        env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_PROGRESS_INTERVAL": "0"}
        out, code, peak = sampled(cmd, env)
    if code != 0:
        raise SystemExit(f"crawl failed ({code}): {out[-2000:]}")
    report = json.loads(out[out.index("{") : out.rindex("}") + 1])
    return {"duration_s": report["duration_s"], "peak_rss_mb": peak / 2**20, "sitemap_urls": report["sitemap_urls"]}


def main() -> int:
    """Run the three pairs and print one line each."""
    base = {"/robots.txt": robots("User-agent: *\n"), "/tin/": article}
    filler = "# " + "x" * 98 + "\n"
    pairs: dict[str, tuple[dict[str, Route], dict[str, Route], dict[str, Any]]] = {
        "sitemap 20x50,000, max_pages 200": (sitemap_index(20, 50_000), sitemap_index(20, 10), {"max_pages": 200}),
        "endless headers": (
            {**base, "/tin/19.html": endless_headers},
            base,
            {},
        ),
        "10 MB robots.txt": (
            {**base, "/robots.txt": robots("User-agent: *\n" + filler * (10 * 2**20 // len(filler)))},
            base,
            {},
        ),
    }
    for name, (hostile, baseline, update) in pairs.items():
        sitemap = "sitemap" in name
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            bad = _run(hostile, Path(a), sitemap=sitemap, **update)
            good = _run(baseline, Path(b), sitemap=sitemap, **update)
        print(
            f"{name}: {bad['duration_s']:.1f} s vs {good['duration_s']:.1f} s baseline "
            f"(x{bad['duration_s'] / good['duration_s']:.2f}), peak RSS {bad['peak_rss_mb']:.0f} vs "
            f"{good['peak_rss_mb']:.0f} MiB (x{bad['peak_rss_mb'] / good['peak_rss_mb']:.2f})"
            + (f", sitemap entries read {bad['sitemap_urls']:.0f}" if sitemap else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
