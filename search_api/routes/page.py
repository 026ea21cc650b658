"""GET /: the server-rendered search page (works without JavaScript; the URL holds the whole state)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import ValidationError

from core.search import BackendUnavailable
from search_api.deps import BackendDep
from search_api.errors import UNAVAILABLE, describe
from search_api.labels import directive_title, province_label
from search_api.markup import safe_marked
from search_api.params import SearchParams
from search_api.schemas import HitOut
from search_api.service import run_search
from search_api.view import FACET_TITLES, SORT_LABELS, build_page
from search_api.widen import widen_hint

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


def marked(text: str | None) -> Markup:
    """Jinja filter: the text escaped except its <mark> tags."""
    return Markup(safe_marked(text))  # safe_marked escaped everything but <mark>


templates.env.filters["marked"] = marked
templates.env.globals.update(
    province_label=province_label, directive_title=directive_title, sort_labels=SORT_LABELS, facet_titles=FACET_TITLES
)

router = APIRouter(include_in_schema=False)
# the page loads only its own CSS/JS; inline styles are the month bars' widths
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _params(request: Request) -> tuple[SearchParams, str | None]:
    """The page's parameters and an error message; invalid parameters are left out, the rest is kept."""
    try:
        return SearchParams.from_query(request.query_params), None
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        try:
            kept = SearchParams.from_query(request.query_params, drop=bad)
        except ValidationError:
            kept = SearchParams()
        return kept, f"Tham số không hợp lệ (đã bỏ qua) — {describe(exc.errors())}"


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, backend: BackendDep) -> HTMLResponse:
    """The search box, results and facets for the query in the URL; invalid input is shown and left out."""
    params, error = _params(request)
    try:
        try:
            result = run_search(backend, params)
        except RequestValidationError as exc:  # a stale or edited cursor: start from the first page
            error = f"Tham số không hợp lệ (đã bỏ qua) — {describe(exc.errors())}"
            params = params.model_copy(update={"cursor": None})
            result = run_search(backend, params)
    except BackendUnavailable:
        context = {"params": params, "error": f"Không kết nối được máy tìm kiếm. {UNAVAILABLE}"}
        return templates.TemplateResponse(request, "search.html", context, status_code=503, headers=HEADERS)
    context = {
        "params": params,
        "error": error,
        "result": result,
        "hits": [HitOut.from_hit(h) for h in result.hits],
        "view": build_page(params, result),
        "widen": widen_hint(backend, params, result.total),
    }
    status = 422 if error else 200
    return templates.TemplateResponse(request, "search.html", context, status_code=status, headers=HEADERS)
