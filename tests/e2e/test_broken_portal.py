"""A real crawl of the simulator where one portal's host refuses every connection, one never answers (timeout) and
another's start page moved (404): the run report names their failing URLs and error kinds, and Nguồn flags them,
the moved one although its sitemap still answered. The crawled articles' archived copies are addressed by capture
time."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from search_api.app import create_app
from simulator.banks import load_sites
from simulator.server import SimulatorServer
from simulator.sources import source_for, sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow


@pytest.fixture
def refusing_port() -> Iterator[int]:
    """A port on 127.0.0.2 bound but never listening: every connection to it is refused, and no one else takes it."""
    sock = socket.socket()
    sock.bind(("127.0.0.2", 0))
    try:
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections (the kernel's backlog) and never answers a byte."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    try:
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


def test_dead_and_moved_portals_are_named_with_their_failing_urls(
    tmp_path: Path, refusing_port: int, silent_port: int
) -> None:
    data = tmp_path / "data"
    sites = load_sites()
    with SimulatorServer(count=60, seed=4, slow_delay=0.2) as sim:
        sources = sources_for(sim.base_url)
        dead = source_for(sites[0], f"http://127.0.0.2:{refusing_port}")  # the same portal, its host now dead
        moved_start = f"{sim.base_url}/trang-da-chuyen/"
        moved = sources[1].model_copy(update={"start_urls": [moved_start]})  # its sitemap still answers
        silent = source_for(sites[2], f"http://127.0.0.1:{silent_port}")  # answers nothing
        path = write_sources_file(tmp_path / "sources.yaml", [dead, moved, silent, *sources[3:]])
        report: dict[str, Any] = crawl_report(
            govnews("crawl", "--sources", str(path), "--set", "RETRY_TIMES=0", "--set", "DOWNLOAD_TIMEOUT=3",
                    data_dir=data)
        )  # fmt: skip

    dead_urls = {*dead.start_urls, *dead.rss, *dead.sitemaps}
    gone = report["failures"][dead.id]
    assert gone["kinds"] == {"connection_refused": len(dead_urls)}, gone
    assert {u["url"] for u in gone["urls"]} == dead_urls
    assert gone["pages"]["start"] == len(dead.start_urls)
    assert report["by_source"][dead.id]["errors"] == len(dead_urls)

    stuck = report["failures"][silent.id]
    assert set(stuck["kinds"]) == {"timeout"}, stuck
    assert {u["url"] for u in stuck["urls"]} == {*silent.start_urls, *silent.rss, *silent.sitemaps}

    lost = report["failures"][moved.id]
    assert [(u["url"], u["page"], u["kind"], u["status"]) for u in lost["urls"] if u["page"] == "start"] == [
        (moved_start, "start", "http_4xx", 404)
    ]
    assert report["by_source"][moved.id]["articles"] > 0  # found through its sitemap

    settings = Settings(data_dir=data, backend="tantivy", sources_file=path)
    with TestClient(create_app(settings)) as client:
        warnings = client.get("/api/reports/latest").json()["warnings"]
        assert any(w.startswith(f"{dead.id}: ") and "từ chối kết nối" in w for w in warnings), warnings
        assert any(w.startswith(f"{moved.id}: 1 trang bắt đầu") and "HTTP 4xx" in w for w in warnings), warnings
        assert any(w.startswith(f"{silent.id}: ") and "quá thời gian chờ" in w for w in warnings), warnings
        page = client.get("/nguon").text
        for url in dead_urls | {moved_start}:
            assert f"<code>{url}</code>" in page
        assert f"<strong>{moved.name}</strong>" in page

        hit = client.get("/api/search", params={"source": moved.id, "size": 1}).json()["hits"][0]
        article = client.get(f"/api/articles/{hit['id']}").json()
        [capture] = article["captures"]
        assert article["archive"]["href"] == capture["href"] == f"/bai-viet/{hit['id']}/ban-luu/{capture['stamp']}"
        banner = client.get(capture["href"])
        assert banner.status_code == 200
        assert "Bản lưu của govnews" in banner.text
        assert hit["title"].split()[0] in client.get(capture["raw_href"]).text
