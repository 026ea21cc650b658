"""A sitemap-driven source: redirects keyed by the scheduled URL, and a newer <lastmod> forces one refetch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from core.source import Politeness, Source
from tests.crawler.support import crawl_report, govnews, write_sources_file
from tests.support.loopback import QuietHandler, serving

pytestmark = pytest.mark.slow
PAGE = (
    "<!DOCTYPE html><html lang=vi><head><meta charset=utf-8><title>Bài {n}</title></head><body><article>"
    "<h1>Hội nghị triển khai Chỉ thị số 20-CT/TW số {n}</h1><p>Ngày đăng: 12/01/2021 14:23</p>"
    + "<p>Sáng 12/1, Ban Thường vụ Tỉnh ủy tổ chức hội nghị về công tác bảo vệ, chăm sóc trẻ em trên địa bàn.</p>" * 8
    + "</article></body></html>"
)


class Handler(QuietHandler):
    hits: ClassVar[Counter[str]] = Counter()
    lastmod: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        Handler.hits[self.path] += 1
        if self.path == "/robots.txt":
            return self.reply(200, ctype="text/plain", body="User-agent: *\nDisallow:\n")
        if self.path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>http://{self.headers['Host']}{p}</loc><lastmod>{Handler.lastmod.get(p, '2021-01-12')}"
                "</lastmod></url>"
                for p in ("/a/1.html", "/a/2.html", "/old/3.html")
            )
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return self.reply(200, ctype="application/xml", body=body)
        if self.path == "/old/3.html":
            self.send_response(301)
            self.send_header("Location", "/a/3.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path.startswith("/a/"):
            return self.reply(200, ctype="text/html; charset=utf-8", body=PAGE.format(n=self.path[3]))
        return self.reply(404, ctype="text/html", body="<html><body>404</body></html>")


@pytest.fixture
def site() -> Iterator[str]:
    Handler.hits.clear()
    Handler.lastmod.clear()
    with serving(Handler) as base:
        yield base


def test_sitemap_source_redirects_and_lastmod(site: str, tmp_path: Path) -> None:
    source = Source(
        id="sm",
        name="Sitemap portal",
        province="dak-lak",
        base_url=f"{site}/",
        sitemaps=[f"{site}/sitemap.xml"],
        start_urls=[f"{site}/"],
        article_patterns=[r"/a/\d+\.html$", r"/old/\d+\.html$"],
        politeness=Politeness(download_delay=0, concurrency=4, autothrottle=False),
        allow_private=True,
    )
    sources = write_sources_file(tmp_path / "s.yaml", [source])
    data = tmp_path / "data"
    first = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert first["article_pages"] == 3
    assert Handler.hits["/old/3.html"] == 1
    assert Handler.hits["/a/3.html"] == 1

    second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert second["skipped_known"] == 3
    assert Handler.hits["/old/3.html"] == 1  # the redirected URL is known by the URL we scheduled
    assert Handler.hits["/a/1.html"] == 1

    Handler.lastmod["/a/1.html"] = "2099-01-01T00:00:00+07:00"
    third = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert Handler.hits["/a/1.html"] == 2
    assert Handler.hits["/a/2.html"] == 1
    assert third["skipped_known"] == 2
    assert third["unchanged"] == 1  # same bytes: not re-extracted
    assert third["articles_indexed"] == 0
