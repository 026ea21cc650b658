"""GET /: the server-rendered search page (works without JavaScript; the URL holds the whole state)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from core.query import parse
from core.search import BackendUnavailable
from search_api.deps import BackendDep, LabelsDep, warning_cap
from search_api.errors import INVALID, UNAVAILABLE, describe, remember
from search_api.params import SearchParams
from search_api.render import render
from search_api.reposts import split
from search_api.resolve import resolve
from search_api.schemas import HitOut
from search_api.service import run_search
from search_api.view import PAGE_FACET_SIZE, build_page
from search_api.widen import widen_hint

router = APIRouter(include_in_schema=False)


class _Params:
    """request.query_params without some keys (another form's own parameters)."""

    def __init__(self, request: Request, ignore: Collection[str]) -> None:
        self.raw, self.ignore = request.query_params, set(ignore)

    def __iter__(self) -> Iterator[str]:
        return (k for k in self.raw if k not in self.ignore)

    def getlist(self, key: str) -> list[str]:
        return self.raw.getlist(key)


def read_params(request: Request, ignore: Collection[str] = ()) -> tuple[SearchParams, str | None]:
    """The page's parameters and an error message; invalid parameters are left out, the rest is kept."""
    raw = _Params(request, ignore)
    try:
        return SearchParams.from_query(raw), None
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        try:
            kept = SearchParams.from_query(raw, drop=bad)
        except ValidationError:
            kept = SearchParams()
        return kept, f"{INVALID} (đã bỏ qua) — {describe(exc.errors())}"


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, backend: BackendDep, labels: LabelsDep) -> HTMLResponse:
    """The search box, results and facets for the query in the URL; invalid input is shown and left out."""
    params, error = read_params(request)
    try:
        resolved = resolve(params, labels, backend, list(request.query_params), facet_size=PAGE_FACET_SIZE,
                           max_notices=warning_cap(request))
        try:
            result = run_search(backend, resolved)
        except RequestValidationError as exc:  # a stale or edited cursor: start from the first page
            error = f"{INVALID} (đã bỏ qua) — {describe(exc.errors())}"
            resolved.params = resolved.params.model_copy(update={"cursor": None})
            result = run_search(backend, resolved, cursor=None)
        reposts = split(backend, result.hits)  # hit id -> (copies on the same portal, on other portals)
    except BackendUnavailable as exc:
        remember(request, exc)
        context = {"params": params, "error": UNAVAILABLE}
        return render(request, "search.html", context, status_code=503)
    context = {
        "params": resolved.params,
        "error": error,
        "notices": resolved.notices,
        "result": result,
        "hits": [HitOut.from_hit(h, labels) for h in result.hits],
        "reposts": reposts,
        "view": build_page(resolved.params, result, labels),
        "widen": widen_hint(backend, resolved, result.total),
        "or_read": parse(resolved.params.q).or_read,  # the page says a lower-case "or" was read as OR
        "label": labels.label,  # facet value -> display name ("lao-cai:377/KH-UBND" -> "377/KH-UBND (Lào Cai)")
    }
    return render(request, "search.html", context, status_code=422 if error else 200)
