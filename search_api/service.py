"""Run a SearchParams against the backend: the one place the API, exports and page call search."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError

from core.search import SearchBackend, SearchResult
from search_api.params import SearchParams


def run_search(
    backend: SearchBackend, params: SearchParams, *, facets: tuple[str, ...] | None = None, **override: Any
) -> SearchResult:
    """backend.search for `params`; a cursor the backend rejects is a 422 on `cursor`."""
    query = params.to_query(facets=facets, **override)
    try:
        return backend.search(query)
    except ValueError as exc:
        if not query.cursor:
            raise
        error = {"type": "value_error", "loc": ("query", "cursor"), "msg": str(exc), "input": query.cursor}
        raise RequestValidationError([error]) from exc
