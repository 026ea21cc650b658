"""GET /api/export.csv (every match, streamed) and GET /api/feed.xml (RSS of the newest matches)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from search_api import csv_export
from search_api.deps import BackendDep, LabelsDep, ResolvedDep, SettingsDep
from search_api.errors import ERROR_RESPONSES
from search_api.feed import FEED_SIZE, render_rss
from search_api.service import run_search
from search_api.warning_header import warning_headers

router = APIRouter(tags=["export"])


@router.get(
    "/api/export.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "All matches, UTF-8 with BOM."}, **ERROR_RESPONSES},
)
def export_csv(resolved: ResolvedDep, backend: BackendDep, labels: LabelsDep) -> StreamingResponse:
    """Every match of the query (page, size and cursor are ignored), streamed 200 rows per backend call.

    The file is named after the query: `govnews-tre-em-20261129.csv`. The `warnings` of /api/search come in the
    `X-Govnews-Warnings` header (percent-encoded JSON), the rows stay plain CSV.
    """
    first = csv_export.first_page(backend, resolved)
    name = csv_export.file_name(resolved.params, labels)
    return StreamingResponse(
        csv_export.chunks(backend, resolved, first, labels),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Total-Count": str(first.total),
            **warning_headers(resolved.notices, resolved.more),
        },
    )


@router.get(
    "/api/feed.xml",
    response_class=Response,
    responses={200: {"content": {"application/rss+xml": {}}, "description": "RSS 2.0"}, **ERROR_RESPONSES},
)
def feed(
    resolved: ResolvedDep, backend: BackendDep, labels: LabelsDep, settings: SettingsDep, request: Request
) -> Response:
    """RSS 2.0 of the newest matches of the query (sort, page, size and cursor are ignored).

    The `warnings` of /api/search are in the channel's description and the `X-Govnews-Warnings` header.
    """
    result = run_search(backend, resolved, facets=(), sort="newest", page=1, size=FEED_SIZE, cursor=None)
    params = resolved.params
    base = settings.public_base_url  # never the request's Host header: a shared cache would serve its links
    page_url = base + params.url("/", sort="newest", page=1, size=20, cursor=None)
    self_url = base + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = render_rss(result, params, labels, page_url=page_url, self_url=self_url, notices=resolved.notices)
    return Response(
        content=body, media_type="application/rss+xml; charset=utf-8",
        headers=warning_headers(resolved.notices, resolved.more),
    )
