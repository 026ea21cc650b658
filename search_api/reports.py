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
# A failed start page, listing, feed or sitemap is always worth a warning: a portal that is gone, moved or blocks
# us shows it there first, even while its sitemap (or the crawl state) still lists known articles. Failed article
# pages warn from ARTICLE_FAILURES_MIN on (a few dead links are ordinary).
NAVIGATION_PAGES = ("start", "listing", "feed", "sitemap")
ARTICLE_FAILURES_MIN = 10
ERROR_KINDS = {
    "connection_refused": "từ chối kết nối",
    "timeout": "quá thời gian chờ",
    "dns": "không tìm thấy tên miền (DNS)",
    "tls": "lỗi TLS/SSL",
    "connection_lost": "mất kết nối giữa chừng",
    "connection_failed": "không kết nối được",
    "unreachable": "không có đường tới máy chủ",
    "http_4xx": "lỗi HTTP 4xx (trang không còn, bị chặn…)",
    "http_5xx": "lỗi HTTP 5xx (máy chủ của cổng lỗi)",
    "other": "lỗi khác",
}
PAGE_KINDS = {
    "start": "trang bắt đầu",
    "listing": "trang chuyên mục",
    "feed": "RSS",
    "sitemap": "sitemap",
    "article": "trang bài viết",
    "page": "trang tìm thấy khi dò",
}
LIMIT_PREFIX = "limit_"  # a source's counter of a cap met (crawler/caps.py writes "limit_header_bytes")


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


def limit_hits(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Caps met per source ({source: {cap name: count}}), only sources that met one, for the Nguồn page."""
    out: dict[str, dict[str, float]] = {}
    for sid, counts in by_source(report).items():
        hits = {k.removeprefix(LIMIT_PREFIX): v for k, v in counts.items() if k.startswith(LIMIT_PREFIX) and v}
        if hits:
            out[sid] = hits
    return out


def seen(counts: dict[str, float]) -> float:
    """Articles a run saw from one source, new or already known."""
    return sum(counts.get(key, 0) for key in SEEN_KEYS)


def error_kind_label(kind: str) -> str:
    """ "connection_refused" -> "từ chối kết nối"; an unknown kind as it is."""
    return ERROR_KINDS.get(kind, kind.replace("_", " "))


def _counts(value: Any) -> dict[str, float]:
    return counters(value) if isinstance(value, dict) else {}


def _failed_url(entry: dict[str, Any]) -> dict[str, Any]:
    """One failing URL with every field the page reads, whatever a hand-edited report holds."""
    status = entry.get("status")
    return {
        "url": entry["url"],
        "page": str(entry.get("page") or "?"),
        "kind": str(entry.get("kind") or "other"),
        "status": status if isinstance(status, int) and not isinstance(status, bool) else None,
        "message": str(entry.get("message") or ""),
    }


def failures(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per-source failed fetches (the crawler's `failures`: count, kinds, pages, urls, urls_dropped)."""
    raw = report.get("failures")
    if not isinstance(raw, dict):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for sid, entry in raw.items():
        if isinstance(entry, dict):
            listed = entry.get("urls")
            raw_urls: list[Any] = listed if isinstance(listed, list) else []
            urls = [_failed_url(u) for u in raw_urls if isinstance(u, dict) and isinstance(u.get("url"), str)]
            out[str(sid)] = {
                "count": entry.get("count") if isinstance(entry.get("count"), int) else len(urls),
                "kinds": _counts(entry.get("kinds")),
                "pages": _counts(entry.get("pages")),
                "urls": urls,
                "urls_dropped": entry.get("urls_dropped") if isinstance(entry.get("urls_dropped"), int) else 0,
            }
    return out


def failing(entry: dict[str, Any] | None) -> bool:
    """Whether a source's failures of one run are worth a warning (NAVIGATION_PAGES, ARTICLE_FAILURES_MIN)."""
    if entry is None:
        return False
    pages = entry["pages"]
    return bool(sum(pages.get(p, 0) for p in NAVIGATION_PAGES)) or pages.get("article", 0) >= ARTICLE_FAILURES_MIN


def failure_warning(sid: str, entry: dict[str, Any], earlier: list[dict[str, Any] | None]) -> str | None:
    """ "tandan-dienbien: 5 trang bắt đầu/chuyên mục/RSS/sitemap không tải được (từ chối kết nối: 5) — lỗi mới từ
    lần này…", or None. `earlier`: the source's failures in the previous crawls, newest first (the streak)."""
    if not failing(entry):
        return None
    pages = entry["pages"]
    navigation = int(sum(pages.get(p, 0) for p in NAVIGATION_PAGES))
    articles = int(pages.get("article", 0))
    kinds = ", ".join(f"{error_kind_label(k)}: {n:g}" for k, n in sorted(entry["kinds"].items(), key=lambda kv: -kv[1]))
    what = f"{navigation} trang bắt đầu/chuyên mục/RSS/sitemap" if navigation else f"{articles} trang bài viết"
    streak = next((n for n, e in enumerate(earlier) if not failing(e)), len(earlier))
    since = "lỗi mới từ lần này" if streak == 0 else f"đã lỗi {streak + 1} lần liên tiếp"
    return (
        f"{sid}: {what} không tải được ({kinds}) — {since}; cổng có thể đã ngừng hoạt động, đổi địa chỉ "
        "hoặc chặn govnews"
    )


def report_warnings(report: dict[str, Any], previous: list[dict[str, Any]]) -> list[str]:
    """Vietnamese warnings for one crawl: sources that found no article, sources whose volume dropped against the
    median of the previous runs, sources whose start pages, listings, feeds or sitemaps failed (failure_warning);
    then any warnings the crawler wrote itself."""
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
    failed_before = [failures(p) for p in previous]
    for sid, entry in failures(report).items():
        if (warning := failure_warning(sid, entry, [f.get(sid) for f in failed_before])) is not None:
            out.append(warning)
    drift = report.get("drift")  # crawler/templates.py: the portal changed; the next run crawls it by discovery
    if isinstance(drift, dict):
        out += [f"{sid}: cổng có vẻ đã thay đổi ({why}); lần thu thập sau sẽ dò lại toàn bộ cổng"
                for sid, why in sorted(drift.items())]
    damaged = report.get("damaged")  # crawler/report.py: damaged data the run skipped (issue 17)
    if isinstance(damaged, list) and damaged:
        shown = ", ".join(str(d) for d in damaged[:5]) + (" …" if len(damaged) > 5 else "")
        out.append(f"bỏ qua {len(damaged)} phần dữ liệu bị hỏng: {shown}")
    written = report.get("warnings")
    if isinstance(written, list):
        out += [str(w) for w in written]
    return out
