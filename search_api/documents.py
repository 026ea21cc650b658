"""One document's tracker (/van-ban/{key}, /api/documents/{key}): its facts, who mentioned it when, by which plan.

Computed with the SearchBackend protocol only, so both backends give the same view: two cross-count aggregations
(the document's mentions and every article, by unit and month), two size-1 sorted queries per unit that mentions
it (first and last day), and the implementing chain (search_api/chain.py). Nothing walks the citing articles.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, Field

from core.labels import Labels
from core.search import SearchBackend, SearchQuery
from core.textfold import fold
from search_api.chain import Chain, Plan, chain
from search_api.coverage import Group, Period, month_span, period_of, units
from search_api.mentions import ArticleRef, mentions
from search_api.resolve import Notice

Status = Literal["mentioned", "silent", "no_source"]
FROM_TEXT = 5  # oldest citing articles read for the facts when config/directives.yaml lacks the document
STATUS_TITLES: dict[str, str] = {
    "mentioned": "Đã nhắc đến",
    "silent": "Có nguồn, chưa nhắc đến",
    "no_source": "Chưa thu thập nguồn nào trong kỳ",
}


class DocumentInfo(BaseModel):
    """What the document is: from config/directives.yaml, else from the text of the articles citing it."""

    key: str
    label: str = Field(description='"48-KH/TU (Nghệ An)" for a unit\'s document; the key otherwise.')
    doc_type_name: str | None = None
    title: str | None = None
    issuer: str | None = None
    issuer_name: str | None = None
    issued: date | None = None
    known_from: Literal["registry", "text", "none"] = Field(description="Where these facts come from.")


class UnitRow(BaseModel):
    """One unit: whether and when it mentioned the document, and its documents implementing it."""

    unit: str
    label: str
    status: Status
    count: int = Field(description="Articles of this unit citing the document.")
    all: int = Field(description="All articles of this unit in the period (0: no source crawled then).")
    first: ArticleRef | None = None
    last: ArticleRef | None = None
    plans: list[Plan] = Field(default_factory=list, description="Its documents in the chain (children left out).")


class TimelineRow(BaseModel):
    """Mentions in one month (or quarter, or year), nationally and in the selected units."""

    period: str = Field(description='"2024-03", "2024-Q1" or "2024".')
    national: int
    selected: int


class DocumentView(BaseModel):
    """The whole page, also served as JSON and CSV."""

    info: DocumentInfo
    group: Group
    date_from: date | None
    date_to: date | None
    since: date | None = Field(description="Start of the period for 'no source': date_from, else the issue date.")
    total: int = Field(description="Articles citing the document.")
    undated: int
    no_unit: int
    units: list[UnitRow] = Field(description="Mentioned (first mention first), then silent, then without a source.")
    selected: list[str] = Field(description="Units summed in the timeline's `selected` column.")
    period: Period = Field(description="The timeline's step: month, quarter or year.")
    timeline: list[TimelineRow]
    chain: Chain
    notices: list[Notice] = Field(default_factory=list)


def document_href(key: str, suffix: str = "", api: bool = False) -> str:
    """ "20-CT/TW" -> "/van-ban/20-CT%2FTW" (the page) or "/api/documents/20-CT%2FTW.csv" (with `api`, `suffix`)."""
    return ("/api/documents/" if api else "/van-ban/") + quote(key, safe="") + suffix


def document_info(backend: SearchBackend, key: str, labels: Labels, query: SearchQuery) -> DocumentInfo:
    """The registry's facts for `key`, else the first ones the oldest citing articles' references carry."""
    label = labels.label("directive", key)
    entry = labels.directives.by_key().get(key)
    if entry is not None:
        title = None if "not recorded" in entry.title else entry.title
        return DocumentInfo(key=key, label=label, doc_type_name=labels.directives.doc_types.get(entry.doc_type),
                            title=title, issuer=entry.issuer, issuer_name=entry.issuer_name or
                            labels.directives.issuers.get(entry.issuer), issued=entry.issued,
                            known_from="registry")  # fmt: skip
    update = {"size": FROM_TEXT, "sort": "oldest", "facets": (), "page": 1, "cursor": None, "collapse": False}
    facts: dict[str, object] = {}
    for hit in backend.search(query.model_copy(update=update)).hits:
        article = backend.get(hit.id)
        for ref in article.directives if article else []:
            if ref.key == key:
                for name in ("doc_type_name", "title", "issuer", "issuer_name", "issued"):
                    if facts.get(name) is None and getattr(ref, name) is not None:
                        facts[name] = getattr(ref, name)
    return DocumentInfo.model_validate({"key": key, "label": label, **facts, "known_from": "text" if facts else "none"})


def _order(row: UnitRow) -> tuple[int, date, str]:
    """Mentioned units first, earliest first mention first; then silent units, then units without a source."""
    first = row.first.day if row.status == "mentioned" and row.first and row.first.day else date.max
    return list(STATUS_TITLES).index(row.status), first, fold(row.label)  # "Đà Nẵng" among the D, not last


def document_view(
    backend: SearchBackend, query: SearchQuery, labels: Labels, group: Group, selected: list[str],
    notices: list[Notice] | None = None, period: Period = "month",
) -> DocumentView:  # fmt: skip
    """The view of the one document `query` filters on (its `directive` filter holds exactly one key)."""
    key = query.selected("directive")[0]
    info = document_info(backend, key, labels, SearchQuery(directive=[key], facets=()))  # whatever the dates
    since = query.date_from or info.issued
    found = backend.cross_counts(query, group, "month")
    held = backend.cross_counts(SearchQuery(facets=(), date_from=since, date_to=query.date_to), group, "month")
    cited = mentions(backend, query, group, [u for u, n in found.row_totals.items() if n], cells=found.cells)
    base = SearchQuery(facets=(), date_from=query.date_from, date_to=query.date_to)
    tree = chain(backend, key, base, labels, group)
    plans: dict[str | None, list[Plan]] = {}
    for plan in tree.flat():
        plans.setdefault(plan.unit, []).append(plan)
    rows = []
    for unit, label in units(labels, group, found):
        count, held_count = found.row_totals.get(unit, 0), held.row_totals.get(unit, 0)
        status: Status = "mentioned" if count else "silent" if held_count else "no_source"
        seen = cited.get(unit)
        rows.append(UnitRow(unit=unit, label=label, status=status, count=count, all=held_count,
                            first=seen.first if seen else None, last=seen.last if seen else None,
                            plans=plans.get(unit, [])))  # fmt: skip
    rows.sort(key=_order)
    chosen = [u for u in selected if u in {r.unit for r in rows}]
    steps: dict[str, TimelineRow] = {}
    for m in month_span(set(found.column_totals)):
        row = steps.setdefault(period_of(m, period), TimelineRow(period=period_of(m, period), national=0, selected=0))
        row.national += found.column_totals.get(m, 0)
        row.selected += sum(found.cells.get(u, {}).get(m, 0) for u in chosen)
    return DocumentView(
        info=info, group=group, date_from=query.date_from, date_to=query.date_to, since=since, total=found.total,
        undated=max(0, found.total - sum(found.column_totals.values())),
        no_unit=max(0, found.total - sum(found.row_totals.values())),
        units=rows, selected=chosen, period=period, timeline=list(steps.values()), chain=tree, notices=notices or [],
    )  # fmt: skip
