"""An article's archived captures, each addressed by its capture time: /bai-viet/{id}/ban-luu/{yyyymmddhhmmss}."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from archive.index import RecordRef, open_for_reading
from core.article import Article
from core.settings import Settings

log = logging.getLogger(__name__)

STAMP_FORMAT = "%Y%m%d%H%M%S"  # UTC, to the second, as WARC-Date records it (the Wayback Machine's form)
STAMP_LENGTH = 14
NOT_A_COPY = frozenset({304})  # a "not modified" answer has no body: the capture before it stands

# What the portal answered, in Vietnamese (the banner of a copy and the list of captures say it).
STATUS_TEXT = {
    200: "200 — trang trả về bình thường",
    203: "203 — nội dung qua trung gian",
    404: "404 — trang không còn",
    410: "410 — trang đã bị gỡ",
    403: "403 — bị từ chối truy cập",
    500: "500 — lỗi máy chủ của cổng",
    502: "502 — lỗi cổng trung gian",
    503: "503 — cổng tạm ngừng phục vụ",
}


def status_text(status: int) -> str:
    """ "404 — trang không còn"; a status the table lacks as "HTTP 418"."""
    return STATUS_TEXT.get(status, f"HTTP {status}")


class CaptureOut(BaseModel):
    """One archived fetch of the article's page."""

    fetched_at: datetime | None = Field(description="When the crawler fetched it (UTC).")
    status: int = Field(description="The HTTP status the portal answered.")
    stamp: str = Field(description="The capture time as yyyymmddhhmmss (UTC): the copy's address.")
    href: str = Field(description="The copy under a govnews banner (capture time, original URL, status).")
    raw_href: str = Field(description="The copy alone, sandboxed (for a frame).")


def capture_stamp(when: datetime) -> str:
    """2026-01-02 08:30 +07:00 -> "20260102013000" (UTC)."""
    return when.astimezone(UTC).strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> datetime | None:
    """ "20260102013000" -> 2026-01-02 01:30:00 UTC; None for anything that is not 14 digits of a real time."""
    if len(text) != STAMP_LENGTH or not text.isdigit():
        return None
    try:
        return datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def capture_href(article_id: str, when: datetime | None) -> str:
    """The capture's banner page; the unversioned address (newest copy) when its time is unknown."""
    base = f"/bai-viet/{article_id}/ban-luu"
    return f"{base}/{capture_stamp(when)}" if when else base


def capture_out(article_id: str, ref: RecordRef) -> CaptureOut:
    """One capture as the API and the page show it."""
    href = capture_href(article_id, ref.fetched_at)
    stamp = capture_stamp(ref.fetched_at) if ref.fetched_at else ""
    return CaptureOut(
        fetched_at=ref.fetched_at, status=ref.status, stamp=stamp, href=href, raw_href=f"{href}/trang-goc"
    )


def article_captures(settings: Settings, article: Article) -> list[RecordRef]:
    """Every archived fetch of the article's URL that has a body, newest first (an index lookup, no WARC read)."""
    index = open_for_reading(settings.warc_index_path)
    if index is None:
        return []
    try:
        return [r for r in index.captures(article.canonical_url, article.url) if r.status not in NOT_A_COPY]
    except sqlite3.DatabaseError as exc:  # a damaged index: the article is still shown, without its copies
        log.warning("WARC index unreadable (the next crawl rebuilds it): %s", exc)
        return []
    finally:
        index.close()
