"""Coverage table for one query: matches per province per month (how a directive is taken up, place by place)."""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel, Field

from core.search import SearchBackend
from search_api.labels import province_label
from search_api.params import SearchParams
from search_api.service import run_search

MAX_PROVINCES = 200  # 34 current units plus the 63 former ones, with room to spare


class CoverageRow(BaseModel):
    """One province: its total and its count in each month (months with none are left out)."""

    province: str
    label: str
    total: int
    counts: dict[str, int] = Field(description="YYYY-MM -> matches that month.")


class Coverage(BaseModel):
    """Matches of a query by province (rows, most covered first) and month (columns, oldest first)."""

    total: int
    undated: int = Field(description="Matches without a publication date (in no month column).")
    no_province: int = Field(description="Matches without a province (in no row).")
    months: list[str]
    rows: list[CoverageRow]


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


def coverage(backend: SearchBackend, params: SearchParams) -> Coverage:
    """One search for the province list, then one month-facet search per province (selected ones only, if any)."""
    base = run_search(
        backend, params, facets=("province", "month"), size=0, page=1, cursor=None, facet_size=MAX_PROVINCES,
        collapse=False,  # counts are of articles
    )
    buckets = [b for b in base.facets.get("province", []) if not params.province or b.value in params.province]
    rows = []
    for bucket in buckets:
        one = params.model_copy(update={"province": [bucket.value]})
        result = run_search(backend, one, facets=("month",), size=0, page=1, cursor=None, collapse=False)
        counts = {b.value: b.count for b in result.facets.get("month", [])}
        rows.append(CoverageRow(province=bucket.value, label=bucket.label, total=result.total, counts=counts))
    months = month_span({m for row in rows for m in row.counts})
    dated = sum(b.count for b in base.facets.get("month", []))
    placed = sum(row.total for row in rows)
    return Coverage(
        total=base.total,
        undated=max(0, base.total - dated),
        no_province=max(0, base.total - placed),
        months=months,
        rows=rows,
    )


def to_csv(table: Coverage) -> str:
    """The table as CSV (UTF-8 BOM added by the caller): province, label, total, then one column per month."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["province", "province_label", "total", *table.months])
    for row in table.rows:
        writer.writerow([row.province, province_label(row.province) or row.label, row.total,
                         *(row.counts.get(m, 0) for m in table.months)])  # fmt: skip
    return buf.getvalue()
