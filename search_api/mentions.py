"""First and last mention per unit: the oldest and newest matching article of each unit, one size-1 sorted query each.

Shared by the document page (search_api/documents.py) and the coverage table's first-mention column
(search_api/coverage.py), so both show the same day for the same query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from core.clock import VN_TZ
from core.search import Hit, SearchBackend, SearchQuery, SortOrder


class ArticleRef(BaseModel):
    """One article shown as evidence: its govnews page, title and publication day (Vietnam time)."""

    id: str
    title: str
    day: date | None = Field(description="Publication day in Vietnam time; null when unknown.")
    href: str = Field(description="The article's page: /bai-viet/{id}.")
    units: dict[str, list[str]] = Field(default_factory=dict, description="Its province and province_at_publication.")


class Mention(BaseModel):
    """A unit's oldest and newest matching article (null when it has none)."""

    first: ArticleRef | None = None
    last: ArticleRef | None = None


def local_day(published: str | None) -> date | None:
    """ "2024-06-01T02:00:00+00:00" -> 2024-06-01 in Vietnam time; None when absent or unreadable."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment.astimezone(VN_TZ).date() if moment.tzinfo else moment.date()


def article_ref(hit: Hit) -> ArticleRef:
    """The evidence link for one hit."""
    units = {k: v for k, v in hit.facets.items() if k in ("province", "province_at_publication")}
    return ArticleRef(id=hit.id, title=hit.title, day=local_day(hit.published), href=f"/bai-viet/{hit.id}", units=units)


def narrowed(query: SearchQuery, **filters: list[str]) -> SearchQuery:
    """`query` with `filters` replacing its own for those facets, counting nothing, one row, relevance kept aside."""
    update: dict[str, Any] = {"filters": {**query.filters, **filters}, "facets": (), "page": 1, "cursor": None,
                              "size": 1, "collapse": False}  # fmt: skip
    return query.model_copy(update=update)


def one(backend: SearchBackend, query: SearchQuery, sort: SortOrder) -> ArticleRef | None:
    """The first article of `query` in `sort` order (undated articles sort last in both orders)."""
    only = {"sort": sort, "size": 1, "page": 1, "cursor": None, "highlight": False}  # the reference shows no snippet
    hits = backend.search(query.model_copy(update=only)).hits
    return article_ref(hits[0]) if hits else None


def _within(query: SearchQuery, month: str | None) -> SearchQuery:
    """`query` narrowed to one "YYYY-MM" (Vietnam time) inside its own date range; unchanged for None."""
    if month is None:
        return query
    year, mm = (int(p) for p in month.split("-"))
    start, end = date(year, mm, 1), date(year + mm // 12, mm % 12 + 1, 1) - timedelta(days=1)
    low, high = max(filter(None, (query.date_from, start))), min(filter(None, (query.date_to, end)))
    return query.model_copy(update={"date_from": low, "date_to": high})


def mentions(
    backend: SearchBackend, query: SearchQuery, group: str, units: Iterable[str], last: bool = True,
    cells: Mapping[str, Mapping[str, int]] | None = None,
) -> dict[str, Mention]:  # fmt: skip
    """Each unit's first (and, with `last`, newest) article matching `query`; call it for units with matches only,
    so the work is bounded by the number of units (34 or 63), never by the number of matching articles. `cells`
    (the query's counts by unit and month, CrossCounts.cells) narrow each sort to the unit's first or last month."""
    out: dict[str, Mention] = {}
    for unit in units:
        scoped = narrowed(query, **{group: [unit]})
        months = sorted(m for m, n in (cells or {}).get(unit, {}).items() if n)
        oldest = one(backend, _within(scoped, months[0] if months else None), "oldest")
        newest = one(backend, _within(scoped, months[-1] if months else None), "newest") if last else None
        out[unit] = Mention(first=oldest, last=newest)
    return out
