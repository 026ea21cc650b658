"""Response models of the JSON API (what /docs shows and clients can rely on)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.facets import facet as registry
from core.labels import Labels
from core.search import FacetBucket, Hit, SearchResult
from search_api.markup import safe_marked
from search_api.params import Links, SearchParams
from search_api.resolve import Notice, Resolved


class HitOut(BaseModel):
    """One result; `snippet` and `title_highlighted` are HTML-escaped text with <mark>…</mark> around matches."""

    id: str
    url: str
    title: str
    title_highlighted: str = Field(description="Escaped title with matches marked (the title when none).")
    published: str | None = Field(description="ISO 8601 with the Vietnam offset, or null when unknown.")
    source: str | None = Field(description="Source id.")
    source_name: str | None = Field(description="Source name from the sources config.")
    province: str | None = Field(description="Current unit code.")
    province_label: str | None = Field(description='Display name, e.g. "Đắk Lắk".')
    province_at_publication: str | None = Field(description="Unit code when published (pre-2025 unit if merged).")
    province_at_publication_label: str | None
    directives: list[str]
    snippet: str
    article_href: str = Field("", description="The article's page: clean text, archived copy, republications.")
    duplicates: int = Field(0, description="Collapsed results: other matching articles with the same story.")
    truncated: bool = Field(False, description="The page was cut: the text may end early (shown: bản có thể bị cắt).")

    @classmethod
    def from_hit(cls, hit: Hit, labels: Labels) -> HitOut:
        """Normalise a backend hit (escaping is enforced here whatever the backend did)."""
        then = next(iter(hit.facets.get("province_at_publication", [])), hit.province)
        return cls(
            id=hit.id,
            url=hit.url,
            title=hit.title,
            title_highlighted=safe_marked(hit.title_highlighted or hit.title),
            published=hit.published,
            source=hit.source_id,
            source_name=labels.source(hit.source_id),
            province=hit.province,
            province_label=labels.province(hit.province),
            province_at_publication=then,
            province_at_publication_label=labels.province(then),
            directives=hit.directives,
            snippet=safe_marked(hit.snippet),
            article_href=f"/bai-viet/{hit.id}",
            duplicates=hit.duplicates,
            truncated=hit.truncated,
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
    def from_bucket(
        cls, facet: str, bucket: FacetBucket, params: SearchParams, labels: Labels, links: Links
    ) -> FacetOut:
        """A backend bucket, labelled, with its toggle link (`links`: this search's links to /api/search)."""
        return cls(
            value=bucket.value,
            label=labels.label(facet, bucket.value),
            count=bucket.count,
            selected=params.is_selected(facet, bucket.value) or bucket.selected,
            toggle_url=links.toggle(facet, params.toggled(facet, bucket.value)[facet]),
            description=labels.directive_title(bucket.value) if registry(facet).labels == "directive" else None,
        )


class SearchResponse(BaseModel):
    """One page of results with facet counts (each facet counted without its own filter)."""

    total: int = Field(description="Rows: matching articles, or stories (near-duplicate groups) when collapsed.")
    total_articles: int = Field(description="Matching articles (equals total when not collapsed).")
    total_estimated: bool = Field(
        description="True when `total` is an estimate (about 1%): collapsed results over more than 10,000 articles."
    )
    page: int
    size: int
    past_end: bool = Field(description="True when this page lies past the last result (no hits, total > 0).")
    message: str | None = Field(description="What the page says besides the hits (Vietnamese), e.g. past the end.")
    warnings: list[Notice] = Field(description="Parameters or values not used as given: {param, value, message}.")
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]] = Field(description="Facet -> values; months and years newest first.")
    more: dict[str, str] = Field(description="Facets with more values than shown -> URL listing up to 200.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    took_ms: float

    @classmethod
    def build(cls, resolved: Resolved, result: SearchResult, labels: Labels) -> SearchResponse:
        """The response for one resolved search."""
        params = resolved.params
        links = Links(params, "/api/search")
        past_end = past_the_end(params, result)
        return cls(
            total=result.total,
            total_articles=result.total if result.total_articles is None else result.total_articles,
            total_estimated=result.total_estimated,
            page=params.page,
            size=params.size,
            past_end=past_end,
            message=past_end_message(params, result) if past_end else None,
            warnings=resolved.notices,
            hits=[HitOut.from_hit(h, labels) for h in result.hits],
            facets={
                name: [FacetOut.from_bucket(name, b, params, labels, links) for b in buckets]
                for name, buckets in result.facets.items()
            },
            more={name: links.url(more=[*params.more, name]) for name in result.more_facets},
            next_cursor=result.next_cursor,
            took_ms=round(result.took_ms, 2),
        )


def past_the_end(params: SearchParams, result: SearchResult) -> bool:
    """A page asked for past the last result."""
    return params.size > 0 and not result.hits and result.total > 0 and (params.page > 1 or bool(params.cursor))


def past_end_message(params: SearchParams, result: SearchResult) -> str:
    """ "Trang 60 vượt quá kết quả: 979 kết quả, 49 trang." """
    pages = -(-result.total // params.size)
    total = ("khoảng " if result.total_estimated else "") + f"{result.total:,}".replace(",", ".")
    return f"Trang {params.page} vượt quá kết quả: có {total} kết quả, {pages} trang."


class HealthOut(BaseModel):
    """Liveness and backend state."""

    status: str = Field(description='"ok" or "unavailable".')
    backend: str
    count: int | None = Field(description="Stored articles; null when the backend is unreachable.")
    detail: str | None = None


class ErrorOut(BaseModel):
    """An error: `detail` says what went wrong in words."""

    detail: str
