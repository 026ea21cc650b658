"""The network caps' components through scrapy.utils.test.get_crawler: Retry-After parsing and its cap, the
robots.txt cut, the sitemap budget (max_pages and limits.sitemap_urls), the header-cap error, the settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DownloadFailedError, StopDownload
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from core.limits import Limits
from core.settings import Settings
from core.source import Source
from crawler.budget import refuse_spent_sitemap
from crawler.download import HeadersTooLarge, headers_too_large
from crawler.progress import progress_line
from crawler.retry_after import RetryAfterMiddleware, retry_after_seconds
from crawler.robots import CappedRobotParser, RobotsHints, cut_robots
from crawler.scope import Refused
from crawler.settings import build_scrapy_settings
from crawler.sitemap import iter_locs
from tests.crawler.components import crawler_for, response
from tests.crawler.support import loopback_source

BASE = "http://127.0.0.1:8999"


def portal(**update: object) -> Source:
    return loopback_source(BASE, **{"article_patterns": [r"/tin/"], **update})


def with_limits(tmp_path: Path, **limits: object) -> dict[str, Any]:
    """Scrapy overrides carrying Settings whose Limits differ from the defaults."""
    settings = Settings(data_dir=tmp_path, limits=Limits.model_validate(limits))
    return {"GOVNEWS_SETTINGS": settings.model_dump_json()}


def stat(crawler: object, key: str) -> int:
    return int(crawler.stats.get_value(f"govnews/{key}", 0))  # type: ignore[attr-defined]


# -- Retry-After ----------------------------------------------------------------------------------------------


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 7, 23, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("4", now) == 4.0
    assert retry_after_seconds(" 120 ", now) == 120.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after_seconds("Mon, 07 Dec 2026 22:00:00 GMT", now) == 0.0  # a date in the past: no wait
    for garbage in ("", None, "soon", "-5", "1.5e9", "Mon, 99 Foo 2026"):
        assert retry_after_seconds(garbage, now) is None, garbage


def test_retry_after_is_counted_and_a_huge_one_is_cut_to_the_cap(tmp_path: Path) -> None:
    crawler, _ = crawler_for(tmp_path, [portal()], **with_limits(tmp_path, retry_after_seconds=60))
    mw = RetryAfterMiddleware.from_crawler(crawler)
    request = Request(f"{BASE}/tin/1.html", meta={"source_id": "p"})

    def answer(status: int, value: str) -> Response:
        return Response(request.url, status=status, headers={"Retry-After": value}, request=request)

    for status, value in ((429, "4"), (503, "86400"), (500, "4"), (429, "whenever")):
        out = mw.process_response(request, answer(status, value))
        assert out.status == status  # handed on unchanged: RetryMiddleware retries it
    assert stat(crawler, "retry_after") == 2  # the 500 and the unreadable value are not Retry-After waits
    assert stat(crawler, "by_source/p/retry_after") == 2
    assert stat(crawler, "limit/retry_after_seconds") == 1  # one day asked, 60 s given
    assert stat(crawler, "by_source/p/limit_retry_after_seconds") == 1


# -- robots.txt -----------------------------------------------------------------------------------------------


def test_robots_txt_is_cut_at_a_line_end_within_the_cap(tmp_path: Path) -> None:
    body = b"User-agent: *\nDisallow: /a/\n" + b"#" * 100 + b"\nDisallow: /b/\n"
    assert cut_robots(body, 10_000) == body
    assert cut_robots(body, 40) == b"User-agent: *\nDisallow: /a/\n"
    assert cut_robots(b"x" * 50, 10) == b""
    crawler, _ = crawler_for(tmp_path, [portal()], **with_limits(tmp_path, robots_bytes=64))
    parser = CappedRobotParser.from_crawler(crawler, body)
    assert not parser.allowed(f"{BASE}/a/1", "govnews")
    assert parser.allowed(f"{BASE}/b/1", "govnews")  # the rule past the cap is never read


def test_robots_download_stops_past_the_cap_and_is_counted_for_the_host_sources(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal()], **with_limits(tmp_path, robots_bytes=1000))
    crawler.spider = spider
    hints = RobotsHints.from_crawler(crawler)
    robots = Request(f"{BASE}/robots.txt")
    hints.bytes_received(b"x" * 600, robots, spider)
    with pytest.raises(StopDownload):
        hints.bytes_received(b"x" * 600, robots, spider)
    hints.bytes_received(b"x" * 5000, Request(f"{BASE}/tin/1.html"), spider)  # other pages are not cut here
    moved = Request(f"{BASE}/khac/robots-moi.txt", meta={"redirect_urls": [robots.url]})  # a redirected robots.txt
    with pytest.raises(StopDownload):
        hints.bytes_received(b"x" * 1200, moved, spider)
    body = b"User-agent: *\nCrawl-delay: 2\n" + b"#" * 1200
    hints.response_received(TextResponse(robots.url, body=body, request=robots), robots, spider)
    assert hints.floors["127.0.0.1"] == 2.0
    assert stat(crawler, "limit/robots_bytes") == 1
    assert stat(crawler, "by_source/p/limit_robots_bytes") == 1  # robots.txt has no source: its host's sources


# -- sitemaps -------------------------------------------------------------------------------------------------


def urlset(n: int, start: int = 0) -> str:
    locs = "".join(f"<url><loc>{BASE}/tin/{i}.html</loc></url>" for i in range(start, start + n))
    return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</urlset>"


def test_iter_locs_streams_and_survives_a_broken_tail() -> None:
    entries = iter_locs(urlset(3).encode()[:-20] + b"<url><loc>garbage")
    assert [e.loc for e in entries] == [f"{BASE}/tin/{i}.html" for i in range(3)]
    assert list(iter_locs(b"<html>not xml")) == []
    assert list(iter_locs(b"")) == []
    index = b"<sitemapindex><sitemap><loc>/a.xml</loc><lastmod>2024-01-02</lastmod></sitemap></sitemapindex>"
    assert [(e.loc, e.lastmod, e.in_index) for e in iter_locs(index)] == [("/a.xml", "2024-01-02", True)]


def test_sitemap_reading_stops_when_max_pages_is_spent(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal(max_pages=10)])
    page = response(f"{BASE}/sitemap.xml", urlset(50_000), source_id="p", kind="sitemap")
    requests = list(spider.parse_sitemap(page))
    assert len(requests) == 10
    assert spider.sitemap_read["p"] == 11  # one entry past the budget is read, not 50,000
    assert stat(crawler, "page_capped") == 1
    again = response(f"{BASE}/sitemap-2.xml", urlset(50_000, 50_000), source_id="p", kind="sitemap")
    assert list(spider.parse_sitemap(again)) == []  # the next sitemap of a spent source is not parsed at all
    assert spider.sitemap_read["p"] == 11
    assert stat(crawler, "by_source/p/sitemap_urls") == 11


def test_sitemap_reading_stops_at_the_sitemap_urls_cap(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal(max_pages=None)], **with_limits(tmp_path, sitemap_urls=1000))
    first = response(f"{BASE}/sitemap-1.xml", urlset(800), source_id="p", kind="sitemap")
    second = response(f"{BASE}/sitemap-2.xml", urlset(800, 800), source_id="p", kind="sitemap")
    assert len(list(spider.parse_sitemap(first))) == 800
    assert len(list(spider.parse_sitemap(second))) == 200  # 1,000 entries for the source, over both sitemaps
    assert stat(crawler, "limit/sitemap_urls") == 1
    assert stat(crawler, "by_source/p/limit_sitemap_urls") == 1


def test_a_sitemap_of_a_spent_source_is_refused_before_its_download(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [portal(max_pages=5)])
    crawler.spider = spider
    nested = Request(f"{BASE}/sm/2.xml", meta={"source_id": "p", "kind": "sitemap"})
    refuse_spent_sitemap(crawler, nested)  # budget left: nothing happens
    spider.per_source["p"] = 5
    refuse_spent_sitemap(crawler, Request(f"{BASE}/tin/1.html", meta={"source_id": "p", "kind": "article"}))
    with pytest.raises(Refused):
        refuse_spent_sitemap(crawler, nested)
    assert stat(crawler, "by_source/p/page_capped") == 1


# -- headers, download size, settings -------------------------------------------------------------------------


def test_a_header_cap_failure_is_recognised_inside_scrapys_wrapping() -> None:
    wrapped = DownloadFailedError("download failed")
    wrapped.__cause__ = ResponseFailed([Failure(HeadersTooLarge("65537 bytes"))])
    assert headers_too_large(wrapped)
    assert not headers_too_large(DownloadFailedError("connection reset"))


def test_a_too_large_body_counts_as_the_download_bytes_cap(tmp_path: Path) -> None:
    import gzip

    crawler, spider = crawler_for(tmp_path, [portal()], **with_limits(tmp_path, download_bytes=1 << 20))
    bomb = gzip.compress(b"<urlset>" + b" " * (2 << 20))
    assert not list(spider.parse_sitemap(response(f"{BASE}/s.xml.gz", bomb, source_id="p", kind="sitemap")))
    assert stat(crawler, "refused/too_large") == 1
    assert stat(crawler, "limit/download_bytes") == 1
    assert stat(crawler, "by_source/p/limit_download_bytes") == 1


def test_the_progress_line_says_when_caps_were_met() -> None:
    stats = {"govnews/pages_fetched": 10, "govnews/limit/header_bytes": 2, "govnews/limit/robots_bytes": 1}
    assert progress_line(stats, 1.0).endswith(", 3 lần chạm giới hạn/caps met")
    assert "giới hạn" not in progress_line({"govnews/pages_fetched": 10}, 1.0)


def test_limits_reach_scrapy_from_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, limits=Limits(download_bytes=5 << 20))
    scrapy_settings = build_scrapy_settings(settings, [portal()])
    assert scrapy_settings["DOWNLOAD_MAXSIZE"] == 5 << 20
    assert scrapy_settings["DOWNLOAD_HANDLERS"]["http"] == "crawler.download.CappedDownloadHandler"
    assert scrapy_settings["ROBOTSTXT_PARSER"] == "crawler.robots.CappedRobotParser"
    assert Settings.model_validate_json(scrapy_settings["GOVNEWS_SETTINGS"]).limits.download_bytes == 5 << 20
