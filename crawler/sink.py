"""Extract-and-buffer: call the cleaner safely and index articles in batches (shared by crawl and reprocess)."""

from __future__ import annotations

import hashlib
import logging
import traceback
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from core.article import Article
from core.limits import Limits
from core.search import IndexReport
from core.source import Source

if TYPE_CHECKING:
    from cleaner.config import CleanerConfig
    from indexer.pipeline import Pipeline

log = logging.getLogger(__name__)
Failure = Literal["not_article", "error"]
Outcome = Article | tuple[Failure, str]
DEFAULT_LIMITS = Limits()


def extract_page(
    body: bytes, url: str, source: Source | None, fetched_at: datetime | None = None, *,
    limits: Limits = DEFAULT_LIMITS, cut: bool = False, config: CleanerConfig,
) -> Outcome:
    """Run cleaner.extract and sign the article's body (its MinHash, which the indexer's near-duplicate grouping
    reuses: the crawl's worker processes pay for it, not the load); failures come back as ("not_article" |
    "error", message). Safe in a worker process. `limits` are the run's caps; `cut`: the body arrived short;
    `config`: the config directory's provinces and directives."""
    from cleaner import NotAnArticle, extract
    from indexer.neardup import signed

    try:
        article: Article = signed(
            extract(body, url, source, fetched_at=fetched_at, limits=limits, cut=cut, config=config))
        return article
    except NotAnArticle as exc:
        return ("not_article", str(exc))
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")


class ArticleSink:
    """Settles extraction outcomes (extract_page) and indexes the Articles through the pipeline in batches."""

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        batch_size: int,
    ) -> None:
        self.pipeline = pipeline
        self.spool_dir = pipeline.spool_dir
        self.batch_size = batch_size
        self.buffer: dict[str, Article] = {}
        self.indexed = self.failed = self.spooled = 0
        self.damaged: list[str] = []  # unreadable spool records met while replaying earlier runs' spool files

    @staticmethod
    def settle(outcome: Outcome, url: str) -> Article | Failure:
        """Log a failed outcome and reduce it to its kind."""
        if isinstance(outcome, Article):
            return outcome
        kind, message = outcome
        if kind == "not_article":
            log.info("not an article: %s (%s)", url, message)
        else:
            log.error("extractor failed on %s (raw page kept in the archive): %s", url, message)
        return kind

    def add(self, article: Article, *, auto_flush: bool = True) -> list[Article] | None:
        """Buffer one article. When the batch is full: index it now, or (auto_flush=False) hand it back."""
        self.buffer[article.id] = article
        if len(self.buffer) < self.batch_size:
            return None
        batch = self.take()
        if auto_flush:
            self.index(batch)
            return None
        return batch

    def take(self) -> list[Article]:
        """Empty the buffer and return its articles."""
        batch = list(self.buffer.values())
        self.buffer.clear()
        return batch

    def flush(self) -> IndexReport:
        """Index whatever is buffered."""
        return self.index(self.take())

    def index(self, batch: list[Article]) -> IndexReport:
        """Index one batch through the pipeline's stages (retries and spool are its store stage's job)."""
        from indexer.spool import SPOOL_GLOB

        if not batch and not any(self.spool_dir.glob(SPOOL_GLOB)):
            return IndexReport()  # (an empty batch still replays what earlier runs spooled)

        try:
            report = self.pipeline.index(batch, batch_size=self.batch_size)
        except Exception as exc:
            log.exception("indexing a batch of %d articles failed (pages stay in the WARC archive)", len(batch))
            report = IndexReport(failed=len(batch), errors=dict.fromkeys((a.id for a in batch), repr(exc)[:300]))
        self.indexed += report.indexed
        self.failed += report.failed
        self.spooled += report.spooled
        self.damaged += report.damaged
        return report


def text_key(article: Article) -> str:
    """Content identity of an article on its portal: a hash of its source (else host), title and cleaned text (one
    story under several URLs of one portal). Another portal's copy is a republication, indexed and grouped by the
    indexer's same-story stage, never dropped here."""
    portal = article.source_id or urlsplit(article.canonical_url).hostname or ""
    text = " ".join(f"{article.title}\n{article.body}".lower().split())
    return hashlib.sha256(f"{portal}\n{text}".encode()).hexdigest()


def durable(batch: list[Article], report: IndexReport) -> list[Article]:
    """The articles of `batch` now indexed or spooled (indexer.load spools every article it could not index)."""
    if report.failed <= report.spooled:
        return batch
    return [a for a in batch if a.id not in report.errors]
