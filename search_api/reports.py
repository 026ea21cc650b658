"""Read the crawl's run reports (JSON files in a reports directory) and flag sources whose volume dropped.

The report model belongs to the crawler (crawler/report.py); this module reads the files as plain JSON so that
every counter the crawler adds shows up here without code changes: a counter is any number at the top level or
in a source's `by_source` entry.
"""

from __future__ import annotations

import json
import logging
import statistics
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 5_000_000  # a report is a few KB; anything bigger is not one of ours
# Volume-drop rule: a source that found fewer than RATIO × the median of its last WINDOW runs (when that median
# is at least MIN_BASELINE articles seen) is flagged; the portal may have changed its layout or blocked us.
VOLUME_DROP_RATIO = 0.5
VOLUME_WINDOW = 5
VOLUME_MIN_BASELINE = 10
SEEN_KEYS = ("articles", "skipped_known", "unchanged")  # articles a run saw, new or already known


class RunReport(BaseModel):
    """One report file: its name, kind (crawl, reprocess…), the report as written, and warnings."""

    name: str = Field(description='File name, e.g. "20261129T020000Z.json".')
    kind: str = Field(description='"crawl", or the suffix of the file name ("reprocess").')
    report: dict[str, Any] = Field(description="The report as the crawler wrote it (crawler/report.py).")
    warnings: list[str] = Field(default_factory=list, description="Volume drops and sources that found nothing.")


def _kind(path: Path) -> str:
    """`20261129T020000Z.json` -> crawl; `20261129T020000Z-reprocess.json` -> reprocess (`-2` retries are crawl)."""
    suffix = path.stem.partition("-")[2]
    return suffix if suffix and not suffix.isdigit() else "crawl"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError("file too large")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("unreadable run report %s: %s", path.name, exc)
        return None
    return data if isinstance(data, dict) else None


def load_reports(directory: Path, limit: int) -> list[RunReport]:
    """The newest `limit` readable reports, newest first (file names start with the run's UTC start time)."""
    try:
        files = sorted((p for p in directory.glob("*.json") if p.is_file()), key=lambda p: p.name, reverse=True)
    except OSError as exc:
        log.warning("cannot list run reports: %s", exc)
        return []
    out = []
    for path in files:
        data = _read(path)
        if data is not None:
            out.append(RunReport(name=path.name, kind=_kind(path), report=data))
        if len(out) >= limit + VOLUME_WINDOW:  # older runs are read only as the volume baseline
            break
    crawls = [r for r in out if r.kind == "crawl"]
    for i, run in enumerate(crawls):
        run.warnings = report_warnings(run.report, [r.report for r in crawls[i + 1 : i + 1 + VOLUME_WINDOW]])
    return out[:limit]


def counters(mapping: dict[str, Any]) -> dict[str, float]:
    """The numeric entries of a report (or of one source's entry), in the order written."""
    return {k: v for k, v in mapping.items() if isinstance(v, int | float) and not isinstance(v, bool)}


def by_source(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per-source counters: every configured source (`sources`) and every one with counts."""
    raw = report.get("by_source")
    raw = raw if isinstance(raw, dict) else {}
    names = [s for s in report.get("sources") or [] if isinstance(s, str)]
    names += [s for s in raw if s not in names]
    return {sid: counters(raw[sid]) if isinstance(raw.get(sid), dict) else {} for sid in names}


def seen(counts: dict[str, float]) -> float:
    """Articles a run saw from one source, new or already known."""
    return sum(counts.get(key, 0) for key in SEEN_KEYS)


def report_warnings(report: dict[str, Any], previous: list[dict[str, Any]]) -> list[str]:
    """Vietnamese warnings for one crawl: sources that found no article, and sources whose volume dropped
    against the median of the previous runs; then any warnings the crawler wrote itself."""
    out = []
    before = [by_source(p) for p in previous]
    for sid, counts in by_source(report).items():
        now = seen(counts)
        history = [seen(b[sid]) for b in before if sid in b]
        baseline = statistics.median(history) if history else 0
        if baseline >= VOLUME_MIN_BASELINE and now < VOLUME_DROP_RATIO * baseline:
            out.append(
                f"{sid}: lượng bài giảm mạnh — {now:g} bài lần này so với trung vị {baseline:g} "
                f"của {len(history)} lần trước"
            )
        elif now == 0:
            out.append(f"{sid}: không tìm thấy bài nào (cổng có thể ngừng hoạt động hoặc đã đổi giao diện)")
    damaged = report.get("damaged")  # crawler/report.py: damaged data the run skipped (issue 17)
    if isinstance(damaged, list) and damaged:
        shown = ", ".join(str(d) for d in damaged[:5]) + (" …" if len(damaged) > 5 else "")
        out.append(f"bỏ qua {len(damaged)} phần dữ liệu bị hỏng: {shown}")
    written = report.get("warnings")
    if isinstance(written, list):
        out += [str(w) for w in written]
    return out
