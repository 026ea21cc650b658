"""Routing: which response the simulator sends for a request path (no sockets here)."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

from simulator.banks import SiteSpec
from simulator.corpus import Corpus
from simulator.feeds import rss, rss_path, sitemap_chunk, sitemap_index, sitemap_path
from simulator.render import Renderer
from simulator.urls import parse_listing, prefix

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
VALIDATING_PLATFORMS = frozenset({"liferay", "nukeviet", "wordpress"})  # send ETag + Last-Modified on articles


@dataclass(frozen=True)
class Response:
    """What to send: status, content type, body, how long to stall first, and cache validators."""

    status: int
    content_type: str
    body: str
    delay: float = 0.0
    disallowed: bool = False
    etag: str | None = None
    last_modified: datetime | None = None

    def not_modified(self, if_none_match: str | None, if_modified_since: str | None) -> bool:
        """Whether a conditional GET with these request headers deserves a 304."""
        if self.status != 200:
            return False
        if if_none_match is not None:
            return self.etag is not None and self.etag in {t.strip() for t in if_none_match.split(",")}
        if if_modified_since is not None and self.last_modified is not None:
            try:
                return self.last_modified <= parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
        return False


def robots_txt(corpus: Corpus, base_url: str) -> str:
    """One robots.txt for all sites: each site's admin/search paths are disallowed."""
    lines = ["User-agent: *"]
    for site in corpus.sites:
        lines += [f"Disallow: {prefix(site)}{path}" for path in site.disallow]
    lines.append("")
    lines += [f"Sitemap: {base_url}{p}" for site in corpus.sites if (p := sitemap_path(site))]
    return "\n".join(lines) + "\n"


def _index(corpus: Corpus) -> str:
    links = "".join(f'<li><a href="{prefix(s)}/">{html.escape(s.name)}</a> ({s.platform})</li>' for s in corpus.sites)
    head = "<!DOCTYPE html><html lang=vi><head><title>govnews simulator</title></head>"
    return f"{head}<body><ul>{links}</ul></body></html>"


def _search_page(site: SiteSpec) -> str:
    return (
        f"<!DOCTYPE html><html lang=vi><head><title>Tìm kiếm - {html.escape(site.short)}</title></head><body>"
        "<h1>Kết quả tìm kiếm</h1><p>Trang này bị chặn bởi robots.txt; trình thu thập không được truy cập.</p>"
        f'<a href="{prefix(site)}{site.disallow[0]}trap">Tiếp</a></body></html>'
    )


def _not_found() -> Response:
    return Response(404, HTML, "<!DOCTYPE html><html lang=vi><body><h1>404 - Không tìm thấy trang</h1></body></html>")


class Router:
    """Maps a request path (with query) to a Response."""

    def __init__(self, corpus: Corpus, renderer: Renderer, base_url: str, slow_delay: float) -> None:
        self.corpus = corpus
        self.renderer = renderer
        self.base_url = base_url
        self.slow_delay = slow_delay

    def route(self, raw_path: str) -> Response:
        """The response for one GET."""
        path = unquote(urlsplit(raw_path).path)
        if path == "/robots.txt":
            return Response(200, TEXT, robots_txt(self.corpus, self.base_url))
        if path == "/":
            return Response(200, HTML, _index(self.corpus))
        site_id = path.split("/")[1]
        if site_id not in {s.id for s in self.corpus.sites}:
            return _not_found()
        return self._site_route(self.corpus.site(site_id), raw_path, path)

    def _site_route(self, site: SiteSpec, raw_path: str, path: str) -> Response:
        rest = path[len(prefix(site)) :]
        if any(rest.startswith(d) for d in site.disallow):
            return Response(200, HTML, _search_page(site), disallowed=True)
        if rest in ("", "/"):
            return Response(200, HTML, self.renderer.home(site))
        if path == rss_path(site):
            return Response(200, RSS, rss(self.corpus, site, self.base_url))
        if path == sitemap_path(site):
            return Response(200, XML, sitemap_index(self.corpus, site, self.base_url))
        m = re.fullmatch(r"/sitemap-(\d+)\.xml", rest)
        if m and sitemap_path(site):
            chunk = sitemap_chunk(self.corpus, site, self.base_url, int(m.group(1)))
            return Response(200, XML, chunk) if chunk else _not_found()
        art = self.corpus.by_path(site.id, raw_path)
        if art is not None:
            delay = self.slow_delay if art.kind == "slow" else 0.0
            if site.platform not in VALIDATING_PLATFORMS:  # ASP.NET pages send no validators
                return Response(200, HTML, self.renderer.article(art), delay=delay)
            identity = f"{art.url_path}|{art.published.isoformat()}|{art.title}".encode()
            return Response(
                200,
                HTML,
                self.renderer.article(art),
                delay=delay,
                etag=f'"{hashlib.sha1(identity).hexdigest()[:16]}"',
                last_modified=art.published,
            )
        listing = parse_listing(site, raw_path)
        if listing is not None:
            cat, page = listing
            cat_no = site.categories.index(cat)
            if page > self.corpus.page_count(site.id, cat_no):
                return _not_found()
            return Response(200, HTML, self.renderer.listing(site, cat_no, page))
        return _not_found()
