"""GET /do-phu (the table on a page), /api/coverage (JSON) and /api/coverage.csv: matches per unit per period."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from core.search import BackendUnavailable
from search_api.coverage import (
    GROUP_TITLES,
    HEAT_TITLES,
    ORDER_TITLES,
    PERIOD_TITLES,
    WIDE_MONTHS,
    Coverage,
    Group,
    Heat,
    Order,
    Period,
    coverage,
    to_csv,
)
from search_api.csv_export import BOM, file_name
from search_api.deps import BackendDep, LabelsDep, warning_cap
from search_api.errors import ERROR_RESPONSES, UNAVAILABLE, remember
from search_api.filters import active_filters
from search_api.params import RESTART, SearchParams
from search_api.render import render
from search_api.resolve import Resolved, resolve
from search_api.routes.page import read_params
from search_api.warning_header import warning_headers
from search_api.widen import widen_hint

router = APIRouter(tags=["coverage"])
OWN = ("group", "period", "heat", "order")
GroupQ = Annotated[Group, Query(description="Rows: current units (34), or units at publication (63 former).")]
PeriodQ = Annotated[Period, Query(description="Columns: month, quarter or year.")]
HeatQ = Annotated[Heat, Query(description="What the heat shows: the count of matches, or their share.")]
OrderQ = Annotated[Order, Query(description="Rows by name (Vietnamese collation), or by matches.")]


def _resolved(
    params: Annotated[SearchParams, Query()], request: Request, backend: BackendDep, labels: LabelsDep
) -> Resolved:
    keys = [k for k in request.query_params if k not in OWN]
    return resolve(params.model_copy(update={"page": 1, "cursor": None}), labels, backend, keys, facets=(), size=0,
                   max_notices=warning_cap(request))


CoverageDep = Annotated[Resolved, Depends(_resolved)]


@router.get("/api/coverage", response_model=Coverage, responses=ERROR_RESPONSES)
def coverage_json(
    resolved: CoverageDep,
    backend: BackendDep,
    labels: LabelsDep,
    group: GroupQ = "province",
    period: PeriodQ = "month",
    heat: HeatQ = "count",
    order: OrderQ = "name",
) -> Response:
    """Unit × period counts and shares for the query (e.g. `directive=20-CT/TW`), every unit a row, zeros too."""
    table = coverage(backend, resolved, labels, group, period, heat, order)
    # encoded once: a returned model (thousands of cells) would be dumped, validated again and encoded by FastAPI
    return Response(table.model_dump_json(), media_type="application/json")


@router.get(
    "/api/coverage.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 with BOM."}, **ERROR_RESPONSES},
)
def coverage_csv(
    resolved: CoverageDep,
    backend: BackendDep,
    labels: LabelsDep,
    group: GroupQ = "province",
    period: PeriodQ = "month",
    order: OrderQ = "name",
) -> Response:
    """The same table as CSV: one row per unit, counts then shares per period."""
    name = file_name(resolved.params, labels, kind="do-phu")
    return Response(
        content=BOM + to_csv(coverage(backend, resolved, labels, group, period, order=order)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"',
                 **warning_headers(resolved.notices, resolved.more)},
    )


@router.get("/do-phu", response_class=HTMLResponse, include_in_schema=False)
def coverage_page(request: Request, backend: BackendDep, labels: LabelsDep) -> HTMLResponse:
    """The coverage table as a heat map; every cell links to its search. Invalid input is shown and left out."""
    params, error = read_params(request, ignore=OWN)
    asked = request.query_params
    group: Group = "province_at_publication" if asked.get("group") == "province_at_publication" else "province"
    period: Period = {"quarter": "quarter", "year": "year"}.get(asked.get("period", ""), "month")  # type: ignore[assignment]
    heat: Heat = "share" if asked.get("heat") == "share" else "count"
    order: Order = "total" if asked.get("order") == "total" else "name"
    own = [("group", group), ("period", period), ("heat", heat), ("order", order)]  # the page's own parameters
    context: dict[str, object] = {
        "params": params, "error": error, "group": group, "period": period, "heat": heat, "order": order,
        "groups": GROUP_TITLES, "periods": PERIOD_TITLES, "heats": HEAT_TITLES, "orders": ORDER_TITLES,
        "active": active_filters(params, labels, own),
    }  # fmt: skip
    try:
        keys = [k for k in request.query_params if k not in OWN]
        resolved = resolve(params, labels, backend, keys, facets=(), size=0, max_notices=warning_cap(request))
        table = coverage(backend, resolved, labels, group, period, heat, order)
    except BackendUnavailable as exc:
        remember(request, exc)
        context["error"] = UNAVAILABLE
        return render(request, "coverage.html", context, status_code=503)
    params = resolved.params  # filters as read: "20-ct/tw" shows as 20-CT/TW, in the box and in "Đang lọc"
    context.update(
        params=params,
        active=active_filters(params, labels, own),
        table=table,
        widen=widen_hint(backend, resolved, table.total, "/do-phu", own, articles=True),
        wide=period == "month" and len(table.periods) > WIDE_MONTHS,
        period_hrefs={p: params.url("/do-phu", [*own[:1], ("period", p), *own[2:]], **RESTART) for p in PERIOD_TITLES},
        notices=resolved.notices,
        csv_href=params.url("/api/coverage.csv", [*own[:2], own[3]], **RESTART),
        json_href=params.url("/api/coverage", own, **RESTART),
        search_href=params.url("/", **RESTART),
    )
    return render(request, "coverage.html", context, status_code=422 if error else 200)
