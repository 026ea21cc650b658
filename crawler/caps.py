"""Where the crawler meets a cap: the Limits a Scrapy component reads, and one counter per cap met (total + source)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from core.limits import Limits
from core.settings import Settings

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
LIMIT_PREFIX = "limit_"  # by_source key of a cap met: "limit_header_bytes"; the total is govnews/limit/header_bytes


def crawl_limits(crawler: Crawler) -> Limits:
    """The run's Limits, as crawler/settings.py handed them to Scrapy (GOVNEWS_SETTINGS)."""
    raw = crawler.settings.get("GOVNEWS_SETTINGS")
    return Settings.model_validate_json(raw).limits if raw else Limits()


def request_sources(crawler: Crawler, request: Request) -> list[str]:
    """The source a request was made for, or (robots.txt has none) every source on the request's host."""
    if source_id := request.meta.get("source_id"):
        return [str(source_id)]
    try:
        spider = crawler.spider
    except RuntimeError:  # not started (a component test)
        return []
    rules: dict[str, Any] = getattr(spider, "rules", None) or {}
    host = (urlsplit(request.url).hostname or "").lower()
    return [sid for sid, rule in rules.items() if rule.on_host(f"http://{host}/")]


def count_limit(crawler: Crawler, request: Request, limit: str, n: int = 1) -> None:
    """One cap of core.limits.Limits (`limit` is its field name) met `n` times by `request` (logged, counted)."""
    log.warning("cap %s met: %s", limit, request.url)
    count_limit_for(crawler, request_sources(crawler, request), limit, n)


def count_limit_for(crawler: Crawler, source_ids: list[str], limit: str, n: int = 1) -> None:
    """A cap met `n` times: the run's total and each source's own counter."""
    assert limit in Limits.model_fields, limit
    if crawler.stats is None or not n:
        return
    crawler.stats.inc_value(f"govnews/limit/{limit}", n)
    for sid in source_ids:
        crawler.stats.inc_value(f"govnews/by_source/{sid}/{LIMIT_PREFIX}{limit}", n)


def count_event(crawler: Crawler, request: Request, key: str) -> None:
    """A counted event that is not a cap (`retry_after`): `govnews/<key>` and the source's own counter."""
    if crawler.stats is None:
        return
    crawler.stats.inc_value(f"govnews/{key}")
    for sid in request_sources(crawler, request):
        crawler.stats.inc_value(f"govnews/by_source/{sid}/{key}")
