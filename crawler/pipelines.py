"""Item pipeline: each article page -> cleaner.extract -> batched indexer.load; nothing a page does stops the crawl."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from core.article import Article
from core.search import SearchBackend
from core.settings import Settings
from crawler.items import RawPage
from crawler.sink import ArticleSink, extract_page

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


def default_workers() -> int:
    """Extraction processes: one core stays with the reactor (downloads must not starve behind the cleaner)."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class ExtractIndexPipeline:
    """Extract every RawPage into an Article and index in batches; flush at close."""

    def __init__(self, crawler: Crawler, settings: Settings, batch_size: int) -> None:
        self.crawler = crawler
        self.settings = settings
        self.batch_size = batch_size
        self.sink: ArticleSink | None = None
        self.backend: SearchBackend | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.index_thread: ThreadPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read core Settings from the Scrapy settings."""
        settings = Settings.model_validate_json(crawler.settings["GOVNEWS_SETTINGS"])
        return cls(crawler, settings, crawler.settings.getint("GOVNEWS_INDEX_BATCH", 200))

    def _inc(self, key: str, n: int = 1) -> None:
        if n and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"govnews/{key}", n)

    def open_spider(self) -> None:
        """Open the search backend and the sink."""
        from indexer.factory import get_backend

        self.backend = get_backend(self.settings)
        self.backend.ensure_schema()
        workers = self.crawler.settings.getint("GOVNEWS_EXTRACT_WORKERS", default_workers())
        if workers > 0:
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        self.sink = ArticleSink(self.backend, self.settings.spool_dir, batch_size=self.batch_size)
        # one indexing thread: batches are upserted in order while the reactor keeps downloading
        self.index_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govnews-index")

    def _flushed(self, counts: tuple[int, int, int]) -> None:
        indexed, failed, spooled = counts
        self._inc("articles_indexed", indexed)
        self._inc("index_failed", failed)
        self._inc("spooled", spooled)

    async def process_item(self, item: Any) -> Any:
        """Clean one page in the worker pool; NotAnArticle and extractor crashes are logged and counted."""
        if not isinstance(item, RawPage) or self.sink is None:
            return item
        self._inc("article_pages")
        spider = self.crawler.spider
        source = getattr(spider, "sources", {}).get(item.source_id) if spider is not None else None
        if self.pool is None:
            outcome = extract_page(item.body, item.url, source, item.fetched_at)
        else:
            loop = asyncio.get_running_loop()
            try:
                outcome = await loop.run_in_executor(
                    self.pool, extract_page, item.body, item.url, source, item.fetched_at
                )
            except Exception as exc:  # a worker died (e.g. the extractor exhausted memory)
                outcome = ("error", f"worker failed: {type(exc).__name__}: {exc}")
        result = self.sink.settle(outcome, item.url)
        state = getattr(spider, "crawl_state", None)
        self._inc(f"by_source/{item.source_id}/{'articles' if isinstance(result, Article) else 'not_articles'}")
        if isinstance(result, Article):
            if state is not None:
                state.set_article_id(item.requested_url or item.url, result.id)
            batch = self.sink.add(result, auto_flush=False)
            if batch:
                loop = asyncio.get_running_loop()
                self._flushed(await loop.run_in_executor(self.index_thread, self.sink.index, batch))
        else:
            self._inc("not_articles" if result == "not_article" else "extract_errors")
        return item

    def close_spider(self) -> None:
        """Index what is left in the buffer and close the backend."""
        if self.index_thread is not None:
            self.index_thread.shutdown(wait=True)
        if self.sink is not None:
            self._flushed(self.sink.flush())
        if self.backend is not None:
            self.backend.close()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
