"""The page's view model: facet toggle links, month ranges, pagination and export links for one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.search import FacetBucket, SearchResult
from search_api.labels import directive_title, labels, province_label
from search_api.params import MAX_WINDOW, RESTART, SearchParams

FACET_TITLES = {"province": "Tỉnh/thành", "directive": "Văn bản chỉ đạo", "month": "Tháng"}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}


@dataclass(frozen=True)
class FacetLink:
    """One clickable facet value: its count, whether it is on, and the URL that toggles it."""

    label: str
    count: int
    selected: bool
    href: str
    share: float = 0.0  # count / largest count in the facet (bar width for the month histogram)
    hint: str | None = None  # a directive's full title


@dataclass(frozen=True)
class Facet:
    """A facet section of the sidebar."""

    name: str
    title: str
    links: list[FacetLink]
    clear_href: str | None = None


@dataclass
class Page:
    """Everything the template shows besides the hits."""

    facets: list[Facet] = field(default_factory=list)
    pages: list[tuple[int, str]] = field(default_factory=list)
    prev_href: str | None = None
    next_href: str | None = None
    last_page: int = 1
    export_href: str = "/api/export.csv"
    feed_href: str = "/api/feed.xml"
    coverage_href: str = "/api/coverage.csv"


def _toggle(params: SearchParams, name: str, value: str) -> str:
    return params.url("/", **params.toggled(name, value))


def _list_facet(params: SearchParams, name: str, buckets: list[FacetBucket]) -> Facet:
    selected = set(getattr(params, name))
    shown = {b.value for b in buckets}
    # a selected value with no match left still shows (count 0), so it can be switched off
    missing = [(v, (province_label(v) if name == "province" else v) or v, 0) for v in sorted(selected - shown)]
    rows = missing + [(b.value, labels().label(name, b.value), b.count) for b in buckets]
    links = [
        FacetLink(
            label,
            count,
            value in selected,
            _toggle(params, name, value),
            hint=directive_title(value) if name == "directive" else None,
        )
        for value, label, count in rows
    ]
    clear = params.url("/", **{name: [], **RESTART}) if selected else None
    return Facet(name=name, title=FACET_TITLES[name], links=links, clear_href=clear)


def _month_facet(params: SearchParams, buckets: list[FacetBucket]) -> Facet:
    top = max((b.count for b in buckets), default=0) or 1
    links = []
    any_selected = False
    for b in buckets:
        on = params.is_selected("month", b.value)
        any_selected |= on
        links.append(
            FacetLink(
                labels().label("month", b.value), b.count, on, _toggle(params, "month", b.value), share=b.count / top
            )
        )
    dated = params.date_from is not None or params.date_to is not None
    clear = params.url("/", date_from=None, date_to=None, **RESTART) if dated or any_selected else None
    return Facet(name="month", title=FACET_TITLES["month"], links=links, clear_href=clear)


def build_page(params: SearchParams, result: SearchResult) -> Page:
    """Links for the sidebar, the pager and the exports of this result page."""
    page = Page()
    for name in ("province", "directive", "month"):
        buckets = result.facets.get(name, [])
        page.facets.append(_month_facet(params, buckets) if name == "month" else _list_facet(params, name, buckets))
    page.last_page = max(1, min(-(-result.total // params.size), MAX_WINDOW // params.size))
    window = range(max(1, params.page - 3), min(page.last_page, params.page + 3) + 1)
    page.pages = [(n, params.url("/", page=n, cursor=None)) for n in window]
    if params.page > 1:
        page.prev_href = params.url("/", page=params.page - 1, cursor=None)
    if params.page < page.last_page:
        page.next_href = params.url("/", page=params.page + 1, cursor=None)
    page.export_href = params.url("/api/export.csv", page=1, size=20, cursor=None)
    page.coverage_href = params.url("/api/coverage.csv", page=1, size=20, cursor=None, sort="relevance")
    page.feed_href = params.url("/api/feed.xml", page=1, size=20, cursor=None, sort="relevance")
    return page
