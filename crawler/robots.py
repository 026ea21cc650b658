"""What robots.txt says beyond allow/deny: `Crawl-delay` as a floor on the host's delay, `Sitemap:` lines for
sources that list no sitemap of their own (Scrapy's RobotsTxtMiddleware only allows or denies)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request, signals
from scrapy.http import Response

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is capped (AUTOTHROTTLE_MAX_DELAY)


class RobotsHints:
    """Extension: read every fetched robots.txt with Protego; keep each host's slot delay >= its Crawl-delay."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.floors: dict[str, float] = {}
        self.agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT") or "*"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Hook response_received."""
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        """A robots.txt: remember its Crawl-delay and offer its sitemaps. Any response: enforce the floor."""
        host = (urlsplit(request.url).hostname or "").lower()
        if urlsplit(request.url).path == "/robots.txt" and response.status == 200:
            self.read(host, response.body.decode("utf-8", "replace"), spider)
        if host in self.floors:
            self.apply(request, self.floors[host])

    def read(self, host: str, text: str, spider: Any) -> None:
        """Parse one robots.txt."""
        try:
            robots = Protego.parse(text)
        except Exception:  # a robots.txt Protego cannot read gives no hints
            return
        delay = robots.crawl_delay(self.agent)
        if delay:
            self.floors[host] = min(float(delay), MAX_CRAWL_DELAY)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value(f"govnews/crawl_delay/{host}", self.floors[host])
        offer = getattr(spider, "robots_sitemaps", None)
        engine = self._engine()
        if offer is not None and engine is not None:
            for req in offer(host, list(robots.sitemaps)):
                engine.crawl(req)

    def _engine(self) -> Any:
        try:
            return self.crawler.engine
        except RuntimeError:  # not started (a component test)
            return None

    def apply(self, request: Request, floor: float) -> None:
        """Raise the delay of the slot this request went through to at least `floor`."""
        engine = self._engine()
        if engine is None:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < floor:
            slot.delay = floor
            slot.randomize_delay = False
