"""Scrapy extensions: WARC archiving of every response, and AutoThrottle that never undercuts a host's delay."""

from __future__ import annotations

import http
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

from archive.index import WarcIndex
from archive.writer import WarcArchive
from core.settings import Settings

if TYPE_CHECKING:
    from typing import Self

    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler


def _decode(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes, multi-valued) as (name, value) string pairs."""
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():
        for value in values:
            pairs.append((_decode(name), _decode(value)))
    return pairs


def reason_phrase(status: int) -> str:
    """The standard reason phrase of an HTTP status ("Not Found"), or "" for a non-standard code."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


class WarcArchiveExtension:
    """Write every downloaded response (listings, articles, feeds, robots.txt, errors) to the WARC archive."""

    def __init__(self, archive: WarcArchive) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Open the archive under settings.archive_dir and hook the response and close signals."""
        settings = Settings.model_validate_json(crawler.settings["GOVNEWS_SETTINGS"])
        ext = cls(WarcArchive(settings.archive_dir, index=WarcIndex(settings.warc_index_path)))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """Archive one response with its request headers."""
        kind = request.meta.get("kind") or ("robots" if request.url.endswith("/robots.txt") else None)
        self.archive.write(
            url=response.url,
            method=request.method,
            request_headers=dict(header_pairs(request.headers)),
            status=response.status,
            reason=reason_phrase(response.status),
            response_headers=header_pairs(response.headers),
            body=response.body,
            source_id=request.meta.get("source_id"),
            kind=kind,
            fetched_at=datetime.now(UTC),
        )
        if spider.crawler.stats is not None:
            spider.crawler.stats.inc_value("govnews/pages_fetched")
            if source_id := request.meta.get("source_id"):
                spider.crawler.stats.inc_value(f"govnews/by_source/{source_id}/pages")

    def spider_closed(self, spider: Spider) -> None:
        """Close the last WARC file and its offset index."""
        self.archive.close()
        if self.archive.index is not None:
            self.archive.index.close()


class SlotAwareAutoThrottle(AutoThrottle):
    """AutoThrottle that adapts to latency but never goes below a host's configured politeness delay."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        super()._adjust_delay(slot, latency, response)
        host = (urlsplit(response.url).hostname or "").lower()
        configured = self.crawler.settings.getdict("DOWNLOAD_SLOTS").get(host, {})
        floor = float(configured.get("delay", 0.0))
        slot.delay = max(slot.delay, floor)
