"""Build crawler components the way Scrapy does (scrapy.utils.test.get_crawler), on a temporary data dir."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from core.settings import Settings
from core.source import Source
from crawler.pipelines import ExtractPipeline, IndexPipeline
from crawler.settings import build_scrapy_settings
from crawler.spiders.portal import PortalSpider
from crawler.state import CrawlState


def crawler_for(
    data_dir: Path, sources: list[Source], core: dict[str, Any] | None = None, **overrides: Any
) -> tuple[Crawler, PortalSpider]:
    """A crawler with the project's Scrapy settings (from Settings(data_dir=…, **core)) and a PortalSpider over
    `sources` attached; `overrides` are Scrapy settings."""
    settings = build_scrapy_settings(Settings(data_dir=data_dir, **(core or {})), sources, overrides=overrides)
    crawler = get_crawler(PortalSpider, settings)
    spider = PortalSpider.from_crawler(crawler, sources=sources)
    crawler.spider = spider
    return crawler, spider


def open_pipelines(
    data_dir: Path, sources: list[Source], core: dict[str, Any] | None = None, **overrides: Any
) -> tuple[ExtractPipeline, IndexPipeline, CrawlState]:
    """The extract and index pipelines of a crawler_for(...), opened, with the spider's crawl state."""
    crawler, spider = crawler_for(data_dir, sources, core, **overrides)
    extract, index = ExtractPipeline.from_crawler(crawler), IndexPipeline.from_crawler(crawler)
    extract.open_spider()
    index.open_spider()
    state: CrawlState = spider.crawl_state  # type: ignore[assignment]
    return extract, index, state


def response(url: str, body: bytes | str, *, source_id: str, kind: str = "listing", **meta: Any) -> HtmlResponse:
    """A response as the downloader would hand it to a callback."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    request = Request(url, meta={"source_id": source_id, "kind": kind, **meta})
    return HtmlResponse(url, body=data, request=request, headers={"Content-Type": "text/html; charset=utf-8"})
