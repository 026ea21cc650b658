"""A live progress line every few seconds: pages, articles, errors, refused (on stderr, for a person watching)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from core.settings import Settings

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

ERROR_KEYS = ("http_errors", "fetch_errors", "extract_errors", "index_failed")
REFUSED_KEYS = ("refused/offsite", "refused/private", "refused/too_large", "trap")


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    """One line, Vietnamese first: `tiến độ / progress: 1200 trang/pages (40.0/s), 900 bài/articles, 3 lỗi/errors`."""

    def g(key: str) -> int:
        return int(stats.get(f"govnews/{key}", 0))

    pages = g("pages_fetched")
    errors = sum(g(k) for k in ERROR_KEYS)
    refused = sum(g(k) for k in REFUSED_KEYS)
    rate = pages / elapsed if elapsed > 0 else 0.0
    caps = sum(int(v) for k, v in stats.items() if k.startswith("govnews/limit/"))
    return (
        f"tiến độ / progress: {pages} trang/pages ({rate:.1f}/s), {g('articles_indexed')} bài đã lập chỉ mục/"
        f"articles indexed, {g('article_pages')} bài đã tải/article pages, {errors} lỗi/errors, "
        f"{refused} từ chối/refused" + (f", {caps} lần chạm giới hạn/caps met" if caps else "")
    )


class ProgressExtension:
    """Prints progress_line every GOVNEWS_PROGRESS_INTERVAL seconds (0 turns it off)."""

    def __init__(self, crawler: Crawler, interval: float, out: TextIO) -> None:
        self.crawler = crawler
        self.interval = interval
        self.out = out
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Hook spider_opened/closed."""
        interval = Settings.model_validate_json(crawler.settings["GOVNEWS_SETTINGS"]).progress_interval
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval, sys.stderr)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        """Start the clock and the loop."""
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        """Print one line."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        print(progress_line(stats, time.monotonic() - self.started), file=self.out, flush=True)

    def closed(self, spider: Any) -> None:
        """Final line, then stop."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.tick()
