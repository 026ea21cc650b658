"""Stream every match of a query as CSV rows (UTF-8 with BOM so Excel shows Vietnamese), page by page.

The columns after the article's own (id, dates, title, url) are the facets of core/facets.py: one column of
values per facet (several values joined by "; "), plus a `<facet>_label` column where values have names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

from core.clock import VN_TZ
from core.facets import SHOWN, Facet
from core.labels import Labels
from core.search import Hit, SearchBackend, SearchResult
from core.textfold import slugify
from search_api.markup import plain
from search_api.params import SearchParams
from search_api.resolve import Resolved
from search_api.service import run_search

PAGE = 200  # the largest page SearchQuery allows; the cursor walks every page, no total cap
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # Excel would run these as formulas (CSV injection)
EXPORTED: tuple[Facet, ...] = tuple(f for f in SHOWN if not f.newest_first)  # dates are the `date` column
NAMED = ("province", "source", "doc_type", "issuer")  # label sources whose values have display names
COLUMNS: tuple[str, ...] = (
    "id", "date", "published", "title", "url",
    *(c for f in EXPORTED for c in ((f.name, f"{f.name}_label") if f.labels in NAMED else (f.name,))),
    "snippet",
)  # fmt: skip
SLUG_MAX = 60


def file_name(params: SearchParams, labels: Labels, kind: str = "", ext: str = "csv") -> str:
    """ "govnews-tre-em-dak-lak-20261129.csv": the query and filters, ASCII-folded, and today's date."""
    words = [params.q, *(labels.label(name, v) for name, values in params.filters().items() for v in values)]
    slug = slugify(" ".join(w for w in words if w))[:SLUG_MAX].strip("-")
    parts = ["govnews", kind, slug or "tat-ca", f"{datetime.now(UTC):%Y%m%d}"]
    return "-".join(p for p in parts if p) + f".{ext}"


def first_page(backend: SearchBackend, resolved: Resolved) -> SearchResult:
    """The first export page, run before streaming starts so errors still get a proper status code."""
    return run_search(backend, resolved, facets=(), size=PAGE, page=1, cursor=None, collapse=False)  # every article


def local_day(iso: str | None) -> str:
    """The Vietnam-time day of an ISO timestamp ("" when unknown): what spreadsheets sort and filter on."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone(VN_TZ).date().isoformat()
    except ValueError:
        return ""


def _cell(text: str) -> str:
    """Text as Excel will show it, never as a formula: a leading = + - @ gets a quote prefix."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(hit: Hit, labels: Labels) -> list[str]:
    row = [hit.id, local_day(hit.published), hit.published or "", hit.title, hit.url]
    for f in EXPORTED:
        values = hit.facets.get(f.name, [])
        row.append("; ".join(values))
        if f.labels in NAMED:
            row.append("; ".join(labels.label(f, v) for v in values))
    return [*row, plain(hit.snippet)]


def _lines(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([[_cell(c) for c in row] for row in rows])
    return buf.getvalue()


def chunks(backend: SearchBackend, resolved: Resolved, first: SearchResult, labels: Labels) -> Iterator[str]:
    """The BOM and header, then one chunk of CSV lines per backend page, across all pages.

    An outage mid-stream raises, which aborts the response: a cut file is never passed off as complete.
    """
    yield BOM + _lines([list(COLUMNS)])
    result = first
    while True:
        if result.hits:
            yield _lines([_row(hit, labels) for hit in result.hits])
        if not result.next_cursor or not result.hits:
            return
        result = run_search(
            backend, resolved, facets=(), size=PAGE, page=1, cursor=result.next_cursor, collapse=False
        )
