"""Every GOVNEWS_* variable in .env.example is read from the environment and changes what it says it changes.

Each variable is set to a value other than its default, Settings is built the way the `govnews` command builds it
(cli.main), and the effect is looked for where the value is used: real servers on loopback, a real tantivy index,
the real crawl pipelines. A variable added to .env.example without a check here fails test_every_variable_is_checked.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from scrapy.utils.test import get_crawler

from cli.main import _settings, main
from core.search import BackendUnavailable
from core.settings import REPO_ROOT, Settings
from crawler.items import RawPage
from crawler.pipelines import ExtractPipeline, IndexPipeline
from crawler.settings import build_scrapy_settings
from crawler.spiders.portal import PortalSpider
from crawler.state import CrawlState
from tests.crawler.hostile import article_html
from tests.crawler.support import write_sources_file
from tests.crawler.test_components import BASE, portal
from tests.support.config_copy import MENTION, NEW_NAME, edited_config

Check = Callable[[Path, pytest.MonkeyPatch], None]


def example_variables() -> dict[str, str]:
    """Every GOVNEWS_* variable .env.example names (set or commented out), with the value it shows."""
    found: dict[str, str] = {}
    for line in (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        name, sep, value = line.lstrip("# ").partition("=")
        if sep and name.startswith("GOVNEWS_") and name.isupper():
            found[name] = value
    return found


def settings() -> Settings:
    """Settings as the `govnews` command builds them (no --data-dir: the environment alone)."""
    return _settings(argparse.Namespace(data_dir=None))


# -- the crawl's pipelines -------------------------------------------------------------------------------------


def crawl_pipelines(core: Settings) -> tuple[ExtractPipeline, IndexPipeline, CrawlState]:
    """The crawl's extract and index pipelines, opened, as a crawl with `core` settings builds them."""
    crawler = get_crawler(PortalSpider, build_scrapy_settings(core, [portal()]))
    spider = PortalSpider.from_crawler(crawler, sources=[portal()])
    crawler.spider = spider
    extract, index = ExtractPipeline.from_crawler(crawler), IndexPipeline.from_crawler(crawler)
    extract.open_spider()
    index.open_spider()
    return extract, index, spider.crawl_state  # type: ignore[return-value]


def raw_page(n: int) -> RawPage:
    body = article_html(f"Bài viết số {n} về hội nghị triển khai công tác trẻ em", None).encode()
    return RawPage(url=f"{BASE}/tin/{n}.html", body=body, source_id="p", fetched_at=datetime.now(UTC),
                   etag=None, content_hash=f"h{n}")


async def feed(extract: ExtractPipeline, index: IndexPipeline, n: int) -> None:
    await index.process_item(await extract.process_item(raw_page(n)))


async def pages_at_once(extract: ExtractPipeline, count: int) -> None:
    """Extract `count` pages concurrently; each is an article."""
    done = await asyncio.gather(*(extract.process_item(raw_page(n)) for n in range(count)))
    assert all(page.article is not None for page in done)


def close(extract: ExtractPipeline, index: IndexPipeline) -> None:
    index.close_spider()
    extract.close_spider()


# -- a recording "Elasticsearch" on loopback -----------------------------------------------------------------------


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True
    delay = 0.0
    requests: list[tuple[str, str, bytes]]


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.requests.append(("PUT", self.path, body))
        time.sleep(self.server.delay)
        data = b'{"acknowledged": true}'
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (its timeout)
            pass


@contextmanager
def recorder(delay: float = 0.0) -> Iterator[_Recorder]:
    """An HTTP server on 127.0.0.2 answering every PUT like Elasticsearch, recording (method, path, body)."""
    server = _Recorder(("127.0.0.2", 0), _Handler)
    server.requests, server.delay = [], delay
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def es_url(server: _Recorder) -> str:
    return f"http://127.0.0.2:{server.server_address[1]}"


def put_template(monkeypatch: pytest.MonkeyPatch, server: _Recorder) -> dict[str, Any]:
    """The index template the configured backend publishes (path and body, as the server received them)."""
    from indexer.factory import get_backend

    monkeypatch.setenv("GOVNEWS_BACKEND", "elasticsearch")
    monkeypatch.setenv("GOVNEWS_ELASTICSEARCH_URL", es_url(server))
    backend = get_backend(settings())
    try:
        backend.put_template()  # type: ignore[attr-defined]
    finally:
        backend.close()
    ((_, path, body),) = server.requests
    return {"path": path, **json.loads(body)}


# -- the checks, one per variable --------------------------------------------------------------------------------


def check_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "elsewhere"))
    assert main(["reprocess"]) == 2  # no archive there yet: the message names the directory
    (tmp_path / "elsewhere" / "warc").mkdir(parents=True)
    assert main(["reprocess", "--workers", "0"]) == 0
    assert list((tmp_path / "elsewhere" / "reports").glob("*-reprocess.json"))


def check_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.config import CleanerConfig
    from search_api.app import load_labels

    monkeypatch.setenv("GOVNEWS_CONFIG_DIR", str(edited_config(tmp_path)))
    core = settings()
    assert CleanerConfig.load(core.config_dir).places.mentioned(MENTION) == ["ha-noi"]  # the cleaner's
    assert load_labels(core).province("ha-noi") == NEW_NAME  # and the API's


def check_sources_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.crawl import read_sources

    path = write_sources_file(tmp_path / "mine.yaml", [portal(id="only-mine")])
    monkeypatch.setenv("GOVNEWS_SOURCES_FILE", str(path))
    assert [s.id for s in read_sources(settings(), None, None)] == ["only-mine"]


def check_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with recorder() as server:
        template = put_template(monkeypatch, server)  # GOVNEWS_BACKEND=elasticsearch: the template went out
    assert template["path"].startswith("/_index_template/")


def check_elasticsearch_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with recorder() as server:
        put_template(monkeypatch, server)
        assert len(server.requests) == 1  # to this server, the one the variable names


def check_es_alias(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_ES_ALIAS", "tin-bai")
    with recorder() as server:
        template = put_template(monkeypatch, server)
    assert template["path"] == "/_index_template/tin-bai-template"
    assert template["index_patterns"] == ["tin-bai-*"]


def check_es_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_ES_TIMEOUT", "0.2")
    with recorder(delay=5.0) as server:
        started = time.monotonic()
        with pytest.raises(BackendUnavailable):
            put_template(monkeypatch, server)
        assert time.monotonic() - started < 3.0  # three tries of 0.2 s, not of the default 30 s


def check_es_shards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_ES_SHARDS", "3")
    with recorder() as server:
        template = put_template(monkeypatch, server)
    assert template["template"]["settings"]["number_of_shards"] == 3


def check_es_replicas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_ES_REPLICAS", "2")
    with recorder() as server:
        template = put_template(monkeypatch, server)
    assert template["template"]["settings"]["number_of_replicas"] == 2


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _serve_answers(tmp_path: Path, env: dict[str, str], url: str) -> int:
    """Start `govnews serve` with `env`, and the HTTP status `url` answers with once it is up."""
    import os

    full = {**os.environ, "GOVNEWS_DATA_DIR": str(tmp_path / "data"), **env}
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve"], env=full,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    return int(response.status)
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"govnews serve never answered at {url}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def check_api_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port("127.0.0.2")
    url = f"http://127.0.0.2:{port}/healthz"
    assert _serve_answers(tmp_path, {"GOVNEWS_API_HOST": "127.0.0.2", "GOVNEWS_API_PORT": str(port)}, url) == 200


def check_api_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port("127.0.0.1")
    assert _serve_answers(tmp_path, {"GOVNEWS_API_PORT": str(port)}, f"http://127.0.0.1:{port}/healthz") == 200


def check_public_base_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search_api.app import create_app

    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVNEWS_PUBLIC_BASE_URL", "https://tin.example.gov.vn/govnews/")
    with TestClient(create_app(settings())) as client:
        feed_xml = client.get("/api/feed.xml", params={"q": "trẻ em"}).text
    assert "<link>https://tin.example.gov.vn/govnews/?" in feed_xml


def check_index_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVNEWS_EXTRACT_WORKERS", "0")
    monkeypatch.setenv("GOVNEWS_INDEX_BATCH", "2")
    extract, index, state = crawl_pipelines(settings())
    try:
        asyncio.run(feed(extract, index, 1))
        assert state.get(f"{BASE}/tin/1.html") is None  # one article: the batch is not full
        asyncio.run(feed(extract, index, 2))
        assert state.get(f"{BASE}/tin/1.html") is not None  # two: indexed (the default batch is 200)
        assert index.backend is not None
        assert index.backend.count() == 2
    finally:
        close(extract, index)


def check_index_flush_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVNEWS_EXTRACT_WORKERS", "0")
    monkeypatch.setenv("GOVNEWS_INDEX_FLUSH_SECONDS", "0.3")
    extract, index, state = crawl_pipelines(settings())

    async def crawl() -> float:
        started = time.monotonic()
        await feed(extract, index, 1)
        while state.get(f"{BASE}/tin/1.html") is None:
            assert time.monotonic() - started < 10, "a partial batch waited for the default 30 s"
            await asyncio.sleep(0.02)
        return time.monotonic() - started

    try:
        assert 0.25 <= asyncio.run(crawl()) < 10
    finally:
        close(extract, index)


def check_reprocess_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.server import SimulatorServer
    from simulator.sources import sources_for

    data = tmp_path / "data"
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(data))
    with SimulatorServer(count=12, seed=3) as sim:
        sources = write_sources_file(tmp_path / "sources.yaml", sources_for(sim.base_url)[:1])
        crawled = subprocess.run([sys.executable, "-m", "cli.main", "crawl", "--sources", str(sources)],
                                 capture_output=True, text=True, timeout=600, check=False)
    assert crawled.returncode == 0, crawled.stderr[-3000:]

    def segments_after_reprocess(batch: str | None) -> tuple[int, int]:
        """(articles, tantivy segments) after reprocess: each upsert of a batch commits one segment."""
        import shutil

        shutil.rmtree(data / "index")
        if batch is not None:
            monkeypatch.setenv("GOVNEWS_REPROCESS_BATCH", batch)
        assert main(["reprocess", "--sources", str(sources), "--workers", "0"]) == 0
        meta = json.loads((data / "index" / "meta.json").read_text(encoding="utf-8"))
        return sum(int(s["max_doc"]) for s in meta["segments"]), len(meta["segments"])

    articles, default = segments_after_reprocess(None)  # the default: every article in one batch
    assert 3 <= articles <= 7
    again, one_by_one = segments_after_reprocess("1")
    assert again == articles
    # One article per commit: one segment each (tantivy merges wait for 8 of a size); one batch of all: a segment
    # per writer thread at most.
    assert one_by_one == articles > default


def check_extract_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))
    for workers in ("0", "2"):
        monkeypatch.setenv("GOVNEWS_EXTRACT_WORKERS", workers)
        extract, index, _ = crawl_pipelines(settings())
        try:
            asyncio.run(pages_at_once(extract, 4))  # the pool starts workers on demand, up to its size
            processes = len(extract.pool._processes or {}) if extract.pool is not None else 0  # the live workers
        finally:
            close(extract, index)
        assert processes == int(workers)


def check_user_agent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_USER_AGENT", "kiem-tra/2.0 (+mailto:test@example.gov.vn)")
    scrapy_settings = build_scrapy_settings(settings(), [portal()])
    assert scrapy_settings["USER_AGENT"] == "kiem-tra/2.0 (+mailto:test@example.gov.vn)"  # what Scrapy sends
    assert scrapy_settings["ROBOTSTXT_USER_AGENT"] == "kiem-tra"  # the token robots.txt rules are matched on


def check_progress_interval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.exceptions import NotConfigured

    from crawler.progress import ProgressExtension

    def extension() -> ProgressExtension:
        return ProgressExtension.from_crawler(get_crawler(PortalSpider, build_scrapy_settings(settings(), [portal()])))

    assert extension().interval == 5.0
    monkeypatch.setenv("GOVNEWS_PROGRESS_INTERVAL", "0.5")
    assert extension().interval == 0.5  # the line's period
    monkeypatch.setenv("GOVNEWS_PROGRESS_INTERVAL", "0")
    with pytest.raises(NotConfigured):  # no progress line at all
        extension()


def check_log_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVNEWS_LOG_LEVEL", "error")
    monkeypatch.setattr(logging.root, "handlers", [])  # let basicConfig act as in a fresh process
    main(["reprocess"])
    assert logging.root.level == logging.ERROR


def check_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(article_html("Hội nghị triển khai công tác bảo vệ trẻ em năm 2024", None), encoding="utf-8")
    args = [str(page), "--url", f"{BASE}/tin/1.html"]
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))
    assert main(["extract", *args]) == 0
    assert json.loads(capsys.readouterr().out)["truncated"] is False
    monkeypatch.setenv("GOVNEWS_LIMITS", json.dumps({"page_bytes": page.stat().st_size - 200}))
    assert main(["extract", *args]) == 0
    assert json.loads(capsys.readouterr().out)["truncated"] is True  # the page was cut at the cap


CHECKS: dict[str, Check] = {
    "GOVNEWS_DATA_DIR": check_data_dir,
    "GOVNEWS_CONFIG_DIR": check_config_dir,
    "GOVNEWS_SOURCES_FILE": check_sources_file,
    "GOVNEWS_BACKEND": check_backend,
    "GOVNEWS_ELASTICSEARCH_URL": check_elasticsearch_url,
    "GOVNEWS_ES_ALIAS": check_es_alias,
    "GOVNEWS_ES_TIMEOUT": check_es_timeout,
    "GOVNEWS_ES_SHARDS": check_es_shards,
    "GOVNEWS_ES_REPLICAS": check_es_replicas,
    "GOVNEWS_API_HOST": check_api_host,
    "GOVNEWS_API_PORT": check_api_port,
    "GOVNEWS_PUBLIC_BASE_URL": check_public_base_url,
    "GOVNEWS_INDEX_BATCH": check_index_batch,
    "GOVNEWS_INDEX_FLUSH_SECONDS": check_index_flush_seconds,
    "GOVNEWS_REPROCESS_BATCH": check_reprocess_batch,
    "GOVNEWS_EXTRACT_WORKERS": check_extract_workers,
    "GOVNEWS_USER_AGENT": check_user_agent,
    "GOVNEWS_LOG_LEVEL": check_log_level,
    "GOVNEWS_PROGRESS_INTERVAL": check_progress_interval,
}
SLOW = {"GOVNEWS_REPROCESS_BATCH", "GOVNEWS_API_HOST", "GOVNEWS_API_PORT"}  # a crawl, or `govnews serve`


def test_every_variable_is_checked() -> None:
    assert set(example_variables()) == {*CHECKS, "GOVNEWS_LIMITS"}


@pytest.fixture
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No GOVNEWS_* from the outer environment, and no .env file read: the check's variable is the only one."""
    import os

    for name in [n for n in os.environ if n.startswith("GOVNEWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVNEWS_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.usefixtures("clean_environment")
@pytest.mark.parametrize("variable", [pytest.param(v, marks=pytest.mark.slow) if v in SLOW else v for v in CHECKS])
def test_the_variable_changes_what_it_says(variable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    CHECKS[variable](tmp_path, monkeypatch)


@pytest.mark.usefixtures("clean_environment")
def test_limits_cap_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    check_limits(tmp_path, monkeypatch, capsys)
