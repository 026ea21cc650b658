"""Nightly reruns against a real static server: known articles are not re-fetched, listings are, 304s are honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.reader import iter_archive
from crawler.state import CrawlState
from tests.crawler.support import (
    crawl_report,
    expected_fixture_ids,
    fixture_source,
    govnews,
    serve_directory,
    write_sources_file,
)

pytestmark = pytest.mark.slow
CATEGORY = ("ke-hoach-tai-chinh",)


def test_rerun_skips_known_articles_and_revisit_uses_conditional_requests(tmp_path: Path) -> None:
    expected = len(expected_fixture_ids(categories=CATEGORY))
    with serve_directory() as server:
        sources = write_sources_file(tmp_path / "sources.yaml", [fixture_source(server.base_url, CATEGORY)])
        first = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=tmp_path / "data"))
        assert first["article_pages"] >= expected  # (two saved copies of one article may both be linked)
        fetched_articles = server.article_hits()
        assert fetched_articles == first["article_pages"]
        assert all(n == 1 for path, n in server.hits.items() if "/-/view_content/" in path)
        listing_hits = server.hits["/vi/ke-hoach-tai-chinh.html"]

        # nightly rerun: listings revisited, no article fetched again
        second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=tmp_path / "data"))
        assert server.article_hits() == fetched_articles
        assert server.hits["/vi/ke-hoach-tai-chinh.html"] == listing_hits + 1
        assert second["skipped_known"] == first["article_pages"]
        assert second["article_pages"] == 0

        # revisit everything: conditional GETs, answered 304 by the server, nothing re-extracted
        third = crawl_report(
            govnews("crawl", "--sources", str(sources), "--revisit-days", "0", data_dir=tmp_path / "data")
        )
        conditional_articles = sum(n for p, n in server.conditional.items() if "/-/view_content/" in p)
        assert conditional_articles == first["article_pages"]
        assert third["not_modified"] == first["article_pages"]
        assert third["article_pages"] == 0
        assert third["articles_indexed"] == 0

    state = CrawlState(tmp_path / "data" / "crawl-state.sqlite3")
    assert state.count("article") == first["article_pages"]
    state.close()
    kinds = {r.kind for r in iter_archive(tmp_path / "data" / "warc")}
    assert {"listing", "article", "robots"} <= kinds
    reports = sorted((tmp_path / "data" / "reports").glob("*.json"))
    assert len(reports) == 3


def test_limited_run_then_rerun_fetches_each_article_once(tmp_path: Path) -> None:
    with serve_directory() as server:
        sources = write_sources_file(tmp_path / "sources.yaml", [fixture_source(server.base_url, CATEGORY)])
        first = crawl_report(govnews("crawl", "--sources", str(sources), "--limit", "15", data_dir=tmp_path / "d"))
        assert first["article_pages"] == 15
        assert server.article_hits() == 15
        second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=tmp_path / "d"))
        assert second["skipped_known"] == 15
        total = first["article_pages"] + second["article_pages"]
        assert total >= len(expected_fixture_ids(categories=CATEGORY))
        assert server.article_hits() == total
        assert all(n == 1 for path, n in server.hits.items() if "/-/view_content/" in path)
