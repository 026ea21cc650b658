"""GET /api/reports, /api/reports/latest (the crawl's run reports as JSON) and /nguon (the same, as a page)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from core.facets import VN_TZ
from search_api.deps import ReportsDirDep
from search_api.render import render, templates
from search_api.reports import RunReport, by_source, counters, load_reports

router = APIRouter(tags=["reports"])
# Vietnamese labels for the counters the crawler writes today; a counter it adds later shows under its own name.
LABELS: dict[str, str] = {
    "duration_s": "Thời gian (giây)",
    "pages_fetched": "Trang đã tải",
    "pages": "Trang đã tải",
    "article_pages": "Trang bài viết",
    "articles_indexed": "Bài đã lập chỉ mục",
    "articles": "Bài mới hoặc đã đổi",
    "new": "Bài mới",
    "changed": "Bài đã đổi",
    "not_articles": "Không phải bài viết",
    "extract_errors": "Lỗi trích xuất",
    "http_errors": "Lỗi HTTP",
    "fetch_errors": "Lỗi kết nối",
    "errors": "Lỗi",
    "not_modified": "Không đổi (304)",
    "unchanged": "Không đổi nội dung",
    "skipped_known": "Bài đã biết, bỏ qua",
    "robots_forbidden": "Bị robots.txt chặn",
    "not_html": "Không phải HTML",
    "index_failed": "Lập chỉ mục thất bại",
    "spooled": "Chờ lần sau",
    "pages_per_second": "Trang/giây",
    "refused_offsite": "Từ chối: ngoài trang",
    "refused_private": "Từ chối: địa chỉ nội bộ",
    "refused_too_large": "Từ chối: quá lớn",
    "offsite": "Từ chối: ngoài trang",
    "private": "Từ chối: địa chỉ nội bộ",
    "too_large": "Từ chối: quá lớn",
    "trap": "Bẫy lịch/bộ lọc",
    "trap_urls": "Bẫy lịch/bộ lọc",
    "depth_capped": "Quá độ sâu",
    "page_capped": "Quá giới hạn trang",
    "canonical_ignored": "Bỏ qua canonical sai",
    "robots_sitemaps": "Sitemap từ robots.txt",
    "reconciled": "Tải lại sau sự cố",
    "truncated": "Bài có thể bị cắt",
}


def label(key: str) -> str:
    """The Vietnamese label of a counter, or the counter's own name."""
    return LABELS.get(key, key.replace("_", " "))


def vn_time(value: Any) -> str:
    """ "2026-11-26T19:00:00Z" -> "27/11/2026 02:00" (Vietnam time); anything else as it is."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") if moment.tzinfo else str(value)


templates.env.filters["vn_time"] = vn_time


@router.get("/api/reports", response_model=list[RunReport])
def list_reports(
    reports_dir: ReportsDirDep, limit: Annotated[int, Query(ge=1, le=200, description="How many runs.")] = 20
) -> list[RunReport]:
    """The newest run reports (crawl and reprocess), newest first, each with its warnings."""
    return load_reports(reports_dir, limit)


@router.get("/api/reports/latest", response_model=RunReport, responses={404: {"description": "No crawl yet."}})
def latest_report(reports_dir: ReportsDirDep) -> RunReport:
    """The newest crawl's report, with volume-drop warnings against the runs before it."""
    latest = _latest_crawl(reports_dir)
    if latest is None:
        raise HTTPException(status_code=404, detail="Chưa có báo cáo thu thập nào.")
    return latest


def _latest_crawl(reports_dir: Path) -> RunReport | None:
    return next((r for r in load_reports(reports_dir, 50) if r.kind == "crawl"), None)


def source_table(report: dict[str, Any]) -> tuple[list[str], list[tuple[str, dict[str, float]]]]:
    """Columns (every counter any source has, in first-seen order) and one row per source."""
    rows = list(by_source(report).items())
    columns: list[str] = []
    for _sid, counts in rows:
        columns += [k for k in counts if k not in columns]
    return columns, rows


@router.get("/nguon", response_class=HTMLResponse, include_in_schema=False)
def sources_page(request: Request, reports_dir: ReportsDirDep) -> HTMLResponse:
    """Nguồn: the last crawl per source (every counter, warnings), then the recent runs."""
    runs = load_reports(reports_dir, 20)
    latest = next((r for r in runs if r.kind == "crawl"), None)
    context: dict[str, Any] = {"runs": runs, "latest": latest, "label": label, "counters": counters}
    if latest is not None:
        context["columns"], context["rows"] = source_table(latest.report)
        flagged = {w.partition(":")[0] for w in latest.warnings}
        context["flagged"] = flagged
    return render(request, "nguon.html", context)
