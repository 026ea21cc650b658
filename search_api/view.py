"""The page's view model: one sidebar section per facet of core/facets.py, pagination and export links."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.facets import SHOWN, Facet
from core.labels import Labels
from core.search import MAX_WINDOW, SearchResult
from search_api.documents import document_href
from search_api.params import RESTART, Links, SearchParams
from search_api.schemas import past_end_message, past_the_end

PAGE_FACET_SIZE = 8  # values a facet shows on the page before "xem thêm"
BAR_STEPS = 10  # month bars: CSS classes bar-0 .. bar-10 (no inline styles under the CSP)


@dataclass(frozen=True)
class FacetLink:
    """One clickable facet value: its count, whether it is on, and the URL that toggles it."""

    label: str
    count: int
    selected: bool
    href: str
    bar: int = 0  # 0..BAR_STEPS: count against the facet's largest (the month histogram)
    hint: str | None = None  # a directive's full title
    doc_href: str | None = None  # a directive's own page (/van-ban/{key})


@dataclass(frozen=True)
class FacetView:
    """A facet section of the sidebar."""

    name: str
    title: str
    links: list[FacetLink]
    clear_href: str | None = None
    more_href: str | None = None  # "xem thêm": the facet's values past the first ones
    less_href: str | None = None  # "thu gọn"
    dated: bool = False


@dataclass
class Page:
    """Everything the template shows besides the hits."""

    facets: list[FacetView] = field(default_factory=list)
    selected: int = 0  # active filter values, shown on the collapsed filter panel
    pages: list[tuple[int, str]] = field(default_factory=list)
    prev_href: str | None = None
    next_href: str | None = None
    first_href: str | None = None
    last_page: int = 1
    past_end: str | None = None  # "Trang 60 vượt quá kết quả…"
    export_href: str = "/api/export.csv"
    feed_href: str = "/api/feed.xml"
    coverage_href: str = "/do-phu"


def _facet(params: SearchParams, f: Facet, result: SearchResult, labels: Labels, toggles: Links) -> FacetView:
    buckets = result.facets.get(f.name, [])
    known = {b.value: b.count for b in buckets}
    selected = params.filter(f.name)
    expanded = f.name in params.more
    more = f.name in result.more_facets
    if f.newest_first and not expanded and len(buckets) > PAGE_FACET_SIZE:
        buckets, more = buckets[:PAGE_FACET_SIZE], True
    shown = {b.value for b in buckets}
    # a selected value past the values shown (or with no match left: count 0) still shows, so it can be switched off
    rows = [(v, known.get(v, 0)) for v in selected if v not in shown] + [(b.value, b.count) for b in buckets]
    top = max((c for _, c in rows), default=0) or 1
    links = [
        FacetLink(
            label=labels.label(f, value),
            count=count,
            selected=value in selected,
            href=toggles.toggle(f.name, params.toggled(f.name, value)[f.name]),
            bar=round(count / top * BAR_STEPS) if f.newest_first else 0,
            hint=labels.directive_title(value) if f.labels == "directive" else None,
            doc_href=document_href(value) if f.labels == "directive" else None,
        )
        for value, count in rows
    ]
    return FacetView(
        name=f.name,
        title=f.title,
        links=links,
        clear_href=params.url("/", **{f.name: [], **RESTART}) if selected else None,
        more_href=params.url("/", more=[*params.more, f.name]) + f"#facet-{f.name}" if more and not expanded else None,
        less_href=params.url("/", more=[m for m in params.more if m != f.name]) if expanded else None,
        dated=f.newest_first,
    )


def build_page(params: SearchParams, result: SearchResult, labels: Labels) -> Page:
    """Links for the sidebar, the pager and the exports of this result page."""
    page = Page()
    wanted = params.wanted_facets()
    links = Links(params, "/")
    page.facets = [_facet(params, f, result, labels, links) for f in SHOWN if f.name in wanted]
    page.selected = sum(len(v) for v in params.filters().values())
    size = max(params.size, 1)
    page.last_page = max(1, min(-(-result.total // size), MAX_WINDOW // size))
    window = range(max(1, params.page - 3), min(page.last_page, params.page + 3) + 1)
    page.pages = [(n, params.url("/", page=n, cursor=None)) for n in window]
    if past_the_end(params, result):
        page.past_end = past_end_message(params, result)
        page.first_href = params.url("/", page=1, cursor=None)
        page.prev_href = params.url("/", page=page.last_page, cursor=None)
    elif params.page > 1:
        page.prev_href = params.url("/", page=params.page - 1, cursor=None)
    if params.page < page.last_page:
        page.next_href = params.url("/", page=params.page + 1, cursor=None)
    plain: dict[str, object] = {"page": 1, "size": 20, "cursor": None, "more": []}
    page.export_href = params.url("/api/export.csv", **plain)
    page.coverage_href = params.url("/do-phu", **plain, sort="relevance")
    page.feed_href = params.url("/api/feed.xml", **plain, sort="relevance")
    return page
