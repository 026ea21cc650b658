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
from search_api.labels import province_label
from search_api.markup import safe_marked
from search_api.params import SearchParams
from search_api.schemas import HitOut
from search_api.service import run_search
from search_api.view import FACET_TITLES, SORT_LABELS, build_page

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


def marked(text: str | None) -> Markup:
    """Jinja filter: the text escaped except its <mark> tags."""
    return Markup(safe_marked(text))  # safe_marked escaped everything but <mark>


templates.env.filters["marked"] = marked
templates.env.globals.update(province_label=province_label, sort_labels=SORT_LABELS, facet_titles=FACET_TITLES)

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, backend: BackendDep) -> HTMLResponse:
    """The search box, results and facets for the query in the URL; invalid input is shown, not raised."""
    try:
        params = SearchParams.from_query(request.query_params)
    except ValidationError as exc:
        context = {"params": SearchParams(), "error": f"Tham số không hợp lệ — {describe(exc.errors())}"}
        return templates.TemplateResponse(request, "search.html", context, status_code=422)
    try:
        result = run_search(backend, params)
    except RequestValidationError as exc:
        context = {"params": params, "error": f"Tham số không hợp lệ — {describe(exc.errors())}"}
        return templates.TemplateResponse(request, "search.html", context, status_code=422)
    except BackendUnavailable:
        context = {"params": params, "error": f"Không kết nối được máy tìm kiếm. {UNAVAILABLE}"}
        return templates.TemplateResponse(request, "search.html", context, status_code=503)
    context = {
        "params": params,
        "result": result,
        "hits": [HitOut.from_hit(h) for h in result.hits],
        "view": build_page(params, result),
    }
    return templates.TemplateResponse(request, "search.html", context)
