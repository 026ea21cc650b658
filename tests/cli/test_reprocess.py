"""`govnews reprocess` rebuilds the index from the WARC archive alone, with the portal gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.search import SearchQuery
from core.settings import Settings
from indexer.factory import get_backend
from tests.crawler.support import crawl_report, fixture_source, govnews, serve_directory, write_sources_file

pytestmark = pytest.mark.slow


def ids_in_index(data: Path) -> set[str]:
    backend = get_backend(Settings(data_dir=data))
    try:
        result = backend.search(SearchQuery(size=200, facets=()))
        assert result.total <= 200
        return {hit.id for hit in result.hits}
    finally:
        backend.close()


def test_reprocess_recreates_the_index_without_network(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serve_directory() as server:
        sources = write_sources_file(tmp_path / "sources.yaml", [fixture_source(server.base_url, ("thanh-tra",))])
        report = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    # the server is gone now: any fetch would fail
    assert report["articles_indexed"] > 80
    before = ids_in_index(data)
    assert len(before) == report["articles_indexed"]
    shutil.rmtree(data / "index")
    proc = govnews("reprocess", "--sources", str(sources), data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"{report['articles_indexed']} indexed" in proc.stdout
    progress = [line for line in proc.stderr.splitlines() if line.startswith("reprocess: ")]
    assert progress, proc.stderr[-2000:]  # at least the closing line, with the counts and the rate
    assert f"{report['articles_indexed']:,} indexed" in progress[-1]
    assert progress[-1].endswith("pages/s)")
    assert ids_in_index(data) == before
    assert list((data / "reports").glob("*-reprocess.json"))


def test_reprocess_without_archive_fails_clearly(tmp_path: Path) -> None:
    proc = govnews("reprocess", data_dir=tmp_path)
    assert proc.returncode == 2
    assert "no WARC archive" in proc.stderr


def test_reprocess_of_a_discovered_site_keeps_what_the_crawl_indexed(tmp_path: Path) -> None:
    """A source that is only an address: its pages are archived as discovered pages, and reprocess re-cleans them,
    leaves listings out and keeps the crawl's choice among copies of one story."""
    data = tmp_path / "data"
    with serve_directory() as server:
        source = fixture_source(server.base_url, ("thanh-tra",), listing_patterns=[], article_patterns=[],
                                platform="generic", max_pages=190)  # its menus lead to the whole mirror
        sources = write_sources_file(tmp_path / "sources.yaml", [source])
        report = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert report["articles_indexed"] > 80
    assert report["page_kinds"]["listing"] >= 5
    before = ids_in_index(data)
    shutil.rmtree(data / "index")
    proc = govnews("reprocess", "--sources", str(sources), data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert ids_in_index(data) == before
