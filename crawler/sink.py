"""Extract-and-buffer: call the cleaner safely and index articles in batches (shared by crawl and reprocess)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from core.article import Article
from core.search import SearchBackend
from core.source import Source

log = logging.getLogger(__name__)
Failure = Literal["not_article", "error"]
Outcome = Article | tuple[Failure, str]


def extract_page(body: bytes, url: str, source: Source | None, fetched_at: datetime | None = None) -> Outcome:
    """Run cleaner.extract; failures come back as ("not_article" | "error", message). Safe in a worker process."""
    from cleaner import NotAnArticle, extract

    try:
        article: Article = extract(body, url, source, fetched_at=fetched_at)
        return article
    except NotAnArticle as exc:
        return ("not_article", str(exc))
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")


class ArticleSink:
    """Turns raw pages into Articles via cleaner.extract and upserts them through indexer.load in batches."""

    def __init__(
        self,
        backend: SearchBackend,
        spool_dir: Path,
        *,
        batch_size: int = 200,
        on_flush: Callable[[int, int, int], None] | None = None,
    ) -> None:
        self.backend = backend
        self.spool_dir = spool_dir
        self.batch_size = batch_size
        self.on_flush = on_flush
        self.buffer: dict[str, Article] = {}
        self.indexed = self.failed = self.spooled = 0

    def extract(
        self, body: bytes, url: str, source: Source | None, *, fetched_at: datetime | None = None
    ) -> Article | Failure:
        """The Article, or "not_article" / "error" (logged) — the cleaner can never crash the caller."""
        return self.settle(extract_page(body, url, source, fetched_at), url)

    def settle(self, outcome: Outcome, url: str) -> Article | Failure:
        """Log a failed outcome and reduce it to its kind."""
        if isinstance(outcome, Article):
            return outcome
        kind, message = outcome
        if kind == "not_article":
            log.info("not an article: %s (%s)", url, message)
        else:
            log.error("extractor failed on %s (raw page kept in the archive): %s", url, message)
        return kind

    def add(self, article: Article) -> None:
        """Buffer one article; index the batch when full."""
        self.buffer[article.id] = article
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Index the buffered articles (retries and spool are indexer.load's job)."""
        if not self.buffer:
            return
        from indexer.load import load

        batch = list(self.buffer.values())
        self.buffer.clear()
        try:
            report = load(batch, self.backend, spool_dir=self.spool_dir, batch_size=self.batch_size)
        except Exception:
            log.exception("indexing a batch of %d articles failed", len(batch))
            self.failed += len(batch)
            if self.on_flush:
                self.on_flush(0, len(batch), 0)
            return
        self.indexed += report.indexed
        self.failed += report.failed
        self.spooled += report.spooled
        if self.on_flush:
            self.on_flush(report.indexed, report.failed, report.spooled)
