"""Retry-After on 429 and 503: that host's download slot waits (seconds or HTTP-date, capped); other hosts go on."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.asyncio import call_later

from crawler.caps import count_event, count_limit, crawl_limits

if TYPE_CHECKING:
    from typing import Self

    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler

STATUSES = (429, 503)  # RFC 9110 §10.2.3: Retry-After with 503 (unavailable) and 429 (RFC 6585, too many requests)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """The wait a Retry-After value asks for (delay-seconds or HTTP-date), 0 for a past date, None if unreadable."""
    text = (value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Downloader middleware before RetryMiddleware: a 429/503 with Retry-After pauses the host's slot.

    The pause is `min(Retry-After, limits.retry_after_seconds)`; a longer request is cut and counted as a cap met.
    RetryMiddleware then retries the URL as usual, and the retry waits in the paused slot with the host's other
    requests, so nothing reaches that host before the time is up. Other hosts' slots are untouched.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawl_limits(crawler).retry_after_seconds
        self.until: dict[str, float] = {}  # slot key -> monotonic time its pause ends

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built by Scrapy."""
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        """Pause the slot when the response asks for it; the response goes on to RetryMiddleware unchanged."""
        if response.status not in STATUSES:
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1") if header else None)
        if wait is None:
            return response
        if wait > self.cap:
            count_limit(self.crawler, request, "retry_after_seconds")
            wait = self.cap
        count_event(self.crawler, request, "retry_after")
        self.pause(request, wait)
        return response

    def pause(self, request: Request, wait: float) -> None:
        """Hold the request's download slot for `wait` seconds (a longer pause already running is kept)."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # not started (a component test)
            return
        if engine is None or wait <= 0:
            return
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        slot: Slot | None = downloader.slots.get(key)
        end = monotonic() + wait
        if slot is None or end <= self.until.get(key, 0.0):
            return
        self.until[key] = end
        slot.lastseen = max(slot.lastseen, end)  # the slot is busy until then (idle-slot cleanup leaves it alone)
        if slot.latercall is not None:
            slot.latercall.cancel()
        # Scrapy's own delay mechanism: while slot.latercall is set, _process_queue sends nothing from this slot
        slot.latercall = call_later(wait, downloader._latercall, slot)
