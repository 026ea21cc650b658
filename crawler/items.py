"""The item the spider hands to the pipelines: one raw article page, and what extraction made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.article import Article


@dataclass
class RawPage:
    """An article page as downloaded: URL, body bytes, source id, fetch time and the validators to remember."""

    url: str
    body: bytes = field(repr=False)
    source_id: str | None
    fetched_at: datetime
    status: int = 200
    requested_url: str | None = None  # before redirects; the state DB's key
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    cut: bool = False  # the body arrived shorter than sent (Scrapy's "dataloss" flag, or short of Content-Length)
    article: Article | None = field(default=None, repr=False)  # set by ExtractPipeline when it is an article
    discovered: bool = False  # reached by discovery: the cleaner's verdict decides what the state remembers
    page_kind: str = "article"  # set by ExtractPipeline: article, notice, listing, other or duplicate
    reason: str | None = None  # the verdict's main reason

    @property
    def state_key(self) -> str:
        """The URL the crawl state remembers this page by."""
        return self.requested_url or self.url
