"""Reprocess: re-clean the newest archived copy of every article page and re-index it, with no network."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack
from datetime import UTC, datetime

from archive.reader import ArchivedResponse, Damage, latest_articles
from core.article import Article
from core.settings import Settings
from core.source import Source
from crawler.report import CrawlReport
from crawler.sink import ArticleSink, Outcome, extract_page, text_key
from crawler.state import CrawlState
from crawler.workers import extract_in_worker, worker_pool

log = logging.getLogger(__name__)
PROGRESS_EVERY = 10.0  # seconds between progress lines


def _outcomes(
    records: Iterable[ArchivedResponse], sources: dict[str, Source], workers: int, settings: Settings
) -> Iterator[tuple[str, Outcome]]:
    """(url, extraction outcome) per record, in order; `workers` processes, a bounded number in flight."""
    limits = settings.limits
    if workers <= 0:
        from cleaner.config import CleanerConfig

        config = CleanerConfig.load(settings.config_dir)
        for r in records:
            yield r.url, extract_page(r.body, r.url, sources.get(r.source_id or ""), r.fetched_at, limits=limits,
                                      config=config)
        return
    with worker_pool(workers, settings.config_dir) as pool:
        pending: deque[tuple[str, Future[Outcome]]] = deque()
        for r in records:
            source = sources.get(r.source_id or "")
            job = pool.submit(extract_in_worker, r.body, r.url, source, r.fetched_at, limits=limits)
            pending.append((r.url, job))
            if len(pending) >= workers * 16:
                url, done = pending.popleft()
                yield url, done.result()
        while pending:
            url, done = pending.popleft()
            yield url, done.result()


def reprocess(
    settings: Settings,
    sources: list[Source],
    *,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> CrawlReport:
    """Extract every archived article page again and upsert the results (idempotent by article id).

    A stream: records are read from the WARC files one at a time, at most `workers * 16` pages are in flight,
    and at most one batch of articles is buffered, so memory does not grow with the archive (only the set of
    archived URLs does). The whole run is one loading session of the backend (tantivy: one writer; Elasticsearch:
    refresh off until the end). Every PROGRESS_EVERY seconds `progress` (default: the log) gets a line with the
    counts so far and the rate.
    """
    from indexer.factory import get_backend
    from indexer.load import enter_session
    from indexer.pipeline import open_pipeline

    say = progress or log.info
    started = datetime.now(UTC)
    by_id = {s.id: s for s in sources}
    backend = get_backend(settings)
    backend.ensure_schema()
    pipeline = open_pipeline(settings, backend)
    sink = ArticleSink(pipeline, batch_size=settings.reprocess_batch)
    state = CrawlState(settings.state_path)
    texts: dict[str, str] = {}  # text key -> the canonical URL indexed with it
    pages = not_articles = errors = duplicates = truncated = 0
    damage: list[Damage] = []  # byte ranges of the archive the reader could not read, and skipped
    clock = time.monotonic()
    next_line = clock + PROGRESS_EVERY
    try:
        with ExitStack() as stack:
            enter_session(stack, backend)
            archived = latest_articles(settings.archive_dir, damage)
            for url, outcome in _outcomes(archived, by_id, workers, settings):
                pages += 1
                result = sink.settle(outcome, url)
                if result == "not_article":
                    not_articles += 1
                elif result == "error":
                    errors += 1
                elif _duplicate(result, url, state, texts):
                    duplicates += 1
                else:
                    truncated += result.truncated
                    sink.add(result)
                if time.monotonic() >= next_line:
                    next_line += PROGRESS_EVERY
                    say(_progress_line(pages, sink.indexed, not_articles, errors, time.monotonic() - clock))
            sink.flush()
        say(_progress_line(pages, sink.indexed, not_articles, errors, time.monotonic() - clock))
    finally:
        pipeline.close()
        backend.close()
        state.close()
    finished = datetime.now(UTC)
    return CrawlReport(
        started=started,
        finished=finished,
        duration_s=round((finished - started).total_seconds(), 3),
        finish_reason="reprocessed",
        sources=sorted(by_id),
        article_pages=pages,
        articles_indexed=sink.indexed,
        not_articles=not_articles + duplicates,
        page_kinds={"duplicate": duplicates} if duplicates else {},
        extract_errors=errors,
        index_failed=sink.failed,
        spooled=sink.spooled,
        truncated=truncated,
        damaged=[str(d) for d in damage] + sink.damaged,
        pages_per_second=round(pages / max((finished - started).total_seconds(), 1e-6), 2),
    )


def _duplicate(article: Article, url: str, state: CrawlState, texts: dict[str, str]) -> bool:
    """The crawl settled this page as a duplicate, or an article with its title and text was indexed already from
    another URL in this run (the crawl's rule, crawler.pipelines)."""
    known = state.get(url)
    if known is not None and known.page_kind == "duplicate":
        return True
    first = texts.setdefault(text_key(article), article.canonical_url)
    return first != article.canonical_url


def _progress_line(pages: int, indexed: int, not_articles: int, errors: int, seconds: float) -> str:
    rate = pages / max(seconds, 1e-6)
    return (
        f"reprocess: {pages:,} pages, {indexed:,} indexed, {not_articles:,} not articles, {errors:,} errors "
        f"in {seconds:,.0f} s ({rate:,.1f} pages/s)"
    )
