"""Run a resolved search against the backend: the one place the API, exports and page call search."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError

from core.facets import facet
from core.search import SearchBackend, SearchResult
from search_api.resolve import Resolved

BAD_CURSOR = "cursor không hợp lệ hoặc đã cũ: dùng next_cursor của trang trước, hoặc bỏ cursor để về trang 1"


def run_search(backend: SearchBackend, resolved: Resolved, **override: Any) -> SearchResult:
    """backend.search for the resolved query (fields in `override` win); a bad cursor is a 422 on `cursor`.

    Each facet is asked for one value more than it shows: `more_facets` on the result names the facets that
    have more values than shown (the page's and the API's "xem thêm").
    """
    query = resolved.query.model_copy(update=override) if override else resolved.query
    sizes = {name: query.size_of(name) + 1 for name in query.facets if not facet(name).newest_first}
    asked = query.model_copy(update={"facet_sizes": {**query.facet_sizes, **sizes}})
    try:
        result = backend.search(asked)
    except ValueError as exc:
        if not query.cursor:
            raise
        error = {"type": "value_error", "loc": ("query", "cursor"), "msg": BAD_CURSOR, "input": query.cursor}
        raise RequestValidationError([error]) from exc
    more = [name for name, size in sizes.items() if len(result.facets.get(name, [])) >= size]
    facets = {name: buckets[: sizes[name] - 1] if name in sizes else buckets for name, buckets in result.facets.items()}
    return result.model_copy(update={"facets": facets, "more_facets": more})
