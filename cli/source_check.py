"""`govnews sources check`: fetch each source's start URL once and record what answered, its platform, its links.

A plain HTTP client (urllib), not Scrapy: one GET for the start URL (after robots.txt when the source obeys it)
and one for the first article it links (the cleaner's platform detection reads article pages best), each with a
timeout and a response-size cap; redirects are followed by hand so that every hop passes the address rule.

Address rule, the crawler's (crawler.scope.is_public): a host that resolves to a private, loopback, link-local or
reserved address is refused, at every hop, unless the source opts in with `allow_private: true` (the simulator
and the fixture sites on 127.0.0.1 do).
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from pydantic import BaseModel, Field

from cleaner.adapters.registry import detect_platform
from core.settings import Settings
from core.source import Source
from crawler.links import LinkRules, looks_like_html, page_links
from crawler.scope import is_public
from crawler.settings import source_hosts

MAX_BYTES = 2_000_000  # a portal's home page is well under this; more is read no further
MAX_REDIRECTS = 5
WORKERS = 8  # hosts checked at once; one host's sources go one after another


class Refused(Exception):
    """The address rule refused a URL (message in Vietnamese)."""


class SourceCheck(BaseModel):
    """What one source's start URL gave."""

    id: str
    province: str | None
    url: str
    responded: bool = Field(description="An HTTP answer arrived (any status).")
    status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    bytes: int = 0
    truncated: bool = False
    elapsed_ms: float = 0.0
    platform_configured: str
    platform_detected: str | None = Field(None, description="On the first linked article, else on the start page.")
    platform_start_page: str | None = None
    article_url: str | None = Field(None, description="The first linked article, fetched once.")
    article_status: int | None = None
    article_links: int = 0
    listing_links: int = 0
    articles_found: bool = False
    error: str | None = None


def _private(host: str) -> bool:
    """True when any address `host` resolves to is not public (loopback, private, link-local, reserved…)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # unresolvable: the fetch itself reports it
    return any(not is_public(str(info[4][0])) for info in infos)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # each hop is checked by fetch()


_OPENER = urllib.request.build_opener(_NoRedirect)


Fetched = tuple[int, str, str | None, bytes, bool]


def fetch(url: str, *, user_agent: str, timeout: float, allow_private: bool) -> Fetched:
    """(status, final URL, content type, body up to MAX_BYTES, truncated); Refused or OSError otherwise."""
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"không phải địa chỉ http(s): {url}")
        if not allow_private and _private(parts.hostname):
            raise Refused(f"từ chối địa chỉ nội bộ: {parts.hostname}")
        request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept-Encoding": "identity"})
        try:
            response = _OPENER.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            response = exc  # a 3xx (not followed by urllib) or an error status: still an answer
        with response:
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            body = response.read(MAX_BYTES + 1)
            return response.status, url, response.headers.get("Content-Type"), body[:MAX_BYTES], len(body) > MAX_BYTES
    raise Refused(f"quá {MAX_REDIRECTS} lần chuyển hướng")


def _robots_allow(url: str, user_agent: str, timeout: float, allow_private: bool) -> bool:
    """robots.txt of the start URL's host allows it (no robots.txt, or one that cannot be read, allows)."""
    robots_url = urljoin(url, "/robots.txt")
    try:
        status, _, _, body, _ = fetch(robots_url, user_agent=user_agent, timeout=timeout, allow_private=allow_private)
    except (OSError, Refused):
        return True
    if status >= 400:
        return True
    parser = RobotFileParser(robots_url)
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    return parser.can_fetch(user_agent, url)


def check_source(source: Source, settings: Settings, timeout: float) -> SourceCheck:
    """Fetch the source's first start URL (or feed, or sitemap) and read what came back."""
    url = (source.start_urls or source.rss or source.sitemaps or [source.base_url])[0]
    allow_private = source.allow_private
    result = SourceCheck(id=source.id, province=source.province, url=url, responded=False,
                         platform_configured=source.platform)  # fmt: skip
    started = time.perf_counter()
    try:
        ua = settings.user_agent
        if source.politeness.obey_robots and not _robots_allow(url, ua, timeout, allow_private):
            result.error = "robots.txt không cho phép"
            return result
        status, final, ctype, body, truncated = fetch(url, user_agent=ua, timeout=timeout, allow_private=allow_private)
    except Refused as exc:
        result.error = str(exc)
        return result
    except (OSError, ValueError) as exc:  # DNS, refused connection, timeout, TLS, malformed answer
        result.error = f"{type(exc).__name__}: {getattr(exc, 'reason', None) or exc}"
        return result
    finally:
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    result.responded, result.status, result.final_url, result.content_type = True, status, final, ctype
    result.bytes, result.truncated = len(body), truncated
    if status < 400 and looks_like_html(ctype, body):
        result.platform_start_page = result.platform_detected = detect_platform(body, final)
        links = page_links(body, final, LinkRules.for_source(source, source_hosts(source)))
        articles = [link for link, kind in links if kind == "article"]
        result.article_links = len(articles)
        result.listing_links = sum(kind == "listing" for _, kind in links)
        result.articles_found = bool(articles)
        if articles:
            _read_article(result, articles[0], source, settings, timeout, allow_private)
    elif status >= 400:
        result.error = f"HTTP {status}"
    return result


def _read_article(
    result: SourceCheck, url: str, source: Source, settings: Settings, timeout: float, allow_private: bool
) -> None:
    """Fetch one linked article (after the source's delay) and detect the platform on it."""
    time.sleep(source.politeness.download_delay)
    result.article_url = url
    try:
        status, final, ctype, body, _ = fetch(url, user_agent=settings.user_agent, timeout=timeout,
                                              allow_private=allow_private)  # fmt: skip
    except (OSError, ValueError, Refused) as exc:
        result.error = f"bài viết: {type(exc).__name__}: {exc}"
        return
    result.article_status = status
    if status < 400 and looks_like_html(ctype, body):
        result.platform_detected = detect_platform(body, final)


def check_sources(sources: list[Source], settings: Settings, timeout: float = 10.0) -> list[SourceCheck]:
    """Check every source: hosts in parallel, one host's sources in turn with its download delay between."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_host[(urlsplit(source.base_url).netloc or source.id).lower()].append(source)

    def one_host(group: list[Source]) -> list[SourceCheck]:
        out = []
        for n, source in enumerate(group):
            if n:
                time.sleep(source.politeness.download_delay)
            out.append(check_source(source, settings, timeout))
        return out

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        done = {c.id: c for group in pool.map(one_host, by_host.values()) for c in group}
    return [done[s.id] for s in sources]


def write_checks(checks: list[SourceCheck], directory: Path) -> Path:
    """`directory/sources-check-<UTC time>.json`, returned."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"sources-check-{stamp}.json"
    data = {"checked": datetime.now(UTC).isoformat(), "sources": [c.model_dump() for c in checks]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def table(checks: list[SourceCheck]) -> str:
    """One line per source, then a total."""
    lines = [f"{'nguồn':<28} {'HTTP':>4} {'nền tảng':<17} {'bài':>4}  ghi chú"]
    for c in checks:
        platform = c.platform_detected or "-"
        if c.platform_detected and c.platform_detected != c.platform_configured:
            platform += "*"
        status = str(c.status) if c.status is not None else "-"
        lines.append(f"{c.id:<28} {status:>4} {platform:<17} {c.article_links:>4}  {c.error or ''}".rstrip())
    answered = sum(c.responded for c in checks)
    with_articles = sum(c.articles_found for c in checks)
    lines.append(f"{answered}/{len(checks)} nguồn trả lời, {with_articles} có liên kết bài viết "
                 "(* nền tảng nhận ra khác cấu hình)")  # fmt: skip
    return "\n".join(lines)
