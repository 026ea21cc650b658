"""GET /api/reports, /api/reports/latest, /api/reports/history (the crawl's run reports as JSON), and /nguon,
/nguon/{source} (the same as pages: last night's warnings, failing URLs, each source's last 30 runs)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from core.clock import VN_TZ
from search_api.deps import LabelsDep, ReportsDirDep
from search_api.history import HISTORY_RUNS, SourceHistory, source_histories
from search_api.render import render, templates
from search_api.reports import (
    PAGE_KINDS,
    RunReport,
    by_source,
    counters,
    error_kind_label,
    failures,
    limit_hits,
    load_reports,
)

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
    "sitemap_urls": "URL sitemap đã đọc",
    "retry_after": "Chờ theo Retry-After",
    "limit_header_bytes": "Tiêu đề HTTP quá dài (bỏ trang)",
    "limit_download_bytes": "Trang/tệp quá lớn (bỏ)",
    "limit_robots_bytes": "robots.txt quá lớn (chỉ đọc phần đầu)",
    "limit_sitemap_urls": "Đủ số URL sitemap của nguồn (ngừng đọc)",
    "limit_response_seconds": "Hết thời gian cho một URL (ngừng thử)",
    "limit_retry_after_seconds": "Retry-After quá dài (rút ngắn)",
    "truncated": "Bài có thể bị cắt",
}

# Scrapy's finish reasons and the run kinds, in Vietnamese; an unknown one shows as it is.
FINISH_REASONS = {
    "finished": "hoàn tất",
    "shutdown": "bị dừng giữa chừng",
    "cancelled": "bị hủy",
    "closespider_timeout": "dừng: hết thời gian cho phép",
    "closespider_itemcount": "dừng: đủ số bài cho phép",
    "closespider_pagecount": "dừng: đủ số trang cho phép",
    "closespider_errorcount": "dừng: quá nhiều lỗi",
    "memusage_exceeded": "dừng: hết bộ nhớ cho phép",
    "not started": "chưa chạy",
}
RUN_KINDS = {"crawl": "thu thập", "reprocess": "xử lý lại"}
RECENT_RUNS = 20


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


def finish_reason(value: Any) -> str:
    """ "finished" -> "hoàn tất"."""
    return FINISH_REASONS.get(str(value), str(value or "không rõ"))


templates.env.filters.update(vn_time=vn_time, finish_reason=finish_reason)
templates.env.globals.update(
    run_kind=lambda kind: RUN_KINDS.get(kind, kind), error_kind=error_kind_label, page_kind=PAGE_KINDS.get
)


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


@router.get("/api/reports/history", response_model=dict[str, SourceHistory])
def history(reports_dir: ReportsDirDep) -> dict[str, SourceHistory]:
    """Each source over the last 30 crawls, newest first: new, changed, seen, errors, yield against the median."""
    return source_histories(load_reports(reports_dir, 2 * HISTORY_RUNS))


def _flagged(run: RunReport) -> set[str]:
    return {w.partition(":")[0] for w in run.warnings}


@router.get("/nguon", response_class=HTMLResponse, include_in_schema=False)
def sources_page(request: Request, reports_dir: ReportsDirDep, labels: LabelsDep) -> HTMLResponse:
    """Nguồn: last night's warnings, the last crawl per source with its 30-run history, the failing URLs, the
    recent runs."""
    runs = load_reports(reports_dir, 2 * HISTORY_RUNS)
    latest = next((r for r in runs if r.kind == "crawl"), None)
    context: dict[str, Any] = {
        "runs": runs[:RECENT_RUNS], "latest": latest, "label": label, "counters": counters, "name": labels.source,
    }  # fmt: skip
    if latest is not None:
        context["columns"], context["rows"] = source_table(latest.report)
        context["flagged"] = _flagged(latest)
        context["failures"] = failures(latest.report)
        context["history"] = source_histories(runs)
        context["limits"] = limit_hits(latest.report)
    return render(request, "nguon.html", context)


@router.get("/nguon/{source_id}", response_class=HTMLResponse, include_in_schema=False)
def source_page(source_id: str, request: Request, reports_dir: ReportsDirDep, labels: LabelsDep) -> HTMLResponse:
    """One source over its last 30 crawls, and what failed in the newest one."""
    runs = load_reports(reports_dir, 2 * HISTORY_RUNS)
    found = source_histories(runs).get(source_id)
    latest = next((r for r in runs if r.kind == "crawl" and source_id in by_source(r.report)), None)
    if found is None or latest is None:
        text = f"Không có nguồn «{source_id}» trong {HISTORY_RUNS} lần thu thập gần nhất."
        return render(request, "message.html", {"title": "Không tìm thấy nguồn", "message": text}, status_code=404)
    context = {
        "sid": source_id, "name": labels.source(source_id), "h": found, "latest": latest,
        "failed": failures(latest.report).get(source_id), "warnings": [
            w for w in latest.warnings if w.partition(":")[0] == source_id
        ],
    }  # fmt: skip
    return render(request, "nguon_source.html", context)
