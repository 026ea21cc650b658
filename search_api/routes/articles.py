"""One article: GET /api/articles/{id} (JSON), /bai-viet/{id} (its page) and /bai-viet/{id}/ban-luu (archived copy)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from core.article import Article
from core.search import BackendUnavailable
from core.warc_index import ArchiveUnreadable
from search_api.article_view import (
    ARCHIVE_HEADERS,
    BROKEN_COPY,
    NO_COPY,
    ArticleOut,
    archive_ref,
    archived_html,
    article_out,
    local_time,
)
from search_api.deps import BackendDep, LabelsDep, SettingsDep
from search_api.errors import public_reason, remember
from search_api.render import render
from search_api.schemas import ErrorOut

log = logging.getLogger(__name__)
router = APIRouter(tags=["articles"])
NOT_FOUND = "Không tìm thấy bài viết này (mã {id}). Có thể bài đã bị xóa khỏi chỉ mục."


@router.get("/api/articles/{article_id}", response_model=ArticleOut, responses={404: {"model": ErrorOut}})
def get_article(article_id: str, backend: BackendDep, settings: SettingsDep, labels: LabelsDep) -> ArticleOut:
    """The article with this id (the id in search hits), its archived copy and near-duplicates, or 404."""
    article = backend.get(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"Không có bài viết nào mã {article_id!r}")
    return article_out(settings, backend, article, labels)


def _message(request: Request, title: str, text: str, status: int) -> HTMLResponse:
    context = {"title": title, "message": text}
    return render(request, "message.html", context, status_code=status)


@router.get("/bai-viet/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(
    article_id: str, request: Request, backend: BackendDep, settings: SettingsDep, labels: LabelsDep
) -> HTMLResponse:
    """The article's clean text and metadata, the archived original in a sandboxed frame, and its republications."""
    try:
        article = backend.get(article_id)
        if article is None:
            return _message(request, "Không tìm thấy bài viết", NOT_FOUND.format(id=article_id), 404)
        view = article_out(settings, backend, article, labels)
    except BackendUnavailable as exc:
        remember(request, exc)
        return _message(request, "Lỗi kết nối", public_reason(exc), 503)
    context = {
        "a": view,
        "paragraphs": article.body.split("\n\n"),
        "published": local_time(article.published),
        "fetched": local_time(view.archive.fetched_at) if view.archive else None,
        "no_copy": NO_COPY,
        "local_time": local_time,
        "directive_title": labels.directive_title,
        "label": labels.label,
    }
    return render(request, "article.html", context)


def _copy_error(status: int, text: str) -> HTMLResponse:
    body = f'<!doctype html><html lang="vi"><meta charset="utf-8"><p style="font: 16px sans-serif">{text}</p></html>'
    return HTMLResponse(body, status_code=status, headers=ARCHIVE_HEADERS)


@router.get("/bai-viet/{article_id}/ban-luu", response_class=HTMLResponse, include_in_schema=False)
def archived_copy(article_id: str, request: Request, backend: BackendDep, settings: SettingsDep) -> HTMLResponse:
    """The original page as the crawler fetched it, from the WARC archive, sandboxed: its scripts never run."""
    try:
        article: Article | None = backend.get(article_id)
    except BackendUnavailable as exc:
        remember(request, exc)
        return _copy_error(503, public_reason(exc))
    if article is None:
        return _copy_error(404, NOT_FOUND.format(id=article_id))
    ref = archive_ref(settings, article)
    if ref is None:
        return _copy_error(404, NO_COPY)
    try:
        text, _ = archived_html(settings, ref)
    except ArchiveUnreadable as exc:
        log.warning("archived copy of %s unreadable: %s", article_id, exc)
        return _copy_error(404, BROKEN_COPY)
    return HTMLResponse(text, headers=ARCHIVE_HEADERS)
