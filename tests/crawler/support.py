"""Test helpers: a counting static HTTP server on loopback, the fixture site's Source, and `govnews` subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from core.source import Politeness, Source
from tests.support.loopback import running
from tests.support.shared import FIXTURE_SITE as FIXTURE_SITE

CATEGORIES = ("buu-chinh-vien-thong", "cong-nghe-thong-tin", "thanh-tra", "ke-hoach-tai-chinh")
LOOPBACK = Politeness(download_delay=0.0, concurrency=8, autothrottle=False, obey_robots=True)


class CountingServer(ThreadingHTTPServer):
    """A stdlib static server that records every request (path, conditional headers, status)."""

    daemon_threads = True

    def __init__(self, directory: Path) -> None:
        self.hits: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.conditional: Counter[str] = Counter()
        self.times: list[tuple[str, float]] = []  # (Host header, monotonic time) of every request
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), partial(_Handler, directory=str(directory)))
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"

    def article_hits(self, status: int | None = None) -> int:
        """Requests for article pages (view_content paths)."""
        return sum(n for path, n in self.hits.items() if "/-/view_content/" in path)


class _Handler(SimpleHTTPRequestHandler):
    server: CountingServer

    def send_response(self, code: int, message: str | None = None) -> None:
        with self.server.lock:
            self.server.hits[self.path.split("?", 1)[0]] += 1
            self.server.statuses[code] += 1
            self.server.times.append((self.headers.get("Host", ""), time.monotonic()))
            if self.headers.get("If-Modified-Since") or self.headers.get("If-None-Match"):
                self.server.conditional[self.path.split("?", 1)[0]] += 1
        super().send_response(code, message)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def serve_directory(directory: Path = FIXTURE_SITE) -> Iterator[CountingServer]:
    """Serve `directory` on a free loopback port for the duration of the block."""
    assert (directory / "vi").is_dir() or directory != FIXTURE_SITE, (
        f"the sotttt-hanoi mirror is not at {FIXTURE_SITE}; set GOVNEWS_FIXTURE_SITE to its site/ folder"
    )
    with running(CountingServer(directory)) as (server,):
        yield server


def loopback_source(base_url: str, /, **fields: Any) -> Source:
    """A Source on a loopback server (private addresses allowed, no delay, no AutoThrottle); `fields` set the rest."""
    data: dict[str, Any] = {
        "id": "p",
        "name": "Cổng thử",
        "base_url": f"{base_url}/",
        "politeness": Politeness(download_delay=0.0, concurrency=2, autothrottle=False),
        "allow_private": True,
    }
    return Source.model_validate(data | fields)


def fixture_source(base_url: str, categories: tuple[str, ...] = CATEGORIES, **update: Any) -> Source:
    """The Liferay mirror as a Source: four category listings, their paginated copies, view_content articles."""
    names = "|".join(categories)
    data: dict[str, Any] = {
        "id": "sotttt-hanoi-mirror",
        "name": "Sở Thông tin và Truyền thông Hà Nội (HTTrack mirror, 2022)",
        "province": "ha-noi",
        "platform": "liferay",
        "base_url": f"{base_url}/",
        "start_urls": [f"{base_url}/vi/{c}.html" for c in categories],
        "listing_patterns": [rf"/vi/({names})[0-9a-f]*\.html(\?.*)?$"],
        "article_patterns": [r"/-/view_content/\d+-"],
        "deny_patterns": [r"/pop_up/"],
        "politeness": LOOPBACK,
        "allow_private": True,
    }
    data.update(update)
    return Source.model_validate(data)


def write_sources_file(path: Path, sources: list[Source]) -> Path:
    """A sources YAML file for `govnews crawl --sources`."""
    from crawler.sources import write_sources

    return write_sources(sources, path)


def govnews(
    *args: str, data_dir: Path, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m cli.main --data-dir D ARGS…` (a fresh process: Scrapy's reactor cannot restart)."""
    full_env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "INFO", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        check=False,
    )


def clean_crawl(label: str, sources: Path, data_dir: Path) -> dict[str, Any]:
    """`govnews crawl --sources S` into `data_dir`, timed and printed; its report, asserted finished and without an
    extraction error."""
    started = time.monotonic()
    report = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data_dir))
    elapsed = time.monotonic() - started
    print(f"{label}: {report['pages_fetched']} pages, {report['articles_indexed']} articles in {elapsed:.1f}s")
    assert report["finish_reason"] == "finished"
    assert report["extract_errors"] == 0
    return report


def crawl_report(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The JSON run report `govnews crawl` prints (everything before the one-line summary)."""
    assert proc.returncode == 0, f"crawl failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    text = proc.stdout.strip()
    start = text.index("{")
    end = text.rindex("}") + 1
    report: dict[str, Any] = json.loads(text[start:end])
    return report


def expected_fixture_ids(site: Path = FIXTURE_SITE, categories: tuple[str, ...] = CATEGORIES) -> set[str]:
    """Distinct view_content ids linked from the category listing files on disk (independent of the crawler)."""
    import re

    listing_re = re.compile(rf"^({'|'.join(categories)})[0-9a-f]*\.html$")
    href_re = re.compile(r'href="([^"]*?/-/view_content/(\d+)-[^"]*)"')
    todo = [f"{c}.html" for c in categories]
    seen: set[str] = set()
    ids: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or not (site / "vi" / name).is_file():
            continue
        seen.add(name)
        text = (site / "vi" / name).read_text(encoding="utf-8", errors="replace")
        for href, art in href_re.findall(text):
            if href.split("/", 1)[0] in categories and (site / "vi" / href).is_file():
                ids.add(art)
        for href in re.findall(r'href="([^"?#]+)', text):
            if listing_re.match(href):
                todo.append(href)
    return ids
