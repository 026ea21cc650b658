"""GET /api/search: one page of hits with every facet (registry core/facets.py), warnings and paging state."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.deps import BackendDep, LabelsDep, ResolvedDep
from search_api.errors import ERROR_RESPONSES
from search_api.schemas import SearchResponse
from search_api.service import run_search

router = APIRouter(tags=["search"])


@router.get("/api/search", response_model=SearchResponse, responses=ERROR_RESPONSES)
def search(resolved: ResolvedDep, backend: BackendDep, labels: LabelsDep) -> SearchResponse:
    """Full-text search with filters; facet buckets say which values are selected (multi-select).

    `size=0` returns counts only. Unknown parameters and filter values are reported in `warnings`.
    """
    return SearchResponse.build(resolved, run_search(backend, resolved), labels)
