"""Coverage for one query: matches per unit (every unit, zeros too) per month, quarter or year, with each cell's
share of all that unit published in that period, from two aggregation queries (the query's, and everything's)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from core.collate import vi_key
from core.labels import Labels
from core.search import CrossCounts, SearchBackend, SearchQuery
from search_api.mentions import mentions
from search_api.resolve import Notice, Resolved

Group = Literal["province", "province_at_publication"]
Period = Literal["month", "quarter", "year"]
Heat = Literal["count", "share"]
Order = Literal["name", "total"]
WIDE_MONTHS = 36  # a month view wider than this offers the quarter and year views
HEAT_LEVELS = 5  # CSS classes heat-0 (none) .. heat-5 (the table's highest count or share)
GROUP_TITLES: dict[str, str] = {
    "province": "Tỉnh/thành hiện nay (34)",
    "province_at_publication": "Tỉnh/thành khi đăng (63)",
}
PERIOD_TITLES: dict[str, str] = {"month": "Tháng", "quarter": "Quý", "year": "Năm"}
HEAT_TITLES: dict[str, str] = {"count": "số bài khớp", "share": "tỉ lệ trên mọi bài"}
ORDER_TITLES: dict[str, str] = {"name": "theo tên (A–Z)", "total": "theo số bài khớp"}


class Cell(BaseModel):
    """One unit in one period."""

    count: int = Field(description="Matches of the query.")
    all: int = Field(description="All articles of this unit in this period.")
    share: float | None = Field(description="count / all (null when the unit published nothing then).")
    heat: int = Field(description=f"0..{HEAT_LEVELS}: the count (or share) against the table's highest one.")
    href: str | None = Field(description="The page's search for this unit and period (null for an empty cell).")

    @property
    def crawled(self) -> bool:
        """Whether any article of this unit in this period was crawled: a 0 then means "none of N", else "no data"."""
        return self.all > 0


class Row(BaseModel):
    """One unit: its cells in period order, its total and its share over all periods."""

    unit: str
    label: str
    total: int
    all: int
    share: float | None
    first: date | None = Field(default=None, description="Day of the unit's first match (search_api.mentions).")
    first_href: str | None = Field(default=None, description="That first article's page.")
    cells: list[Cell]


class Coverage(BaseModel):
    """Matches of a query by unit (rows: every unit) and period (columns, oldest first)."""

    group: Group
    period: Period
    heat: Heat = Field(description="What the cells' heat measures: the count of matches, or their share.")
    order: Order = Field(description="Row order: by name in Vietnamese collation, or by matches (then by name).")
    total: int = Field(description="All matches of the query.")
    undated: int = Field(description="Matches without a publication date (in no column).")
    no_unit: int = Field(description="Matches without a unit (in no row).")
    periods: list[str] = Field(description='"2024-03", "2024-Q1" or "2024", oldest first, gaps included.')
    rows: list[Row]
    warnings: list[Notice] = Field(default_factory=list)


def period_of(month: str, period: Period) -> str:
    """ "2024-05" -> "2024-05", "2024-Q2" or "2024"."""
    if period == "month":
        return month
    year, mm = month.split("-")
    return year if period == "year" else f"{year}-Q{(int(mm) - 1) // 3 + 1}"


def month_span(months: set[str]) -> list[str]:
    """Every month from the first to the last given one, so gaps show as zero columns."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = (int(p) for p in first.split("-"))
    out = []
    while (current := f"{year:04d}-{month:02d}") <= last:
        out.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def units(labels: Labels, group: Group, found: CrossCounts) -> list[tuple[str, str]]:
    """Every unit of the grouping (34 current or 63 former), then any other value the index holds."""
    units = labels.provinces.current if group == "province" else labels.provinces.former
    listed = [(u.code, u.name) for u in units]
    codes = {code for code, _ in listed}
    return listed + [(v, labels.province(v) or v) for v in sorted(found.row_totals) if v not in codes]


def _denominator_months(
    held: list[str], by_period: dict[str, list[str]], period: Period, first: date | None, last: date | None
) -> dict[str, list[str]]:
    """Each column's months for its denominator: the whole period (a year column counts all of that year's articles,
    not only the months after the first match), within the query's date range."""
    low, high = (f"{first:%Y-%m}" if first else ""), (f"{last:%Y-%m}" if last else "9999-99")
    out: dict[str, list[str]] = {name: [] for name in by_period}
    for month in held:
        name = period_of(month, period)
        if name in out and low <= month <= high:
            out[name].append(month)
    return out


def _by_column(counts: dict[str, int], column_of: dict[str, str]) -> dict[str, int]:
    """A unit's counts by month summed into the columns their months belong to (months in no column left out)."""
    out: dict[str, int] = {}
    for month, n in counts.items():
        if (name := column_of.get(month)) is not None:
            out[name] = out.get(name, 0) + n
    return out


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def coverage(
    backend: SearchBackend,
    resolved: Resolved,
    labels: Labels,
    group: Group,
    period: Period,
    heat: Heat = "count",
    order: Order = "name",
) -> Coverage:
    """The table: one cross-count aggregation for the query, one for all articles (the shares' denominators), and
    one size-1 query per unit with matches for its first match's day (the document page's first mention)."""
    found = backend.cross_counts(resolved.query, group, "month")
    everything = backend.cross_counts(SearchQuery(facets=()), group, "month")
    months = set(found.column_totals)
    held = sorted(everything.column_totals)  # a bound far outside the index (year 277) must not add empty columns
    end = resolved.query.date_to  # the columns start where the matches start; only the range's end extends them
    if end and months and held and max(months) < f"{end:%Y-%m}" <= held[-1]:
        months.add(f"{end:%Y-%m}")
    by_period: dict[str, list[str]] = {}
    for month in month_span(months):
        by_period.setdefault(period_of(month, period), []).append(month)
    base_months = _denominator_months(held, by_period, period, resolved.query.date_from, resolved.query.date_to)
    params = resolved.params
    shared = urlencode(params.pairs(**{group: [], "page": 1, "cursor": None, "month": [], "year": []}))
    column_of = {month: name for name, in_period in by_period.items() for month in in_period}
    base_column_of = {month: name for name, in_period in base_months.items() for month in in_period}
    when = {name: urlencode([("year", name)] if period == "year" else [("month", m) for m in in_period])
            for name, in_period in by_period.items()}  # fmt: skip
    rows: list[dict[str, Any]] = []  # thousands of cells: plain dicts, validated in one call at the end
    for unit, label in units(labels, group, found):
        got = _by_column(found.cells.get(unit, {}), column_of)
        base = _by_column(everything.cells.get(unit, {}), base_column_of)
        link = "/?" + "&".join(p for p in (shared, urlencode([(group, unit)])) if p)
        cells = []
        for name in by_period:
            count, total = got.get(name, 0), base.get(name, 0)
            href = f"{link}&{when[name]}" if count else None
            cells.append({"count": count, "all": total, "share": _share(count, total), "heat": 0, "href": href})
        count, total = found.row_totals.get(unit, 0), everything.row_totals.get(unit, 0)
        rows.append({"unit": unit, "label": label, "total": count, "all": total, "share": _share(count, total),
                     "cells": cells})  # fmt: skip
    _heat(rows, heat)
    firsts = mentions(backend, resolved.query, group, [r["unit"] for r in rows if r["total"]], False, found.cells)
    for row in rows:
        if (first := firsts[row["unit"]].first if row["unit"] in firsts else None) is not None:
            row["first"], row["first_href"] = first.day, first.href
    rows.sort(key=lambda r: vi_key(r["label"]))
    if order == "total":
        rows.sort(key=lambda r: -r["total"])  # stable: ties stay in name order
    return Coverage.model_validate({
        "group": group,
        "period": period,
        "heat": heat,
        "order": order,
        "total": found.total,
        "undated": max(0, found.total - sum(found.column_totals.values())),
        "no_unit": max(0, found.total - sum(found.row_totals.values())),
        "periods": list(by_period),
        "rows": rows,
        "warnings": resolved.notices,
    })  # fmt: skip


def _heat(rows: list[dict[str, Any]], basis: Heat) -> None:
    """Each non-empty cell's level 1..HEAT_LEVELS against the table's highest count (or share)."""
    key = "count" if basis == "count" else "share"
    top = max((float(c[key] or 0.0) for r in rows for c in r["cells"] if c["count"]), default=0.0)
    if not top:
        return
    for row in rows:
        for cell in row["cells"]:
            if cell["count"]:
                cell["heat"] = max(1, round(float(cell[key] or 0.0) / top * HEAT_LEVELS))


def to_csv(table: Coverage) -> str:
    """The table as CSV (UTF-8 BOM added by the caller): unit, label, totals, counts per period, shares per period."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    shares = [f"{p} share" for p in table.periods]
    header = [table.group, f"{table.group}_label", "total", "all_articles", "first_mention", *table.periods, *shares]
    writer.writerow(header)
    for row in table.rows:
        ratios = ["" if c.share is None else f"{c.share:.4f}" for c in row.cells]
        first = row.first.isoformat() if row.first else ""
        writer.writerow([row.unit, row.label, row.total, row.all, first, *(c.count for c in row.cells), *ratios])
    return buf.getvalue()

