"""GET /api/search: one page of hits with every facet (registry core/facets.py), warnings and paging state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from search_api.deps import BackendDep, LabelsDep, resolved_search
from search_api.errors import ERROR_RESPONSES
from search_api.params import SearchParams
from search_api.schemas import SearchResponse
from search_api.service import run_search

router = APIRouter(tags=["search"])


@router.get("/api/search", response_model=SearchResponse, responses=ERROR_RESPONSES)
def search(
    params: Annotated[SearchParams, Query()], request: Request, backend: BackendDep, labels: LabelsDep
) -> Response:
    """Full-text search with filters; facet buckets say which values are selected (multi-select).

    `size=0` returns counts only. Unknown parameters and filter values are reported in `warnings`.
    """
    # resolved here, not as a dependency, and returned encoded: one worker-thread call per request, and the
    # response built once (a returned model would be dumped, validated again and encoded by FastAPI)
    resolved = resolved_search(params, request, backend, labels)
    body = SearchResponse.build(resolved, run_search(backend, resolved), labels)
    return Response(body.model_dump_json(), media_type="application/json")
