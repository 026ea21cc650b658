"""The article page's data: labels, source name, its archived captures, its citation and the near-duplicates."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from archive.index import RecordRef, newest_copy, read_record
from archive.reader import ArchivedResponse
from cleaner.decode import decode_html
from core.article import Article
from core.clock import VN_TZ
from core.labels import Labels
from core.search import SearchBackend
from core.settings import Settings
from search_api.captures import CaptureOut, article_captures, capture_out
from search_api.citation import Citation, cite
from search_api.reposts import MAX_MEMBERS, portal

log = logging.getLogger(__name__)
MAX_DUPLICATES = MAX_MEMBERS  # a group's members listed on the page
SHOWN_DUPLICATES = 10  # listed at once on the page; the rest behind "xem thêm"
NOT_FOUND = "Không tìm thấy bài viết này (mã {id}). Có thể bài đã bị xóa khỏi chỉ mục."
NO_COPY = "Chưa có bản lưu của trang này: trình thu thập chưa lưu trang gốc của bài viết."
BROKEN_COPY = "Bản lưu của trang này bị hỏng, không đọc được. Hãy báo cho quản trị viên."
# The archived page runs nothing and loads nothing: no script, no frame, no request to the portal or elsewhere.
ARCHIVE_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, max-age=3600",
}


def local_time(value: datetime | None) -> str | None:
    """dd/mm/yyyy HH:MM in Vietnam time."""
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") if value else None


class ArchiveOut(BaseModel):
    """The newest archived copy of the original page (HTTP 200), addressed by its capture time."""

    fetched_at: datetime | None = Field(description="When the crawler fetched this copy (UTC).")
    href: str = Field(description="The copy under a govnews banner, at /bai-viet/{id}/ban-luu/{yyyymmddhhmmss}.")
    raw_href: str = Field(description="The copy alone, served sandboxed: its scripts never run.")


class DuplicateOut(BaseModel):
    """The same story republished on another page (near-duplicate body)."""

    id: str
    title: str
    url: str
    source: str | None
    source_name: str | None
    published: datetime | None
    href: str = Field(description="Its article page.")
    same_portal: bool = Field(description="On the same portal as this article (same source, else same host).")


class ArticleOut(Article):
    """A stored article with display labels, its archived copy and its near-duplicates."""

    province_label: str | None = None
    province_at_publication_label: str | None = None
    source_name: str | None = None
    href: str = Field("", description="This article's page.")
    archive: ArchiveOut | None = Field(None, description="Null when no copy of the original page is archived.")
    captures: list[CaptureOut] = Field(default_factory=list, description="Every archived fetch, newest first.")
    citation: Citation | None = Field(None, description="How to cite the article (and its newest copy).")
    duplicates: list[DuplicateOut] = Field(default_factory=list, description="Other pages with the same story.")


def archived_html(settings: Settings, ref: RecordRef) -> tuple[str, ArchivedResponse]:
    """The archived page decoded to text (charset from its headers or markup; bad bytes replaced, never raised)."""
    page = read_record(settings.archive_dir, ref)
    charset = None
    content_type = page.headers.get("content-type", "")
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
    return decode_html(page.body, http_charset=charset), page


def duplicates(backend: SearchBackend, article: Article, labels: Labels) -> list[DuplicateOut]:
    """The other members of the article's near-duplicate group, oldest first."""
    members = backend.group(article.dup_group or article.id, limit=MAX_DUPLICATES + 1)
    here = portal(article.source_id, article.url)
    return [
        DuplicateOut(
            id=a.id, title=a.title, url=a.url, source=a.source_id, source_name=labels.source(a.source_id),
            published=a.published, href=f"/bai-viet/{a.id}", same_portal=portal(a.source_id, a.url) == here,
        )
        for a in members
        if a.id != article.id
    ][:MAX_DUPLICATES]  # fmt: skip


def unit_name(article: Article, labels: Labels) -> str | None:
    """The unit at publication, with today's unit when a merger changed it: "Bắc Giang (nay Bắc Ninh)"."""
    now = labels.province(article.province)
    then = labels.province(article.province_at_publication)
    if then and then != now:
        return f"{then} (nay {now})" if now else then
    return now


def article_out(settings: Settings, backend: SearchBackend, article: Article, labels: Labels) -> ArticleOut:
    """Everything the JSON endpoint and the page show for one article."""
    captures = article_captures(settings, article)
    newest = newest_copy(captures)
    shown = capture_out(article.id, newest) if newest else None
    href = f"/bai-viet/{article.id}"
    portal = labels.source(article.source_id) or urlsplit(article.url).hostname or article.url
    return ArticleOut(
        **article.model_dump(),
        province_label=labels.province(article.province),
        province_at_publication_label=labels.province(article.province_at_publication),
        source_name=labels.source(article.source_id),
        href=href,
        archive=ArchiveOut(fetched_at=shown.fetched_at, href=shown.href, raw_href=shown.raw_href) if shown else None,
        captures=[capture_out(article.id, ref) for ref in captures],
        citation=cite(
            article_id=article.id, title=article.title, unit=unit_name(article, labels), portal=portal,
            published=article.published, url=article.url, captured=shown.fetched_at if shown else None,
            govnews_url=settings.public_base_url + href,
            archive_url=settings.public_base_url + shown.href if shown else None,
        ),
        duplicates=duplicates(backend, article, labels),
    )
