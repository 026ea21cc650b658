"""Each source over its last 30 crawls: articles new and changed, errors, and the yield against the median."""

from __future__ import annotations

import statistics
from typing import Any

from pydantic import BaseModel, Field

from search_api.reports import VOLUME_DROP_RATIO, RunReport, by_source, failures, seen

HISTORY_RUNS = 30
# A run's yield against the median of the window, in bands (the page colours a run's cell by its band).
DIP_RATIO = 0.9  # below it a run is a dip; below VOLUME_DROP_RATIO (the volume-drop warning's) it is low


class RunPoint(BaseModel):
    """One source in one crawl."""

    name: str = Field(description="The run's report file.")
    started: str | None
    new: int = Field(description="Articles extracted that were not known before.")
    changed: int = Field(description="Known articles whose page changed and was extracted again.")
    seen: float = Field(description="Articles the run saw, new or already known (the yield).")
    errors: int = Field(description="Failed fetches.")
    error_kinds: dict[str, float] = Field(default_factory=dict)
    ratio: float | None = Field(description="seen / the median of the window; null when the median is 0.")
    band: str = Field(description='"none" (0), "low" (< 50 %), "dip" (< 90 %) or "ok".')


class SourceHistory(BaseModel):
    """One source's last runs, newest first, and the window's median yield."""

    source: str
    median_seen: float
    runs: list[RunPoint]


def band(ratio: float | None, value: float) -> str:
    """The yield band of one run: none (nothing seen), low, dip or ok against the median."""
    if value == 0:
        return "none"
    if ratio is None:
        return "ok"
    return "low" if ratio < VOLUME_DROP_RATIO else "dip" if ratio < DIP_RATIO else "ok"


def _point(run: RunReport, counts: dict[str, float], failed: dict[str, Any] | None, median: float) -> RunPoint:
    articles, changed = int(counts.get("articles", 0)), int(counts.get("changed", 0))
    value = seen(counts)
    ratio = value / median if median else None
    started = run.report.get("started")
    return RunPoint(
        name=run.name, started=str(started) if started else None, new=max(articles - changed, 0), changed=changed,
        seen=value, errors=int(counts.get("errors", 0)), error_kinds=failed["kinds"] if failed else {},
        ratio=round(ratio, 3) if ratio is not None else None, band=band(ratio, value),
    )  # fmt: skip


def source_histories(reports: list[RunReport]) -> dict[str, SourceHistory]:
    """Every source of the newest HISTORY_RUNS crawls (reprocess runs are not crawls), newest run first."""
    crawls = [r for r in reports if r.kind == "crawl"][:HISTORY_RUNS]
    tables = [(run, by_source(run.report), failures(run.report)) for run in crawls]
    sources: list[str] = []
    for _run, counts, _failed in tables:
        sources += [sid for sid in counts if sid not in sources]
    out = {}
    for sid in sources:
        present = [(run, counts[sid], failed.get(sid)) for run, counts, failed in tables if sid in counts]
        median = float(statistics.median(seen(c) for _r, c, _f in present)) if present else 0.0
        out[sid] = SourceHistory(
            source=sid, median_seen=median, runs=[_point(run, c, f, median) for run, c, f in present]
        )
    return out
