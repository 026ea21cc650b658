"""Discovery through scrapy.utils.test.get_crawler: a source that is only an address. Frontier order (pagination,
headlines, other links; print/search/login never), one request per page however it is spelled, every page handed
to the cleaner, settled pages not fetched again, and the page kind + reason kept in the crawl state."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scrapy import Request

from core.source import Source
from crawler.items import RawPage
from crawler.pipelines import ExtractPipeline, IndexPipeline
from crawler.spiders.portal import PortalSpider
from crawler.state import CrawlState
from tests.crawler.components import crawler_for, response
from tests.crawler.hostile import article_html
from tests.crawler.support import loopback_source

BASE = "http://127.0.0.1:8999"
HOME = """<html><head><title>Cổng thử</title>
<link rel="alternate" type="application/rss+xml" href="/rss/tin-moi.rss"></head><body>
<a href="/gioi-thieu">Giới thiệu</a>
<a href="/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5">UBND tỉnh họp phiên thường kỳ tháng 5 năm 2024</a>
<a href="/chuyen-muc/?page=2">2</a>
<a href="/in-bai/123">In bài</a><a href="/tim-kiem?q=tre+em">Tìm</a><a href="/dang-nhap">Đăng nhập</a>
<a href="/files/quyet-dinh.pdf">Tải về</a><a href="http://127.0.0.2/tin/x">Báo khác đưa tin về sự kiện này</a>
<a href="/gioi-thieu/">Giới thiệu</a><a href="/gioi-thieu/index.html">Giới thiệu</a>
</body></html>"""


LISTING = "<html><head><title>Tin tức - Cổng thử</title></head><body><h2>Tin tức sự kiện</h2><ul>" + "".join(
    f'<li><a href="/tin/bai-{n}">Hội nghị triển khai nhiệm vụ công tác số {n} của tỉnh</a></li>' for n in range(12)
) + "</ul></body></html>"


def address(**update: object) -> Source:
    return loopback_source(BASE, **{"id": "a", **update})


def _split(out: list[object]) -> tuple[list[Request], list[RawPage]]:
    return [r for r in out if isinstance(r, Request)], [p for p in out if isinstance(p, RawPage)]


def test_an_address_alone_starts_from_the_home_page_and_its_sitemap(tmp_path: Path) -> None:
    _, spider = crawler_for(tmp_path, [address()])

    async def first() -> list[Request]:
        return [r async for r in spider.start()]

    started = asyncio.run(first())
    assert [(r.url, r.meta["kind"], r.meta["probe"]) for r in started] == [
        (f"{BASE}/sitemap.xml", "sitemap", True), (f"{BASE}/rss", "feed", True), (f"{BASE}/feed", "feed", True),
        (f"{BASE}/rss.xml", "feed", True), (f"{BASE}/", "page", False)]  # fmt: skip
    _, told = crawler_for(tmp_path / "told", [address(sitemaps=[f"{BASE}/bando.xml"], rss=[f"{BASE}/tin.rss"])])
    given = asyncio.run(starts(told))
    assert [(r.url, r.meta["probe"]) for r in given] == [
        (f"{BASE}/bando.xml", False), (f"{BASE}/tin.rss", False), (f"{BASE}/", False)]  # fmt: skip


async def starts(spider: PortalSpider) -> list[Request]:
    return [r async for r in spider.start()]


def test_a_probe_not_served_is_no_failure_but_a_failing_start_page_is(tmp_path: Path) -> None:
    from scrapy.http import HtmlResponse
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.python.failure import Failure

    _, spider = crawler_for(tmp_path, [address()])

    def fail(url: str, kind: str, probe: bool, status: int) -> None:
        request = Request(url, meta={"source_id": "a", "kind": kind, "listing_depth": 0, "probe": probe})
        error = HttpError(HtmlResponse(url, status=status, request=request))
        failure = Failure(error)
        failure.request = request  # type: ignore[attr-defined]
        spider.on_error(failure)

    fail(f"{BASE}/sitemap.xml", "sitemap", True, 404)
    fail(f"{BASE}/rss", "feed", True, 404)
    assert spider.failures.data == {}
    assert spider.crawler.stats.get_value("govnews/probe_missing") == 2
    fail(f"{BASE}/", "page", False, 503)
    assert spider.failures.data["a"]["pages"] == {"start": 1}


def test_frontier_order_and_links_never_followed(tmp_path: Path) -> None:
    _, spider = crawler_for(tmp_path, [address()])
    requests, pages = _split(list(spider.parse_page(response(f"{BASE}/", HOME, source_id="a", kind="page"))))
    order = {r.url: r.priority for r in requests if r.meta["kind"] == "page"}
    assert set(order) == {f"{BASE}/gioi-thieu", f"{BASE}/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5",
                          f"{BASE}/chuyen-muc/?page=2"}  # no print view, search, login, PDF or other host
    assert order[f"{BASE}/chuyen-muc/?page=2"] > order[f"{BASE}/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5"]
    assert order[f"{BASE}/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5"] > order[f"{BASE}/gioi-thieu"]
    assert [r.url for r in requests if r.meta["kind"] == "feed"] == [f"{BASE}/rss/tin-moi.rss"]
    assert len(pages) == 1
    assert pages[0].discovered


def test_one_page_under_several_spellings_is_requested_once(tmp_path: Path) -> None:
    _, spider = crawler_for(tmp_path, [address()])
    requests, _ = _split(list(spider.parse_page(response(f"{BASE}/", HOME, source_id="a", kind="page"))))
    assert sum("/gioi-thieu" in r.url for r in requests) == 1  # /gioi-thieu, /gioi-thieu/, /gioi-thieu/index.html
    again = f'<a href="{BASE}/gioi-thieu/">x</a><a href="{BASE}/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5/">y</a>'
    other = response(f"{BASE}/khac", again, source_id="a", kind="page", listing_depth=1)
    later, _ = _split(list(spider.parse_page(other)))
    assert later == []


def test_pages_are_classified_and_settled_pages_are_not_fetched_again(tmp_path: Path) -> None:
    crawler, spider = crawler_for(tmp_path, [address()], {"extract_workers": 0, "index_batch": 1})
    extract, index = ExtractPipeline.from_crawler(crawler), IndexPipeline.from_crawler(crawler)
    extract.open_spider()
    index.open_spider()
    state: CrawlState = spider.crawl_state  # type: ignore[assignment]
    story = f"{BASE}/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5"
    twin = f"{BASE}/chuyen-muc/tin/ubnd-tinh-hop-phien-thuong-ky-thang-5"

    async def feed(url: str, body: str) -> None:
        _, pages = _split(list(spider.parse_page(response(url, body, source_id="a", kind="page", listing_depth=1))))
        for page in pages:
            await index.process_item(await extract.process_item(page))

    asyncio.run(feed(story, article_html("UBND tỉnh họp phiên thường kỳ tháng 5 năm 2024", None)))
    asyncio.run(feed(twin, article_html("UBND tỉnh họp phiên thường kỳ tháng 5 năm 2024", None)))
    asyncio.run(feed(f"{BASE}/", LISTING))
    index.close_spider()
    extract.close_spider()
    article, duplicate, home = state.get(story), state.get(twin), state.get(f"{BASE}/")
    assert article is not None
    assert article.page_kind == "article"
    assert article.is_known_article
    assert duplicate is not None
    assert duplicate.page_kind == "duplicate"
    assert story in (duplicate.reason or "")
    assert home is not None
    assert home.page_kind == "listing"
    assert home.kind == "listing"
    assert crawler.stats.get_value("govnews/page_kinds/duplicate") == 1

    _, nightly = crawler_for(tmp_path / "unused", [address()])
    nightly.crawl_state = CrawlState(state.path)
    assert nightly._request(story, address(), "page") is None  # a known article: not fetched again
    assert nightly._request(f"{BASE}/", address(), "page") is not None  # a listing: fetched every run


def test_a_section_reaches_its_articles_outside_its_folder_without_crawling_the_portal(tmp_path: Path) -> None:
    section = address(base_url=f"{BASE}/web/so-y-te/")
    _, spider = crawler_for(tmp_path, [section])
    page = ('<a href="/web/so-y-te/tin-tuc?_101_cur=2">2</a>'
            '<a href="/web/guest/-/so-y-te-trien-khai-thang-hanh-dong-vi-tre-em">Sở Y tế triển khai tháng hành động vì'
            ' trẻ em</a>')
    requests, _ = _split(list(spider.parse_page(response(f"{BASE}/web/so-y-te/", page, source_id="a", kind="page"))))
    order = {r.url: r.priority for r in requests if r.meta["kind"] == "page"}
    outside = f"{BASE}/web/guest/-/so-y-te-trien-khai-thang-hanh-dong-vi-tre-em"
    assert order[outside] < order[f"{BASE}/web/so-y-te/tin-tuc?_101_cur=2"]  # fetched, last
    portal = '<a href="/web/guest/tin-tuc">Tin tức của cổng thông tin điện tử tỉnh</a>'
    followed, pages = _split(list(spider.parse_page(response(outside, portal, source_id="a", kind="page",
                                                             listing_depth=1))))
    assert followed == []  # classified, not followed: the portal around the section is not crawled
    assert len(pages) == 1
