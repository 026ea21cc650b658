"""The search contract: SearchQuery, SearchResult, facets and the SearchBackend protocol."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from core.article import Article

FacetName = Literal["province", "province_at_publication", "directive", "doc_type", "issuer", "source", "month"]
DEFAULT_FACETS: tuple[FacetName, ...] = ("province", "directive", "month")
SortOrder = Literal["relevance", "newest", "oldest"]


class SearchQuery(BaseModel):
    """What a user asks: free text, filters, wanted facets, order and page."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    province: list[str] = Field(default_factory=list, description="Current unit codes (OR within).")
    province_at_publication: list[str] = Field(default_factory=list)
    directive: list[str] = Field(default_factory=list, description='Directive keys such as "20-CT/TW".')
    doc_type: list[str] = Field(default_factory=list)
    issuer: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = Field(default=None, description="Inclusive.")
    facets: tuple[FacetName, ...] = DEFAULT_FACETS
    facet_size: int = 30
    sort: SortOrder = "relevance"
    page: int = Field(default=1, ge=1)
    size: int = Field(default=20, ge=0, le=200)
    cursor: str | None = Field(default=None, description="Opaque search_after cursor for deep paging.")
    collapse: bool = Field(
        default=False, description="One row per near-duplicate group (dup_group); total then counts groups."
    )


class FacetBucket(BaseModel):
    """One facet value with its count; `selected` when it is an active filter."""

    model_config = ConfigDict(frozen=True)

    value: str
    label: str
    count: int
    selected: bool = False


class Hit(BaseModel):
    """One result: the article's display fields plus a highlighted snippet."""

    model_config = ConfigDict(frozen=True)

    id: str
    url: str
    title: str
    published: str | None = None
    source_id: str | None = None
    province: str | None = None
    directives: list[str] = Field(default_factory=list)
    snippet: str = Field(default="", description="Body excerpt with matches wrapped in <mark>…</mark>.")
    title_highlighted: str | None = None
    score: float = 0.0
    dup_group: str | None = Field(default=None, description="The article's near-duplicate group id.")
    duplicates: int = Field(default=0, description="Collapsed results: other matching articles of the group.")


class SearchResult(BaseModel):
    """Total matches, one page of hits, and facet buckets by facet name."""

    total: int = Field(description="Rows to page through: matching articles, or groups when collapsed.")
    total_articles: int | None = Field(default=None, description="Matching articles (set when collapsed).")
    hits: list[Hit]
    facets: dict[str, list[FacetBucket]] = Field(default_factory=dict)
    next_cursor: str | None = None
    took_ms: float = 0.0


class IndexReport(BaseModel):
    """What one upsert did: counts, and the ids that failed with their reasons."""

    indexed: int = 0
    failed: int = 0
    errors: dict[str, str] = Field(default_factory=dict)
    spooled: int = Field(default=0, description="Articles kept on disk for the next run after failures.")


@runtime_checkable
class SearchBackend(Protocol):
    """What every search backend implements, with the same semantics (tests/indexer/contract.py)."""

    def ensure_schema(self) -> None:
        """Create the index/schema if it does not exist; idempotent."""

    def upsert(self, articles: Iterable[Article]) -> IndexReport:
        """Insert or replace articles by id; searchable when this returns."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Run a query; each facet's counts ignore that facet's own filter (multi-select)."""

    def get(self, article_id: str) -> Article | None:
        """Return one stored article, or None."""

    def group(self, group_id: str, limit: int = 100) -> list[Article]:
        """The articles whose `dup_group` is `group_id` (near-duplicates), oldest publication first."""

    def delete(self, ids: Iterable[str]) -> int:
        """Delete by id; return how many existed."""

    def count(self) -> int:
        """Number of stored articles."""

    def close(self) -> None:
        """Release resources."""


class BackendUnavailable(RuntimeError):
    """The search backend cannot be reached (connection refused, timeout); the caller may retry."""
