"""Response models of the JSON API (what /docs shows and clients can rely on)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.search import FacetBucket, Hit
from search_api.labels import directive_title, province_label
from search_api.markup import safe_marked
from search_api.params import SearchParams


class HitOut(BaseModel):
    """One result; `snippet` and `title_highlighted` are HTML-escaped text with <mark>…</mark> around matches."""

    id: str
    url: str
    title: str
    title_highlighted: str = Field(description="Escaped title with matches marked (the title when none).")
    published: str | None = Field(description="ISO 8601 with the Vietnam offset, or null when unknown.")
    source: str | None
    province: str | None = Field(description="Current unit code.")
    province_label: str | None = Field(description='Display name, e.g. "Đắk Lắk".')
    directives: list[str]
    snippet: str
    article_href: str = Field("", description="The article's page: clean text, archived copy, republications.")
    duplicates: int = Field(0, description="Collapsed results: other matching articles with the same story.")

    @classmethod
    def from_hit(cls, hit: Hit) -> HitOut:
        """Normalise a backend hit (escaping is enforced here whatever the backend did)."""
        return cls(
            id=hit.id,
            url=hit.url,
            title=hit.title,
            title_highlighted=safe_marked(hit.title_highlighted or hit.title),
            published=hit.published,
            source=hit.source_id,
            province=hit.province,
            province_label=province_label(hit.province),
            directives=hit.directives,
            snippet=safe_marked(hit.snippet),
            article_href=f"/bai-viet/{hit.id}",
            duplicates=hit.duplicates,
        )


class FacetOut(BaseModel):
    """One facet value: click it to toggle the filter (`selected` when active)."""

    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str = Field(description="This search with the value switched on or off (first page).")
    description: str | None = Field(None, description="Directives: type, key and title when config knows it.")

    @classmethod
    def from_bucket(cls, facet: str, bucket: FacetBucket, params: SearchParams) -> FacetOut:
        """A backend bucket with its toggle link; a month is selected when the date range is exactly that month."""
        return cls(
            value=bucket.value,
            label=bucket.label,
            count=bucket.count,
            selected=params.is_selected(facet, bucket.value) or bucket.selected,
            toggle_url=params.url("/api/search", **params.toggled(facet, bucket.value)),
            description=directive_title(bucket.value) if facet == "directive" else None,
        )


class SearchResponse(BaseModel):
    """One page of results with facet counts (each facet counted without its own filter)."""

    total: int = Field(description="Rows: matching articles, or stories (near-duplicate groups) when collapsed.")
    total_articles: int = Field(description="Matching articles (equals total when not collapsed).")
    page: int
    size: int
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]] = Field(description="province, directive, month (YYYY-MM, newest first).")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    took_ms: float


class HealthOut(BaseModel):
    """Liveness and backend state."""

    status: str = Field(description='"ok" or "unavailable".')
    backend: str
    count: int | None = Field(description="Stored articles; null when the backend is unreachable.")
    detail: str | None = None


class ErrorOut(BaseModel):
    """An error: `detail` says what went wrong in words."""

    detail: str
