"""GET /van-ban/{key} (a document's page) and /api/documents/{key} (JSON; `.json`, `.csv`, `.rss` for downloads).

A key holds slashes ("20-CT/TW"), so the routes take the rest of the path; links encode the slash ("20-CT%2FTW"),
and the plain form works too. A key is matched case-insensitively, like the directive filter.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from core.labels import Labels
from core.search import BackendUnavailable, SearchBackend, SearchQuery
from core.textfold import slugify
from search_api.chain import CHAIN_DEPTH
from search_api.coverage import GROUP_TITLES, PERIOD_TITLES, Group, Period
from search_api.csv_export import BOM
from search_api.deps import BackendDep, LabelsDep, SettingsDep
from search_api.document_export import render_feed, to_csv
from search_api.documents import STATUS_TITLES, DocumentView, document_href, document_view
from search_api.errors import ERROR_RESPONSES, UNAVAILABLE
from search_api.params import SearchParams
from search_api.render import render
from search_api.resolve import Notice, resolve
from search_api.routes.page import read_params

router = APIRouter(tags=["documents"])
OWN = ("group", "unit", "period")
ACCEPTED = (*OWN, "date_from", "date_to")
KEY_MAX = 120
SUFFIXES = (".json", ".csv", ".rss")
BAR_STEPS = 10
GroupQ = Annotated[Group, Query(description="Units: current (34), or at publication (63 former).")]
PeriodQ = Annotated[Period, Query(description="The timeline's step: month, quarter or year.")]
UnitQ = Annotated[list[str] | None, Query(max_length=63, description="Units summed in the timeline's `selected`.")]


class DocumentError(Exception):
    """A key that names no document, or several (`choices`): the status and the Vietnamese message."""

    def __init__(self, status: int, message: str, choices: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.choices = status, message, choices or []


def build(
    backend: SearchBackend, labels: Labels, key: str, params: SearchParams, group: Group, units: list[str],
    raw_keys: list[str], period: Period = "month",
) -> DocumentView:  # fmt: skip
    """The view of `key` (its canonical spelling) under `params`' dates; DocumentError for no or several documents.

    A bare local number that several units' documents share ("377/KH-UBND") names each of them (status 300)."""
    key = key.strip()
    if not key or len(key) > KEY_MAX:
        raise DocumentError(422, f"Mã văn bản phải có từ 1 đến {KEY_MAX} ký tự.")
    key = {k.casefold(): k for k in labels.directives.by_key()}.get(key.casefold(), key)
    asked = SearchParams(date_from=params.date_from, date_to=params.date_to, directive=[key])
    resolved = resolve(asked, labels, backend, facets=(), size=0)
    resolved.notices[:0] = [
        Notice(param=k, value="", message=f"Tham số «{k}» không dùng cho trang văn bản nên đã bị bỏ qua.")
        for k in dict.fromkeys(raw_keys) if k not in ACCEPTED
    ]  # fmt: skip
    keys = resolved.query.selected("directive")
    if len(keys) > 1:
        named = " ".join(n.message for n in resolved.notices if n.param == "directive")
        raise DocumentError(300, f"Có {len(keys)} văn bản cùng số «{key}». {named}", choices=keys)
    cited = backend.search(SearchQuery(filters={"directive": keys}, size=0, facets=())).total
    if not cited and keys[0] not in labels.directives.by_key():
        raise DocumentError(404, f"Không có bài viết nào trích dẫn văn bản «{key}», và danh mục văn bản cũng không "
                            "có văn bản này. Hãy kiểm tra lại số và ký hiệu văn bản (ví dụ 20-CT/TW).")
    return document_view(backend, resolved.query, labels, group, units, resolved.notices, period)


def _split(path: str) -> tuple[str, str]:
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            return path.removesuffix(suffix), suffix
    return path, ""


def _file(view: DocumentView, suffix: str) -> str:
    return f"govnews-van-ban-{slugify(view.info.key) or 'tat-ca'}{suffix}"


@router.get(
    "/api/documents/{key:path}",
    response_model=DocumentView,
    responses={200: {"content": {"text/csv": {}, "application/rss+xml": {}}}, 404: {}, **ERROR_RESPONSES},
)
def document_api(
    key: str, request: Request, backend: BackendDep, labels: LabelsDep, settings: SettingsDep,
    group: GroupQ = "province", unit: UnitQ = None, date_from: date | None = None, date_to: date | None = None,
    period: PeriodQ = "month",
) -> Response:  # fmt: skip
    """One document (`20-CT/TW`, `nghe-an:48-KH/TU`; any case): its facts, each unit's first and last mention and
    implementing plans, units without mention apart from units without a crawled source, the timeline and the chain.

    Append `.json` (the same, as a download), `.csv` (one row per unit: unit, unit_label, status, articles,
    all_articles, first_mention, first_article, last_mention, last_article, plans, plan_first_articles) or `.rss`
    (new units and new implementing plans)."""
    name, suffix = _split(key)
    try:
        params = SearchParams(date_from=date_from, date_to=date_to)
        view = build(backend, labels, name, params, group, unit or [], list(request.query_params), period)
    except DocumentError as exc:
        choices = [{"key": k, "href": document_href(k, suffix, api=True)} for k in exc.choices]
        detail = {"message": exc.message, "choices": choices} if choices else exc.message
        raise HTTPException(exc.status, detail) from None
    if suffix == ".csv":
        disposition = {"Content-Disposition": f'attachment; filename="{_file(view, ".csv")}"'}
        return Response(BOM + to_csv(view), media_type="text/csv; charset=utf-8", headers=disposition)
    if suffix == ".rss":
        base = settings.public_base_url
        self_url = base + request.url.path + (f"?{request.url.query}" if request.url.query else "")
        body = render_feed(view, labels, base, document_href(view.info.key), self_url)
        return Response(body, media_type="application/rss+xml; charset=utf-8")
    headers = {"Content-Disposition": f'attachment; filename="{_file(view, ".json")}"'} if suffix else {}
    return Response(view.model_dump_json(), media_type="application/json", headers=headers)


def _bars(view: DocumentView) -> dict[str, tuple[int, int]]:
    top = max((m.national for m in view.timeline), default=0) or 1
    return {m.period: (round(m.national / top * BAR_STEPS), round(m.selected / top * BAR_STEPS)) for m in view.timeline}


@router.get("/van-ban/{key:path}", response_class=HTMLResponse, include_in_schema=False)
def document_page(key: str, request: Request, backend: BackendDep, labels: LabelsDep) -> HTMLResponse:
    """The document's page; invalid dates are shown and left out, an unknown key says so in Vietnamese."""
    params, error = read_params(request, ignore=OWN)
    asked = request.query_params
    group: Group = "province_at_publication" if asked.get("group") == "province_at_publication" else "province"
    period: Period = {"quarter": "quarter", "year": "year"}.get(asked.get("period", ""), "month")  # type: ignore[assignment]
    units = asked.getlist("unit")[:63]
    try:
        view = build(backend, labels, key, params, group, units, list(asked), period)
    except DocumentError as exc:
        title = {404: "Không tìm thấy văn bản", 300: "Nhiều văn bản cùng số"}.get(exc.status, "Mã văn bản không hợp lệ")
        links = [(document_href(k), labels.label("directive", k)) for k in exc.choices]
        shown: dict[str, object] = {"title": title, "message": exc.message, "links": links}
        return render(request, "message.html", shown, status_code=exc.status)
    except BackendUnavailable:
        return render(request, "message.html", {"title": "Lỗi kết nối", "message": UNAVAILABLE}, status_code=503)
    shape = [(k, v) for k, v in (("date_from", params.date_from), ("date_to", params.date_to)) if v]
    query = "?" + urlencode([*shape, ("group", group), ("period", period), *(("unit", u) for u in view.selected)])
    other = "province_at_publication" if group == "province" else "province"
    context: dict[str, object] = {
        "v": view, "error": error, "groups": GROUP_TITLES, "periods": PERIOD_TITLES, "statuses": STATUS_TITLES,
        "bars": _bars(view),
        "depth_cap": CHAIN_DEPTH, "csv_href": document_href(view.info.key, ".csv", api=True) + query,
        "json_href": document_href(view.info.key, ".json", api=True) + query,
        "rss_href": document_href(view.info.key, ".rss", api=True) + query,
        "search_href": params.url("/", directive=[view.info.key], page=1, cursor=None),
        "coverage_href": params.url("/do-phu", directive=[view.info.key], page=1, cursor=None),
        "switch_href": document_href(view.info.key) + "?" + urlencode([*shape, ("group", other), ("period", period)]),
        "page_href": document_href(view.info.key), "shape": shape, "label": labels.label,
    }  # fmt: skip
    return render(request, "document.html", context, status_code=422 if error else 200)
