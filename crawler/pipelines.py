"""Item pipelines: ExtractPipeline cleans each article page; IndexPipeline indexes in batches (full, or due after
GOVNEWS_INDEX_FLUSH_SECONDS) and only then marks the page done in the crawl state. Nothing a page does stops the
crawl."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

from scrapy.utils.asyncio import CallLaterResult, call_later

from cleaner.classify import verdict_of_error
from core.article import Article
from core.ids import canonical_url
from core.limits import Limits
from core.search import IndexReport, SearchBackend
from core.settings import Settings
from crawler.canonical import CanonicalGuard
from crawler.items import RawPage
from crawler.links import LinkRules
from crawler.sink import ArticleSink, Outcome, durable, extract_page, text_key
from crawler.state import CrawlState
from crawler.workers import extract_in_worker, worker_pool

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from cleaner.config import CleanerConfig
    from core.source import Source

log = logging.getLogger(__name__)
__all__ = ["ExtractPipeline", "IndexPipeline"]


class _Stage:
    """What both pipelines share: the crawler's stats and the spider's sources, rules and crawl state."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    def _inc(self, key: str, n: int = 1) -> None:
        if n and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"govnews/{key}", n)

    def _spider_attr(self, name: str) -> Any:
        spider = self.crawler.spider
        return getattr(spider, name, None) if spider is not None else None

    def source(self, source_id: str | None) -> Source | None:
        """The Source the spider crawls under this id."""
        return (self._spider_attr("sources") or {}).get(source_id)

    def rules(self, source_id: str | None) -> LinkRules | None:
        """The source's compiled link rules."""
        return (self._spider_attr("rules") or {}).get(source_id)

    @property
    def state(self) -> CrawlState | None:
        """The crawl-state DB the spider opened."""
        state: CrawlState | None = self._spider_attr("crawl_state")
        return state

    def mark_done(self, page: RawPage, article_id: str | None) -> None:
        """Remember the page as fetched and settled (its article indexed or spooled, or not an article), with what
        the cleaner found it to be."""
        if self.state is not None:
            self.state.done(
                page.state_key,
                source_id=page.source_id,
                status=page.status,
                etag=page.etag,
                last_modified=page.last_modified,
                content_hash=page.content_hash,
                article_id=article_id,
                page_kind=page.page_kind,
                reason=page.reason,
                text_hash=text_key(page.article) if page.article is not None else None,
                revisit=page.discovered,
            )


class ExtractPipeline(_Stage):
    """Clean each RawPage in a worker pool into an Article (canonical checked); not-articles are settled here."""

    def __init__(self, crawler: Crawler, settings: Settings) -> None:
        super().__init__(crawler)
        self.settings = settings
        self.workers = settings.workers
        self.limits: Limits = settings.limits
        self.config: CleanerConfig | None = None  # the reactor thread's own, when it extracts (no workers)
        self.pool: ProcessPoolExecutor | None = None
        self.canonicals = CanonicalGuard()
        self.texts: dict[str, str] = {}  # text hash -> the page that brought it first in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Worker count (settings.extract_workers; 0: extract in the reactor thread), caps and config directory
        from the core Settings."""
        return cls(crawler, Settings.model_validate_json(crawler.settings["GOVNEWS_SETTINGS"]))

    def open_spider(self) -> None:
        """Start the worker processes (they die with the crawl), or load the cleaner's config here."""
        if self.workers > 0:
            self.pool = worker_pool(self.workers, self.settings.config_dir)
        else:
            from cleaner.config import CleanerConfig

            self.config = CleanerConfig.load(self.settings.config_dir)

    def close_spider(self) -> None:
        """Stop the workers."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def _outcome(self, item: RawPage, source: Source | None) -> Any:
        if self.pool is None:
            assert self.config is not None  # open_spider loaded it
            return extract_page(item.body, item.url, source, item.fetched_at, limits=self.limits, cut=item.cut,
                                config=self.config)
        job = partial(extract_in_worker, item.body, item.url, source, item.fetched_at, limits=self.limits, cut=item.cut)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, job)
        except Exception as exc:  # a worker died (e.g. the extractor exhausted memory)
            return ("error", f"worker failed: {type(exc).__name__}: {exc}")

    async def process_item(self, item: Any) -> Any:
        """Set item.article, or count and settle a not-article / extractor failure."""
        if not isinstance(item, RawPage):
            return item
        self._inc("article_pages")
        outcome = await self._outcome(item, self.source(item.source_id))
        result = ArticleSink.settle(outcome, item.url)
        if isinstance(result, Article) and (same := self._same_text(result, item)) is not None:
            item.page_kind, item.reason = "duplicate", f"same title and text as {same}"
            self._count_kind(item)
            self.mark_done(item, None)
            return item
        item.page_kind, item.reason = verdict(outcome)
        self._count_kind(item)
        kind = "articles" if isinstance(result, Article) else "not_articles"
        self._inc(f"by_source/{item.source_id}/{kind}")
        if isinstance(result, Article):
            if result.truncated:  # cut in transport or at a cleaner cap: counted, never silent
                self._inc("truncated")
                self._inc(f"by_source/{item.source_id}/truncated")
            prior = self.state.page_of(result.id) if self.state is not None else None
            article, why = self.canonicals.check(result, item.state_key, self.rules(item.source_id), prior)
            if why is not None:
                log.info("canonical %s ignored (%s) for %s", result.canonical_url, why, item.url)
                self._inc("canonical_ignored")
                self._inc(f"by_source/{item.source_id}/canonical_ignored")
            item.article = article
        else:
            self._inc("not_articles" if result == "not_article" else "extract_errors")
            self.mark_done(item, None)  # nothing to index: the raw page is in the archive
        return item


    def _same_text(self, article: Article, item: RawPage) -> str | None:
        """The other page (this run, or settled before) whose article has the same title and text, if any."""
        key = text_key(article)
        prior = self.texts.setdefault(key, item.state_key)
        if prior == item.state_key and self.state is not None:
            prior = self.state.page_with_text(key) or prior
        return None if prior == item.state_key or canonical_url(prior) == canonical_url(item.state_key) else prior

    def _count_kind(self, item: RawPage) -> None:
        self._inc(f"page_kinds/{item.page_kind}")
        self._inc(f"by_source/{item.source_id}/kind_{item.page_kind}")


def verdict(outcome: Outcome) -> tuple[str, str]:
    """(page kind, main reason) of an extraction outcome (cleaner.classify's decision)."""
    if isinstance(outcome, Article):
        return outcome.kind, f"a title and {len(outcome.body.split())} words of its own text"
    failure, message = outcome
    if failure == "error":
        return "error", message.splitlines()[0][:200]
    return verdict_of_error(message), message[:200]


class IndexPipeline(_Stage):
    """Index articles in batches on one thread; a page is marked done only once its article is durable.

    A batch is indexed when it is full, or `settings.index_flush_seconds` after its first article arrived (a
    timer on the crawl's event loop), so a slow portal's articles become searchable without waiting for more.
    """

    def __init__(self, crawler: Crawler, settings: Settings, batch_size: int) -> None:
        super().__init__(crawler)
        self.settings = settings
        self.batch_size = batch_size
        self.sink: ArticleSink | None = None
        self.backend: SearchBackend | None = None
        self.index_thread: ThreadPoolExecutor | None = None
        self.pages: list[RawPage] = []  # the pages behind the buffered articles
        self.due: CallLaterResult | None = None  # the timer that flushes a partial batch
        self.pending: list[tuple[list[Article], list[RawPage], Future[IndexReport]]] = []  # timed batches in flight

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read core Settings from the Scrapy settings."""
        settings = Settings.model_validate_json(crawler.settings["GOVNEWS_SETTINGS"])
        return cls(crawler, settings, settings.index_batch)

    def open_spider(self) -> None:
        """Open the search backend, the indexing pipeline over it, and the sink."""
        from indexer.factory import get_backend
        from indexer.pipeline import open_pipeline

        self.backend = get_backend(self.settings)
        self.backend.ensure_schema()
        self.sink = ArticleSink(open_pipeline(self.settings, self.backend), batch_size=self.batch_size)
        # one indexing thread: batches are upserted in order while the reactor keeps downloading
        self.index_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govnews-index")

    def _settle(self, batch: list[Article], pages: list[RawPage], report: IndexReport) -> None:
        """Count the batch and mark the pages of its durable articles done (committed at once)."""
        self._inc("articles_indexed", report.indexed)
        self._inc("index_failed", report.failed)
        self._inc("spooled", report.spooled)
        stats = self.crawler.stats
        if report.damaged and stats is not None:  # unreadable spool records: named in the run report
            stats.set_value("govnews/damaged", [*stats.get_value("govnews/damaged", []), *report.damaged])
        kept = {a.id for a in durable(batch, report)}
        for page in pages:
            if page.article is not None and page.article.id in kept:
                self.mark_done(page, page.article.id)
        if self.state is not None:
            self.state.commit()

    async def process_item(self, item: Any) -> Any:
        """Buffer the article; a full batch is indexed on the index thread, a partial one when it is due."""
        if not isinstance(item, RawPage) or item.article is None or self.sink is None:
            return item
        self.pages.append(item)
        batch = self.sink.add(item.article, auto_flush=False)
        if batch:
            self._disarm()
            pages, self.pages = self.pages, []
            loop = asyncio.get_running_loop()
            self._settle(batch, pages, await loop.run_in_executor(self.index_thread, self.sink.index, batch))
        elif self.due is None:
            self.due = call_later(self.settings.index_flush_seconds, self._flush_due)
        item.body = b""  # the page is archived; do not keep its body in memory
        return item

    def _disarm(self) -> None:
        if self.due is not None:
            self.due.cancel()
            self.due = None

    def _flush_due(self) -> None:
        """The timer: hand the partial batch to the index thread; its pages are settled when it is durable."""
        self.due = None
        if not self.pages or self.sink is None or self.index_thread is None:
            return
        pages, self.pages = self.pages, []
        batch = self.sink.take()
        job = self.index_thread.submit(self.sink.index, batch)
        self.pending.append((batch, pages, job))
        self._inc("index_timed_flushes")
        asyncio.wrap_future(job).add_done_callback(lambda _: self._settle_pending())

    def _settle_pending(self) -> None:
        """Settle the timed batches that are done (on the event loop, where the crawl state is written)."""
        while self.pending and self.pending[0][2].done():
            batch, pages, job = self.pending.pop(0)
            self._settle(batch, pages, job.result())  # sink.index never raises: failures are in the report

    def close_spider(self) -> None:
        """Index what is left in the buffer and close the backend."""
        self._disarm()
        if self.index_thread is not None:
            self.index_thread.shutdown(wait=True)
        self._settle_pending()  # every timed batch is done now
        if self.sink is not None:
            pages, self.pages = self.pages, []
            batch = self.sink.take()
            self._settle(batch, pages, self.sink.index(batch))
        if self.sink is not None:
            self.sink.pipeline.close()
        if self.backend is not None:
            self.backend.close()
