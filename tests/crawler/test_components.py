"""Crawler components built through scrapy.utils.test.get_crawler: scope guard, spider callbacks, pipelines,
robots hints, progress line and WARC status lines, each on its own."""

from __future__ import annotations

import asyncio
import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from warcio.archiveiterator import ArchiveIterator

from core.ids import article_id, canonical_url
from core.settings import Settings
from core.source import Source
from crawler.extensions import WarcArchiveExtension
from crawler.items import RawPage
from crawler.progress import ProgressExtension, progress_line
from crawler.robots import RobotsHints
from crawler.scope import Refused, ScopeMiddleware, is_public
from crawler.state import CrawlState
from indexer.factory import get_backend
from tests.crawler.components import crawler_for, open_pipelines, response
from tests.crawler.hostile import article_html
from tests.crawler.support import loopback_source

BASE = "http://127.0.0.1:8999"


def portal(**update: object) -> Source:
    patterns = {"listing_patterns": [r"/lich\?", r"/chuyen-muc/"], "article_patterns": [r"/tin/"]}
    return loopback_source(BASE, **(patterns | update))


def stat(crawler: object, key: str) -> int:
    return int(crawler.stats.get_value(f"govnews/{key}", 0))  # type: ignore[attr-defined]


# -- scope guard ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1",
     "fd00:ec2::254", "::ffff:127.0.0.1", "224.0.0.1"],
)
def test_non_public_addresses(address: str) -> None:
    assert not is_public(address)


def test_public_addresses() -> None:
    assert is_public("203.162.0.1")
    assert is_public("2001:ee0::1")


def _process(mw: ScopeMiddleware, url: str, source_id: str | None = "p") -> None:
    meta = {"source_id": source_id} if source_id else {}
    asyncio.run(mw.process_request(Request(url, meta=meta)))  # IP literals: no DNS, nothing is sent


def test_scope_middleware_refuses_other_hosts_and_private_addresses(tmp_path: Path) -> None:
    crawler, _ = crawler_for(tmp_path, [portal(allow_private=False, aliases=["169.254.169.254", "10.0.0.7"])])
    mw = ScopeMiddleware.from_crawler(crawler)
    with pytest.raises(Refused) as off:
        _process(mw, "http://127.0.0.2:8999/secret.html")  # a redirect target on another host
    assert off.value.reason == "offsite"
    with pytest.raises(Refused) as private:
        _process(mw, f"{BASE}/tin/1.html")
    assert private.value.reason == "private"
    with pytest.raises(Refused):
        _process(mw, "http://169.254.169.254/latest/meta-data/")  # an alias, but the metadata address
    with pytest.raises(Refused):
        _process(mw, "http://10.0.0.7/robots.txt", source_id=None)  # robots.txt: any source's host, same rules
    with pytest.raises(Refused):
        _process(mw, "file:///etc/passwd")
    assert stat(crawler, "refused/offsite") == 2
    assert stat(crawler, "refused/private") == 3
    assert stat(crawler, "by_source/p/private") == 2


def test_scope_middleware_lets_an_opted_in_source_through(tmp_path: Path) -> None:
    crawler, _ = crawler_for(tmp_path, [portal()])
    mw = ScopeMiddleware.from_crawler(crawler)
    _process(mw, f"{BASE}/tin/1.html")
    _process(mw, f"{BASE}/robots.txt", source_id=None)
    with pytest.raises(Refused):
        _process(mw, "http://127.0.0.2:8999/tin/1.html")


# -- spider callbacks -----------------------------------------------------------------------------------------


def test_calendar_trap_is_cut_after_the_barren_budget(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal()], {"limits": {"trap_barren": 5}})
    url = f"{BASE}/lich?thang=1"
    fetched = 0
    while url:
        fetched += 1
        month = int(url.rsplit("=", 1)[1])
        body = f'<a href="/lich?thang={month + 1}">sau</a><a href="/tin/1.html">bài</a>'
        followed = [r.url for r in spider.parse_listing(response(url, body, source_id="p", listing_depth=month))]
        url = next((u for u in followed if "/lich" in u), "")
        assert fetched < 50, "the calendar was never cut"
    assert fetched == 6  # the first page brought an article; five barren pages later the template is a trap
    assert stat(crawler, "trap") == 1
    assert stat(crawler, "by_source/p/trap") == 1


def test_pagination_that_brings_new_articles_is_followed(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal()], {"limits": {"trap_barren": 5}})
    for page in range(1, 30):
        body = f'<a href="/chuyen-muc/?page={page + 1}">sau</a><a href="/tin/{page}.html">bài</a>'
        listing = response(f"{BASE}/chuyen-muc/?page={page}", body, source_id="p")
        followed = [r.url for r in spider.parse_listing(listing)]
        assert f"{BASE}/chuyen-muc/?page={page + 1}" in followed
    assert stat(crawler, "trap") == 0


def test_listing_depth_is_capped(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal(max_depth=3)])
    body = '<a href="/chuyen-muc/?page=9">sau</a><a href="/tin/9.html">bài</a>'
    deep = list(spider.parse_listing(response(f"{BASE}/chuyen-muc/?page=8", body, source_id="p", listing_depth=3)))
    assert [r.url for r in deep] == [f"{BASE}/tin/9.html"]
    assert stat(crawler, "depth_capped") == 1


def test_feed_and_sitemap_entries_on_other_hosts_are_counted_not_followed(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal()])
    feed = (
        "<rss version='2.0'><channel><item><link>http://127.0.0.2:8999/tin/x.html</link></item>"
        f"<item><link>{BASE}/tin/2.html</link></item></channel></rss>"
    )
    urls = [r.url for r in spider.parse_feed(response(f"{BASE}/rss.xml", feed, source_id="p", kind="feed"))]
    assert urls == [f"{BASE}/tin/2.html"]
    index = "<sitemapindex><sitemap><loc>http://127.0.0.2:8999/s.xml</loc></sitemap></sitemapindex>"
    assert not list(spider.parse_sitemap(response(f"{BASE}/sitemap.xml", index, source_id="p", kind="sitemap")))
    assert stat(crawler, "refused/offsite") == 2
    bomb = gzip.compress(b"<urlset>" + b" " * (40 << 20))
    assert not list(spider.parse_sitemap(response(f"{BASE}/s.xml.gz", bomb, source_id="p", kind="sitemap")))
    assert stat(crawler, "refused/too_large") == 1


def test_robots_sitemaps_only_for_sources_without_their_own(tmp_path: Path) -> None:
    _, spider = crawler_for(tmp_path, [portal(), portal(id="q", base_url=f"{BASE}/q/", sitemaps=[f"{BASE}/q/s.xml"])])
    offered = spider.robots_sitemaps("127.0.0.1", [f"{BASE}/sitemap.xml", "http://127.0.0.2:8999/s.xml"])
    assert [(r.url, r.meta["source_id"]) for r in offered] == [(f"{BASE}/sitemap.xml", "p")]


# -- pipelines ------------------------------------------------------------------------------------------------


def _page(path: str, canonical: str | None = None) -> RawPage:
    url = BASE + path
    return RawPage(
        url=url,
        body=article_html(f"Bài viết {path} về hội nghị triển khai", canonical).encode(),
        source_id="p",
        fetched_at=datetime.now(UTC),
        etag='"e1"',
        content_hash="h-" + path,
    )


def test_pages_are_marked_done_only_once_their_batch_is_indexed(tmp_path: Path) -> None:
    extract, index, state = open_pipelines(tmp_path, [portal()], {"extract_workers": 0, "index_batch": 2})

    async def feed(item: RawPage) -> None:
        await index.process_item(await extract.process_item(item))

    asyncio.run(feed(_page("/tin/1.html")))
    assert state.get(f"{BASE}/tin/1.html") is None, "marked done before its article was indexed"
    asyncio.run(feed(_page("/tin/2.html", canonical="/")))  # a canonical to the home page: ignored
    for n in (1, 2):
        known = state.get(f"{BASE}/tin/{n}.html")
        assert known is not None
        assert known.is_known_article
        assert known.article_id == article_id(f"{BASE}/tin/{n}.html")
    assert stat(index.crawler, "canonical_ignored") == 1
    asyncio.run(feed(_page("/tin/3.html")))
    index.close_spider()  # the last, partial batch is flushed at close
    extract.close_spider()
    assert state.get(f"{BASE}/tin/3.html") is not None
    backend = get_backend(Settings(data_dir=tmp_path))
    try:
        assert backend.count() == 3
    finally:
        backend.close()


# -- extensions -----------------------------------------------------------------------------------------------


def test_robots_crawl_delay_becomes_the_hosts_floor(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal()])
    hints = RobotsHints.from_crawler(crawler)
    hints.read("127.0.0.1", "User-agent: *\nCrawl-delay: 2.5\nDisallow: /admin\n", spider)
    hints.read("127.0.0.3", "User-agent: *\nCrawl-delay: 86400\n", spider)
    assert hints.floors == {"127.0.0.1": 2.5, "127.0.0.3": 60.0}


def test_progress_line_counts_pages_articles_errors_and_refusals(tmp_path: Path) -> None:
    stats = {
        "govnews/pages_fetched": 120,
        "govnews/articles_indexed": 80,
        "govnews/article_pages": 90,
        "govnews/http_errors": 2,
        "govnews/fetch_errors": 1,
        "govnews/refused/offsite": 4,
        "govnews/trap": 3,
    }
    line = progress_line(stats, 10.0)
    assert line.startswith("tiến độ / progress: 120 trang/pages (12.0/s), 80 bài")
    assert "3 lỗi/errors" in line
    assert "7 từ chối/refused" in line
    crawler, _ = crawler_for(tmp_path, [portal()])
    ext = ProgressExtension.from_crawler(crawler)
    ext.out = io.StringIO()
    crawler.stats.inc_value("govnews/pages_fetched", 5)
    ext.tick()
    assert "progress: 5 trang/pages" in ext.out.getvalue()


def test_warc_status_line_carries_the_real_reason_phrase(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal()])
    ext = WarcArchiveExtension.from_crawler(crawler)
    for status in (404, 304, 200, 599):
        url = f"{BASE}/tin/{status}.html"
        request = Request(url, meta={"source_id": "p", "kind": "article"})
        ext.response_received(HtmlResponse(url, status=status, body=b"<html></html>", request=request), request, spider)
    ext.spider_closed(spider)
    lines = []
    for path in sorted((tmp_path / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            lines += [r.http_headers.statusline for r in ArchiveIterator(fh) if r.rec_type == "response"]
    assert lines == ["404 Not Found", "304 Not Modified", "200 OK", "599"]


def test_canonical_url_keys_the_state(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "s.sqlite3")
    try:
        state.record_fetch(f"{BASE}/tin/a.html;jsessionid=ABCDEF0123456789", source_id="p", kind="listing", status=200)
        assert state.get(f"{BASE}/tin/a.html") is not None
        assert canonical_url(f"{BASE}/tin/a.html?PHPSESSID=0123456789abcdef") == f"{BASE}/tin/a.html"
    finally:
        state.close()
