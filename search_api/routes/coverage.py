"""GET /api/coverage and /api/coverage.csv: matches per province per month for a query."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from search_api.coverage import Coverage, coverage, to_csv
from search_api.csv_export import BOM
from search_api.deps import BackendDep
from search_api.errors import ERROR_RESPONSES
from search_api.params import SearchParams

router = APIRouter(tags=["coverage"])


@router.get("/api/coverage", response_model=Coverage, responses=ERROR_RESPONSES)
def coverage_json(params: Annotated[SearchParams, Query()], backend: BackendDep) -> Coverage:
    """Province × month counts for the query (e.g. `directive=20-CT/TW`); page, size, sort and cursor are ignored."""
    return coverage(backend, params)


@router.get(
    "/api/coverage.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 with BOM."}, **ERROR_RESPONSES},
)
def coverage_csv(params: Annotated[SearchParams, Query()], backend: BackendDep) -> Response:
    """The same table as CSV: one row per province, one column per month."""
    name = f"govnews-coverage-{datetime.now(UTC):%Y%m%d-%H%M}.csv"
    return Response(
        content=BOM + to_csv(coverage(backend, params)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
