"""Item pipeline: each article page -> cleaner.extract -> batched indexer.load; nothing a page does stops the crawl."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from core.article import Article
from core.search import SearchBackend
from core.settings import Settings
from crawler.items import RawPage
from crawler.sink import ArticleSink

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class ExtractIndexPipeline:
    """Extract every RawPage into an Article and index in batches; flush at close."""

    def __init__(self, crawler: Crawler, settings: Settings, batch_size: int) -> None:
        self.crawler = crawler
        self.settings = settings
        self.batch_size = batch_size
        self.sink: ArticleSink | None = None
        self.backend: SearchBackend | None = None

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
        self.sink = ArticleSink(
            self.backend, self.settings.spool_dir, batch_size=self.batch_size, on_flush=self._flushed
        )

    def _flushed(self, indexed: int, failed: int, spooled: int) -> None:
        self._inc("articles_indexed", indexed)
        self._inc("index_failed", failed)
        self._inc("spooled", spooled)

    def process_item(self, item: Any) -> Any:
        """Clean one page; NotAnArticle and any extractor exception are logged and counted, never raised."""
        if not isinstance(item, RawPage) or self.sink is None:
            return item
        self._inc("article_pages")
        spider = self.crawler.spider
        source = getattr(spider, "sources", {}).get(item.source_id) if spider is not None else None
        state = getattr(spider, "crawl_state", None)
        outcome = self.sink.extract(item.body, item.url, source, fetched_at=item.fetched_at)
        if isinstance(outcome, Article):
            if state is not None:
                state.set_article_id(item.url, outcome.id)
            self.sink.add(outcome)
        else:
            self._inc("not_articles" if outcome == "not_article" else "extract_errors")
        return item

    def close_spider(self) -> None:
        """Index what is left in the buffer and close the backend."""
        if self.sink is not None:
            self.sink.flush()
        if self.backend is not None:
            self.backend.close()
