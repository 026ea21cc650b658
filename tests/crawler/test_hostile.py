"""A hostile portal (tests/crawler/hostile.py): SSRF by redirect and nested sitemap, private addresses, a gzip
bomb, a calendar trap, session ids and a canonical pointing to the home page, all in one loopback crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from indexer.factory import get_backend
from tests.crawler.hostile import hostile_portal, hostile_source
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow


def test_hostile_portal_is_crawled_safely_and_every_refusal_is_reported(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with hostile_portal() as site:
        sources = write_sources_file(tmp_path / "s.yaml", [hostile_source(site)])
        proc = govnews("crawl", "--sources", str(sources), data_dir=data)
        report = crawl_report(proc)
        hits = dict(site.portal_srv.hits)
        calendar = site.calendar_hits()
        internal = site.internal_hits
    assert report["finish_reason"] == "finished"
    # SSRF: neither the redirect target nor the nested sitemap on the other host was ever requested
    assert internal == 0
    assert hits.get("/tin/chuyen-huong.html") == 1
    assert report["refused_offsite"] >= 2  # the redirect and the nested sitemap
    assert report["by_source"]["hostile"]["offsite"] >= 2
    # robots.txt: its Sitemap line was used (the source lists none), and the bomb in it refused as too large
    assert report["robots_sitemaps"] == 1
    assert hits.get("/sitemap.xml") == 1
    assert hits.get("/bomb.xml.gz") == 1
    assert report["refused_too_large"] == 1
    assert report["by_source"]["hostile"]["too_large"] == 1
    # calendar trap: bounded, and reported
    assert report["trap_urls"] >= 1
    assert 40 <= calendar <= 60, calendar
    # session ids: three spellings, one fetch
    assert sum(n for path, n in hits.items() if path.startswith("/tin/phien.html")) == 1
    # canonical "/" on five articles: five documents, and the report says why
    assert report["canonical_ignored"] == 5
    backend = get_backend(Settings(data_dir=data))
    try:
        assert backend.count() == 6  # bai-1..5 and phien
    finally:
        backend.close()
    assert "tiến độ / progress:" in proc.stderr


def test_private_addresses_are_refused_unless_the_source_opts_in(tmp_path: Path) -> None:
    with hostile_portal() as site:
        port = site.portal.rsplit(":", 1)[1]
        by_name = hostile_source(site, id="by-name", base_url=f"http://localhost:{port}/", allow_private=False)
        sources = [hostile_source(site, allow_private=False), by_name]  # an IP literal, and a name resolved by DNS
        path = write_sources_file(tmp_path / "s.yaml", sources)
        report = crawl_report(govnews("crawl", "--sources", str(path), data_dir=tmp_path / "data"))
        hits = sum(site.portal_srv.hits.values())
    assert hits == 0, "a loopback portal without allow_private must not be contacted at all"
    assert report["by_source"]["hostile"]["private"] >= 1
    assert report["by_source"]["by-name"]["private"] >= 1
    assert report["refused_private"] >= 2
    assert report["pages_fetched"] == 0
