"""The search contract: SearchQuery, SearchResult, facets and the SearchBackend protocol."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.article import Article
from core.facets import BY_NAME, DEFAULT_FACETS

SortOrder = Literal["relevance", "newest", "oldest"]
MAX_WINDOW = 10_000  # deepest hit reachable by page number (Elasticsearch's max_result_window); then the cursor
ALL_VALUES = 10_000  # buckets of a facet listed whole (months, years) and of cross counts


class SearchQuery(BaseModel):
    """What a user asks: free text, filters, wanted facets, order and page."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    fold_all: bool = Field(default=False, description="Match a query typed with diacritics in every spelling.")
    filters: dict[str, list[str]] = Field(
        default_factory=dict, description="Facet name (core.facets) -> selected values: OR within, AND across."
    )
    date_from: date | None = None
    date_to: date | None = Field(default=None, description="Inclusive.")
    facets: tuple[str, ...] = DEFAULT_FACETS
    facet_size: int = Field(default=30, ge=1, description="Buckets per facet (months and years: all of them).")
    facet_sizes: dict[str, int] = Field(default_factory=dict, description="Per-facet bucket counts (xem thêm).")
    sort: SortOrder = "relevance"
    page: int = Field(default=1, ge=1)
    size: int = Field(default=20, ge=0, le=200)
    cursor: str | None = Field(default=None, description="Opaque search_after cursor for deep paging.")
    collapse: bool = Field(
        default=False, description="One row per near-duplicate group (dup_group); total then counts groups."
    )
    highlight: bool = Field(
        default=True, description="Mark matches in snippets and titles; False: plain snippets, for callers that read "
        "only ids, titles and dates (the coverage table's first mentions)."
    )  # fmt: skip

    @model_validator(mode="before")
    @classmethod
    def _facet_keywords(cls, data: Any) -> Any:
        """`SearchQuery(province=["ha-noi"])` is shorthand for `filters={"province": ["ha-noi"]}`."""
        if isinstance(data, dict) and any(k in BY_NAME for k in data):
            data = dict(data)
            filters = dict(data.get("filters") or {})
            for name in [k for k in data if k in BY_NAME]:
                filters[name] = list(data.pop(name))
            data["filters"] = filters
        return data

    @field_validator("facets", "filters", "facet_sizes")
    @classmethod
    def _known(cls, value: Any) -> Any:
        unknown = [name for name in value if name not in BY_NAME]
        if unknown:
            raise ValueError(f"unknown facet(s) {unknown}; known: {', '.join(BY_NAME)}")
        return value

    def selected(self, facet: str) -> list[str]:
        """The values selected for `facet` (empty when it is not filtered)."""
        return self.filters.get(facet, [])

    def size_of(self, facet: str) -> int:
        """How many buckets `facet` should return."""
        return self.facet_sizes.get(facet, self.facet_size)


class FacetBucket(BaseModel):
    """One facet value with its count; `selected` when it is an active filter."""

    model_config = ConfigDict(frozen=True)

    value: str
    label: str = Field(default="", description="Display name; backends leave it empty, the API fills it.")
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
    facets: dict[str, list[str]] = Field(default_factory=dict, description="The article's values of every facet.")
    snippet: str = Field(default="", description="Body excerpt with matches wrapped in <mark>…</mark>.")
    title_highlighted: str | None = None
    score: float = 0.0
    dup_group: str | None = Field(default=None, description="The article's near-duplicate group id.")
    duplicates: int = Field(default=0, description="Collapsed results: other matching articles of the group.")
    truncated: bool = Field(default=False, description="The article's page was cut (Article.truncated).")


class SearchResult(BaseModel):
    """Total matches, one page of hits, and facet buckets by facet name."""

    total: int = Field(description="Rows to page through: matching articles, or groups when collapsed.")
    total_articles: int | None = Field(default=None, description="Matching articles (set when collapsed).")
    total_estimated: bool = Field(default=False, description="`total` is an estimate (collapsed, many matches).")
    hits: list[Hit]
    facets: dict[str, list[FacetBucket]] = Field(default_factory=dict)
    next_cursor: str | None = None
    took_ms: float = 0.0
    more_facets: list[str] = Field(default_factory=list, description="Facets with more values than returned.")


class CrossCounts(BaseModel):
    """Matches counted by two facets at once: rows (e.g. province) x columns (e.g. month)."""

    total: int = Field(description="All matches, including those with no row or no column value.")
    cells: dict[str, dict[str, int]] = Field(default_factory=dict, description="Row value -> column value -> count.")
    row_totals: dict[str, int] = Field(default_factory=dict, description="Row value -> matches (any column).")
    column_totals: dict[str, int] = Field(default_factory=dict, description="Column value -> matches (any row).")


class IndexReport(BaseModel):
    """What one upsert did: counts, and the ids that failed with their reasons."""

    indexed: int = 0
    failed: int = 0
    errors: dict[str, str] = Field(default_factory=dict)
    spooled: int = Field(default=0, description="Articles kept on disk for the next run after failures.")
    damaged: list[str] = Field(
        default_factory=list, description="Spool records that could not be read back, as file:line (kept as .bad)."
    )


@runtime_checkable
class SearchBackend(Protocol):
    """What every search backend implements, with the same semantics (tests/indexer/contract.py)."""

    def ensure_schema(self) -> None:
        """Create the index/schema if it does not exist; idempotent."""

    def upsert(self, articles: Iterable[Article]) -> IndexReport:
        """Insert or replace articles by id; searchable when this returns."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Run a query; each facet's counts ignore that facet's own filter (multi-select)."""

    def cross_counts(self, query: SearchQuery, rows: str, columns: str) -> CrossCounts:
        """Count the query's matches (text, dates and every filter) by facet `rows` x facet `columns`, in one
        nested aggregation; every row and column value is returned (no size cut)."""

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


class BackendBroken(BackendUnavailable):
    """The backend's store is damaged or cannot be opened as it is (corrupted file, read-only directory): retrying
    will not help until an operator acts."""
