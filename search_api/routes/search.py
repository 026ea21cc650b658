"""GET /api/search: one page of hits with province, directive and month facets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from search_api.deps import BackendDep
from search_api.errors import ERROR_RESPONSES
from search_api.params import SearchParams
from search_api.schemas import FacetOut, HitOut, SearchResponse
from search_api.service import run_search

router = APIRouter(tags=["search"])


@router.get(
    "/api/search",
    response_model=SearchResponse,
    responses=ERROR_RESPONSES,
)
def search(params: Annotated[SearchParams, Query()], backend: BackendDep) -> SearchResponse:
    """Full-text search with filters; facet buckets say which values are selected (multi-select)."""
    result = run_search(backend, params)
    return SearchResponse(
        total=result.total,
        total_articles=result.total if result.total_articles is None else result.total_articles,
        page=params.page,
        size=params.size,
        hits=[HitOut.from_hit(h) for h in result.hits],
        facets={
            name: [FacetOut.from_bucket(name, b, params) for b in buckets] for name, buckets in result.facets.items()
        },
        next_cursor=result.next_cursor,
        took_ms=round(result.took_ms, 2),
    )
