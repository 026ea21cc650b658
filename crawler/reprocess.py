"""Reprocess: re-clean the newest archived copy of every article page and re-index it, with no network."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from datetime import UTC, datetime

from core.settings import Settings
from core.source import Source
from crawler.archive import ArchivedResponse, latest_articles
from crawler.report import CrawlReport
from crawler.sink import ArticleSink, Outcome, extract_page
from crawler.workers import worker_pool


def _outcomes(
    records: Iterable[ArchivedResponse], sources: dict[str, Source], workers: int
) -> Iterator[tuple[str, Outcome]]:
    """(url, extraction outcome) per record, in order; `workers` processes, a bounded number in flight."""
    if workers <= 0:
        for r in records:
            yield r.url, extract_page(r.body, r.url, sources.get(r.source_id or ""), r.fetched_at)
        return
    with worker_pool(workers) as pool:
        pending: deque[tuple[str, Future[Outcome]]] = deque()
        for r in records:
            job = pool.submit(extract_page, r.body, r.url, sources.get(r.source_id or ""), r.fetched_at)
            pending.append((r.url, job))
            if len(pending) >= workers * 16:
                url, done = pending.popleft()
                yield url, done.result()
        while pending:
            url, done = pending.popleft()
            yield url, done.result()


def reprocess(settings: Settings, sources: list[Source], *, workers: int = 1) -> CrawlReport:
    """Extract every archived article page again and upsert the results (idempotent by article id)."""
    from indexer.factory import get_backend

    started = datetime.now(UTC)
    by_id = {s.id: s for s in sources}
    backend = get_backend(settings)
    backend.ensure_schema()
    sink = ArticleSink(backend, settings.spool_dir, batch_size=500)
    pages = not_articles = errors = 0
    try:
        for url, outcome in _outcomes(latest_articles(settings.archive_dir), by_id, workers):
            pages += 1
            result = sink.settle(outcome, url)
            if result == "not_article":
                not_articles += 1
            elif result == "error":
                errors += 1
            else:
                sink.add(result)
        sink.flush()
    finally:
        backend.close()
    finished = datetime.now(UTC)
    return CrawlReport(
        started=started,
        finished=finished,
        duration_s=round((finished - started).total_seconds(), 3),
        finish_reason="reprocessed",
        sources=sorted(by_id),
        article_pages=pages,
        articles_indexed=sink.indexed,
        not_articles=not_articles,
        extract_errors=errors,
        index_failed=sink.failed,
        spooled=sink.spooled,
        pages_per_second=round(pages / max((finished - started).total_seconds(), 1e-6), 2),
    )
