"""The article page's data: labels, source name, the archived copy's record and the near-duplicates elsewhere."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

from pydantic import BaseModel, Field

from cleaner.decode import decode_html
from core.article import Article
from core.facets import VN_TZ
from core.labels import Labels
from core.search import SearchBackend
from core.settings import Settings
from core.warc_index import ArchivedPage, RecordRef, open_for_reading, read_record

log = logging.getLogger(__name__)
MAX_DUPLICATES = 50
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
    """Where the archived copy of the original page is served, and when it was fetched."""

    fetched_at: datetime | None = Field(description="When the crawler fetched this copy (UTC).")
    href: str = Field(description="The copy, served sandboxed: its scripts never run.")


class DuplicateOut(BaseModel):
    """The same story republished on another page (near-duplicate body)."""

    id: str
    title: str
    url: str
    source: str | None
    source_name: str | None
    published: datetime | None
    href: str = Field(description="Its article page.")


class ArticleOut(Article):
    """A stored article with display labels, its archived copy and its near-duplicates."""

    province_label: str | None = None
    province_at_publication_label: str | None = None
    source_name: str | None = None
    href: str = Field("", description="This article's page.")
    archive: ArchiveOut | None = Field(None, description="Null when no copy of the original page is archived.")
    duplicates: list[DuplicateOut] = Field(default_factory=list, description="Other pages with the same story.")


def archive_ref(settings: Settings, article: Article) -> RecordRef | None:
    """The newest archived 200 response for the article's URL (an index lookup, no WARC read)."""
    index = open_for_reading(settings.warc_index_path)
    if index is None:
        return None
    try:
        return index.latest(article.canonical_url, article.url)
    except sqlite3.DatabaseError as exc:  # a damaged index: the article is still shown, without its copy
        log.warning("WARC index unreadable (the next crawl rebuilds it): %s", exc)
        return None
    finally:
        index.close()


def archived_html(settings: Settings, ref: RecordRef) -> tuple[str, ArchivedPage]:
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
    return [
        DuplicateOut(
            id=a.id, title=a.title, url=a.url, source=a.source_id, source_name=labels.source(a.source_id),
            published=a.published, href=f"/bai-viet/{a.id}",
        )
        for a in members
        if a.id != article.id
    ][:MAX_DUPLICATES]  # fmt: skip


def article_out(settings: Settings, backend: SearchBackend, article: Article, labels: Labels) -> ArticleOut:
    """Everything the JSON endpoint and the page show for one article."""
    ref = archive_ref(settings, article)
    return ArticleOut(
        **article.model_dump(),
        province_label=labels.province(article.province),
        province_at_publication_label=labels.province(article.province_at_publication),
        source_name=labels.source(article.source_id),
        href=f"/bai-viet/{article.id}",
        archive=ArchiveOut(fetched_at=ref.fetched_at, href=f"/bai-viet/{article.id}/ban-luu") if ref else None,
        duplicates=duplicates(backend, article, labels),
    )
