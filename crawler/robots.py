"""What robots.txt says beyond allow/deny: `Crawl-delay` as a floor on the host's delay, `Sitemap:` lines for
sources that list no sitemap of their own (Scrapy's RobotsTxtMiddleware only allows or denies); and its size cap:
a robots.txt is downloaded and parsed only up to `limits.robots_bytes` (RFC 9309 §2.5 allows 500 KiB)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from protego import Protego
from scrapy import Request, signals
from scrapy.exceptions import StopDownload
from scrapy.http import Response
from scrapy.robotstxt import ProtegoRobotParser

from crawler.caps import count_limit, crawl_limits

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is capped (AUTOTHROTTLE_MAX_DELAY)


def is_robots(request: Request) -> bool:
    """A request for a robots.txt, or a redirect that began as one (RFC 9309 §2.3.1.2: redirects are followed)."""
    first = (request.meta.get("redirect_urls") or [request.url])[0]
    return urlsplit(str(first)).path == "/robots.txt"


def cut_robots(body: bytes, cap: int) -> bytes:
    """The first `cap` bytes of a robots.txt, ending at the last complete line (a rule is never cut in half)."""
    if len(body) <= cap:
        return body
    head = body[:cap]
    end = head.rfind(b"\n")
    return head[: end + 1] if end >= 0 else b""


class CappedRobotParser(ProtegoRobotParser):
    """ROBOTSTXT_PARSER: Scrapy's Protego parser over the first `limits.robots_bytes` of the file."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:
        """Cut, then parse."""
        spider = None if not crawler else crawler.spider
        return cls(cut_robots(robotstxt_body, crawl_limits(crawler).robots_bytes), spider)


class RobotsHints:
    """Extension: read every fetched robots.txt with Protego; keep each host's slot delay >= its Crawl-delay."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.floors: dict[str, float] = {}
        self.agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT") or "*"
        self.cap = crawl_limits(crawler).robots_bytes
        self.received: WeakKeyDictionary[Request, int] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Hook response_received and bytes_received."""
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    def bytes_received(self, data: bytes, request: Request, spider: Any) -> None:
        """Stop a robots.txt download once it passes the cap; the part read so far is the response."""
        if not is_robots(request):
            return
        total = self.received.get(request, 0) + len(data)
        self.received[request] = total
        if total > self.cap:
            raise StopDownload(fail=False)

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        """A robots.txt: remember its Crawl-delay and offer its sitemaps. Any response: enforce the floor."""
        host = (urlsplit(request.url).hostname or "").lower()
        if is_robots(request) and response.status == 200:
            if len(response.body) > self.cap:
                count_limit(self.crawler, request, "robots_bytes")
            self.read(host, cut_robots(response.body, self.cap).decode("utf-8", "replace"), spider)
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
