"""Failed fetches per source for the run report: error kinds and page kinds counted, the first failing URLs kept.

A portal whose host is gone fails on its start pages and listings while its sitemap (or the crawl state) may still
list known articles; the counts alone then look like a quiet night. This log names what failed and how.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

MAX_URLS_PER_SOURCE = 20
# Error kinds by exception class name (the class or any base, the exception or what it wraps), first match wins.
# Scrapy (2.13+) wraps twisted's errors in its own (scrapy.exceptions); both are listed.
KINDS_BY_CLASS: tuple[tuple[str, str], ...] = (
    ("CannotResolveHostError", "dns"),
    ("DNSLookupError", "dns"),
    ("DownloadConnectionRefusedError", "connection_refused"),
    ("ConnectionRefusedError", "connection_refused"),
    ("DownloadTimeoutError", "timeout"),
    ("TimeoutError", "timeout"),
    ("TCPTimedOutError", "timeout"),
    ("SSLError", "tls"),
    ("NoRouteError", "unreachable"),
    ("ConnectionLost", "connection_lost"),
    ("ConnectionDone", "connection_lost"),
    ("ConnectionClosed", "connection_lost"),
    ("ResponseFailed", "connection_lost"),
    ("DownloadFailedError", "connection_lost"),
    ("ResponseDataLossError", "connection_lost"),
    ("ConnectError", "connection_failed"),
)


class FailedFetch(BaseModel):
    """One URL that could not be fetched."""

    url: str
    page: str = Field(description='What it was: "start" (a start page), "listing", "article", "feed", "sitemap".')
    kind: str = Field(description="connection_refused, timeout, dns, tls, connection_lost, http_4xx, http_5xx…")
    status: int | None = Field(None, description="The HTTP status, for HTTP errors.")
    message: str = ""


class SourceFailures(BaseModel):
    """The failed fetches of one source in one run."""

    count: int = 0
    kinds: dict[str, int] = Field(default_factory=dict, description="Failures per error kind.")
    pages: dict[str, int] = Field(default_factory=dict, description="Failures per page kind (start, listing…).")
    urls: list[FailedFetch] = Field(default_factory=list, description=f"The first {MAX_URLS_PER_SOURCE}.")
    urls_dropped: int = Field(0, description="Failing URLs beyond the cap, counted only.")


def _names(exc: BaseException) -> list[str]:
    """Class names of the exception and of the failures it wraps (twisted's ResponseFailed.reasons)."""
    names = [cls.__name__ for cls in type(exc).__mro__]
    for reason in getattr(exc, "reasons", None) or []:
        inner = getattr(reason, "value", reason)
        if isinstance(inner, BaseException):
            names = [cls.__name__ for cls in type(inner).__mro__] + names
    return names


def error_kind(exc: BaseException | None, status: int | None = None) -> str:
    """The error kind of one failed fetch: HTTP errors by class (http_4xx, http_5xx), others by exception."""
    if status is not None:
        return f"http_{status // 100}xx"
    names = _names(exc) if exc is not None else []
    return next((kind for cls, kind in KINDS_BY_CLASS if cls in names), "other")


class FailureLog:
    """Collects failed fetches per source, as the plain dict the run report carries under `failures`."""

    def __init__(self, max_urls: int = MAX_URLS_PER_SOURCE) -> None:
        self.max_urls = max_urls
        self.data: dict[str, dict[str, Any]] = {}

    def add(self, source_id: str, *, url: str, page: str, kind: str, status: int | None, message: str) -> None:
        """Count one failure; keep its URL while the source is under the cap."""
        entry = self.data.setdefault(source_id, SourceFailures().model_dump())
        entry["count"] += 1
        entry["kinds"][kind] = entry["kinds"].get(kind, 0) + 1
        entry["pages"][page] = entry["pages"].get(page, 0) + 1
        if len(entry["urls"]) < self.max_urls:
            fetch = FailedFetch(url=url, page=page, kind=kind, status=status, message=message[:200])
            entry["urls"].append(fetch.model_dump())
        else:
            entry["urls_dropped"] += 1
