"""One article: GET /api/articles/{id} (JSON), /bai-viet/{id} (its page) and its citation as BibTeX."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from core.search import BackendUnavailable
from search_api.article_view import NO_COPY, NOT_FOUND, SHOWN_DUPLICATES, ArticleOut, article_out, local_time
from search_api.captures import status_text
from search_api.deps import BackendDep, LabelsDep, SettingsDep
from search_api.errors import public_reason, remember
from search_api.render import render
from search_api.schemas import ErrorOut

log = logging.getLogger(__name__)
router = APIRouter(tags=["articles"])


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
        "status_text": status_text,
        "no_copy": NO_COPY,
        "shown_duplicates": SHOWN_DUPLICATES,
        "local_time": local_time,
        "directive_title": labels.directive_title,
        "label": labels.label,
    }
    return render(request, "article.html", context)


@router.get("/bai-viet/{article_id}/trich-dan.bib", include_in_schema=False)
def citation_bibtex(
    article_id: str, request: Request, backend: BackendDep, settings: SettingsDep, labels: LabelsDep
) -> Response:
    """The article's citation as a biblatex @online entry, to download."""
    try:
        article = backend.get(article_id)
        citation = article_out(settings, backend, article, labels).citation if article is not None else None
    except BackendUnavailable as exc:
        remember(request, exc)
        return PlainTextResponse(public_reason(exc), status_code=503)
    if article is None:
        return PlainTextResponse(NOT_FOUND.format(id=article_id), status_code=404)
    assert citation is not None
    return Response(
        citation.bibtex,
        media_type="application/x-bibtex; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="govnews-{article_id[:12]}.bib"'},
    )
