"""Archived copies by capture time: /bai-viet/{id}/ban-luu[/{yyyymmddhhmmss}[/trang-goc]].

The unversioned address redirects to the newest copy. A capture's address serves a small govnews page whose banner
(outside the sandbox) says whose copy it is, when it was fetched, from where and what the portal answered; the
archived HTML itself is served alone at …/trang-goc under a CSP sandbox and shown in a sandboxed frame.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from archive.index import RecordRef, captured_at, newest_copy
from archive.reader import ArchiveUnreadable
from core.article import Article
from core.search import BackendUnavailable
from search_api.article_view import ARCHIVE_HEADERS, BROKEN_COPY, NO_COPY, NOT_FOUND, archived_html, local_time
from search_api.captures import article_captures, capture_out, parse_stamp, status_text
from search_api.deps import BackendDep, SettingsDep
from search_api.errors import public_reason, remember
from search_api.render import render

log = logging.getLogger(__name__)
router = APIRouter(tags=["archive"])
BAD_STAMP = (
    "Địa chỉ bản lưu không hợp lệ: thời điểm lưu phải có dạng năm tháng ngày giờ phút giây (UTC), "
    "ví dụ 20260102013000."
)
NO_SUCH_CAPTURE = (
    "Không có bản lưu nào của bài này vào thời điểm {stamp}. Các bản lưu có được liệt kê ở trang bài viết."
)


class _Missing(Exception):
    """No capture to serve: the status and the Vietnamese message to answer with."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status, self.text = status, text


def _copy_error(status: int, text: str) -> HTMLResponse:
    page = '<!doctype html><html lang="vi"><meta charset="utf-8"><p style="font: 16px sans-serif">{}</p></html>'
    body = page.format(escape(text))
    return HTMLResponse(body, status_code=status, headers=ARCHIVE_HEADERS)


def _message(request: Request, text: str, status: int) -> HTMLResponse:
    return render(request, "message.html", {"title": "Bản lưu", "message": text}, status_code=status)


@router.get("/bai-viet/{article_id}/ban-luu", include_in_schema=False)
def newest_capture(article_id: str, request: Request, backend: BackendDep, settings: SettingsDep) -> Response:
    """The newest archived copy: a redirect to its address by capture time (a cited link never moves)."""
    try:
        article = backend.get(article_id)
    except BackendUnavailable as exc:
        remember(request, exc)
        return _message(request, public_reason(exc), 503)
    if article is None:
        return _message(request, NOT_FOUND.format(id=article_id), 404)
    newest = newest_copy(article_captures(settings, article))
    if newest is None or newest.fetched_at is None:
        return _message(request, NO_COPY, 404)
    return RedirectResponse(capture_out(article_id, newest).href, status_code=307)


@dataclass(frozen=True)
class _Capture:
    """An article's capture at one time: the article, all its captures, the one asked for and its page as text."""

    article: Article
    captures: list[RecordRef]
    ref: RecordRef
    text: str


def _find(request: Request, backend: BackendDep, settings: SettingsDep, article_id: str, stamp: str) -> _Capture:
    """The capture at `stamp` (one index lookup, one archive seek); _Missing (status, Vietnamese text) when there is
    none or its record cannot be read (said on the banner page, not inside the frame)."""
    when = parse_stamp(stamp)
    if when is None:
        raise _Missing(404, BAD_STAMP)
    try:
        article = backend.get(article_id)
    except BackendUnavailable as exc:
        remember(request, exc)
        raise _Missing(503, public_reason(exc)) from exc
    if article is None:
        raise _Missing(404, NOT_FOUND.format(id=article_id))
    captures = article_captures(settings, article)
    ref = captured_at(captures, when)
    if ref is None:
        raise _Missing(404, NO_SUCH_CAPTURE.format(stamp=stamp))
    try:
        text, _ = archived_html(settings, ref)
    except ArchiveUnreadable as exc:
        log.warning("archived copy of %s at %s unreadable: %s", article_id, stamp, exc)
        raise _Missing(404, BROKEN_COPY) from exc
    return _Capture(article, captures, ref, text)


@router.get("/bai-viet/{article_id}/ban-luu/{stamp}", response_class=HTMLResponse, include_in_schema=False)
def capture_page(
    article_id: str, stamp: str, request: Request, backend: BackendDep, settings: SettingsDep
) -> HTMLResponse:
    """One capture under the govnews banner (capture time in Vietnam time, original URL, HTTP status)."""
    try:
        found = _find(request, backend, settings, article_id, stamp)
    except _Missing as missing:
        return _message(request, missing.text, missing.status)
    context = {
        "a": found.article,
        "capture": capture_out(article_id, found.ref),
        "fetched": local_time(found.ref.fetched_at),
        "status": status_text(found.ref.status),
        "others": [capture_out(article_id, r) for r in found.captures],
        "local_time": local_time,
        "status_text": status_text,
    }
    return render(request, "archive.html", context)


@router.get("/bai-viet/{article_id}/ban-luu/{stamp}/trang-goc", response_class=HTMLResponse, include_in_schema=False)
def capture_raw(
    article_id: str, stamp: str, request: Request, backend: BackendDep, settings: SettingsDep
) -> HTMLResponse:
    """The captured page alone, as fetched, sandboxed by its CSP header: its scripts never run."""
    try:
        found = _find(request, backend, settings, article_id, stamp)
    except _Missing as missing:
        return _copy_error(missing.status, missing.text)
    return HTMLResponse(found.text, headers=ARCHIVE_HEADERS)
