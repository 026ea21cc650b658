"""A hostile portal on 127.0.0.1 and an "internal" host on 127.0.0.2, both loopback, both counting requests.

The portal serves: five articles whose canonical is "/", an article that redirects to the internal host, a
calendar trap (?thang=N links to N+1 forever), session-id link variants, a sitemap index whose nested sitemap
is on the internal host, a gzip bomb sitemap, and a robots.txt with Crawl-delay and a Sitemap line.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from core.source import Politeness, Source
from tests.crawler.support import loopback_source
from tests.support.loopback import QuietHandler, running

BOMB_INFLATED = 256 * 1024 * 1024  # 256 MiB of zeros, about 250 KB compressed
WORDS = "Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế xã hội năm nay. " * 12


def _bomb() -> bytes:
    out = gzip.compress(b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>", 9)
    zeros = gzip.compress(b"\0" * (16 * 1024 * 1024), 9)
    return out + zeros * (BOMB_INFLATED // (16 * 1024 * 1024))  # concatenated gzip members inflate as one


def article_html(title: str, canonical: str | None) -> str:
    """A plain article page, with an optional canonical link."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paras = "".join(f"<p>{title}. {WORDS}</p>" for _ in range(3))
    return (
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{title}</title>{link}</head><body>"
        f"<article><h1>{title}</h1><p class='date'>Ngày 05/03/2024</p>{paras}</article></body></html>"
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter[str]
    portal: HostilePortal


class _Handler(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self.server.portal.route(self)


@dataclass
class HostilePortal:
    """Both servers; `portal` is the base URL on 127.0.0.1, `internal` the one on 127.0.0.2."""

    portal_srv: _Server
    internal_srv: _Server

    @property
    def portal(self) -> str:
        return f"http://127.0.0.1:{self.portal_srv.server_address[1]}"

    @property
    def internal(self) -> str:
        return f"http://127.0.0.2:{self.internal_srv.server_address[1]}"

    @property
    def internal_hits(self) -> int:
        return sum(self.internal_srv.hits.values())

    def calendar_hits(self) -> int:
        return sum(n for path, n in self.portal_srv.hits.items() if path.startswith("/lich"))

    def route(self, h: _Handler) -> None:
        url = urlsplit(h.path)
        if h.server is self.internal_srv:
            secret = article_html("BÍ MẬT NỘI BỘ token=AKIA-SECRET", None)
            if url.path == "/foreign-sitemap.xml":
                body = f"<urlset><url><loc>{self.internal}/secret.html</loc></url></urlset>"
                h.reply(200, body.encode(), "application/xml")
            else:
                h.reply(200, secret.encode())
            return
        path = url.path
        if path == "/robots.txt":
            robots = f"User-agent: *\nCrawl-delay: 0.05\nSitemap: {self.portal}/sitemap.xml\n"
            h.reply(200, robots.encode(), "text/plain")
        elif path == "/":
            links = [f"/tin/bai-{i}.html" for i in range(1, 6)]
            links += ["/tin/chuyen-huong.html", "/lich?thang=1", "/tin/phien.html;jsessionid=A1B2C3D4E5F6A7B8"]
            links += ["/tin/phien.html?PHPSESSID=0123456789abcdef01", "/tin/phien.html"]
            html = "".join(f'<a href="{href}">{href}</a>' for href in links)
            h.reply(200, f"<html><body><h1>Trang chủ</h1>{html}</body></html>".encode())
        elif path.startswith("/tin/bai-"):
            n = path.rsplit("-", 1)[1].split(".")[0]
            h.reply(200, article_html(f"Bài viết số {n} về hội nghị tỉnh", "/").encode())
        elif path.startswith("/tin/phien.html"):
            h.reply(200, article_html("Bài viết có mã phiên trong đường dẫn", None).encode())
        elif path == "/tin/chuyen-huong.html":
            h.reply(302, b"", Location=f"{self.internal}/secret-via-redirect.html")
        elif path == "/lich":
            month = int(parse_qs(url.query).get("thang", ["1"])[0])
            html = f'<a href="/lich?thang={month + 1}">tháng sau</a><a href="/tin/bai-1.html">bài</a>'
            h.reply(200, f"<html><body><h1>Lịch tháng {month}</h1>{html}</body></html>".encode())
        elif path == "/sitemap.xml":
            body = (
                "<sitemapindex>"
                f"<sitemap><loc>{self.internal}/foreign-sitemap.xml</loc></sitemap>"
                f"<sitemap><loc>{self.portal}/bomb.xml.gz</loc></sitemap>"
                "</sitemapindex>"
            )
            h.reply(200, body.encode(), "application/xml")
        elif path == "/bomb.xml.gz":
            h.reply(200, _BOMB, "application/x-gzip")
        else:
            h.reply(404, b"<html><body>Not found</body></html>")


_BOMB = _bomb()


def hostile_source(portal: HostilePortal, **update: Any) -> Source:
    """The portal as a Source (loopback, so allow_private unless the test says otherwise)."""
    fields: dict[str, Any] = {
        "id": "hostile",
        "name": "Cổng thông tin thù địch",
        "province": "ha-noi",
        "listing_patterns": [r"/lich\?"],
        "article_patterns": [r"/tin/"],
        "politeness": Politeness(download_delay=0.0, concurrency=4, autothrottle=False),
    }
    return loopback_source(portal.portal, **(fields | update))


@contextmanager
def hostile_portal() -> Iterator[HostilePortal]:
    """Start both servers on free ports; stop them after the block."""
    servers: list[_Server] = []
    for host in ("127.0.0.1", "127.0.0.2"):
        srv = _Server((host, 0), _Handler)
        srv.hits = Counter()
        servers.append(srv)
    portal = HostilePortal(servers[0], servers[1])
    for srv in servers:
        srv.portal = portal
    with running(*servers):
        yield portal
