"""Stream every match of a query as CSV rows (UTF-8 with BOM so Excel shows Vietnamese), page by page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from core.search import Hit, SearchBackend, SearchResult
from search_api.labels import province_label
from search_api.markup import plain
from search_api.params import SearchParams
from search_api.service import run_search

PAGE = 200  # the largest page SearchQuery allows; the cursor walks every page, no total cap
BOM = "\ufeff"
VN = timezone(timedelta(hours=7))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # Excel would run these as formulas (CSV injection)
COLUMNS = ("id", "date", "published", "title", "url", "province", "province_label", "directives", "source", "snippet")


def first_page(backend: SearchBackend, params: SearchParams) -> SearchResult:
    """The first export page, run before streaming starts so errors still get a proper status code."""
    return run_search(backend, params, facets=(), size=PAGE, page=1, cursor=None, collapse=False)  # every article


def local_day(iso: str | None) -> str:
    """The Vietnam-time day of an ISO timestamp ("" when unknown): what spreadsheets sort and filter on."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone(VN).date().isoformat()
    except ValueError:
        return ""


def _cell(text: str) -> str:
    """Text as Excel will show it, never as a formula: a leading = + - @ gets a quote prefix."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(hit: Hit) -> list[str]:
    return [
        hit.id,
        local_day(hit.published),
        hit.published or "",
        hit.title,
        hit.url,
        hit.province or "",
        province_label(hit.province) or "",
        "; ".join(hit.directives),
        hit.source_id or "",
        plain(hit.snippet),
    ]


def _lines(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([[_cell(c) for c in row] for row in rows])
    return buf.getvalue()


def chunks(backend: SearchBackend, params: SearchParams, first: SearchResult) -> Iterator[str]:
    """The BOM and header, then one chunk of CSV lines per backend page, across all pages.

    An outage mid-stream raises, which aborts the response: a cut file is never passed off as complete.
    """
    yield BOM + _lines([list(COLUMNS)])
    result = first
    while True:
        if result.hits:
            yield _lines([_row(hit) for hit in result.hits])
        if not result.next_cursor or not result.hits:
            return
        result = run_search(backend, params, facets=(), size=PAGE, cursor=result.next_cursor, collapse=False)
