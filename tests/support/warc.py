"""Pages archived as a crawl archives them (a GET request and its response), for tests and benchmarks."""

from __future__ import annotations

import http
from datetime import datetime

from archive.writer import WarcArchive

HTML = [("Content-Type", "text/html; charset=utf-8")]


def archive_page(
    archive: WarcArchive,
    url: str,
    body: bytes | str,
    *,
    status: int = 200,
    kind: str = "article",
    source_id: str | None = "src",
    fetched_at: datetime | None = None,
    headers: list[tuple[str, str]] | None = None,
    request_headers: dict[str, str] | None = None,
) -> None:
    """Write one GET of `url` answered `status` with `body` (HTML unless `headers` say otherwise)."""
    archive.write(
        url=url,
        method="GET",
        request_headers=request_headers or {"User-Agent": "govnews-test"},
        status=status,
        reason=http.HTTPStatus(status).phrase,
        response_headers=headers or HTML,
        body=body.encode() if isinstance(body, str) else body,
        source_id=source_id,
        kind=kind,
        fetched_at=fetched_at,
    )
