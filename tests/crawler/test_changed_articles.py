"""The run report tells new articles from changed ones: a known article whose page changed counts as `changed`."""

from __future__ import annotations

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
    + "<p>{extra}</p></article></body></html>"
)


class Portal(QuietHandler):
    """A sitemap of two articles; `edits` changes an article's text and bumps its <lastmod>."""

    edits: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            return self.reply(200, ctype="text/plain", body="User-agent: *\nDisallow:\n")
        if self.path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>http://{self.headers['Host']}{p}</loc>"
                f"<lastmod>{'2099-01-01' if p in Portal.edits else '2021-01-12'}</lastmod></url>"
                for p in ("/a/1.html", "/a/2.html")
            )
            body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return self.reply(200, ctype="application/xml", body=body)
        if self.path.startswith("/a/"):
            page = PAGE.format(n=self.path[3], extra=Portal.edits.get(self.path, ""))
            return self.reply(200, ctype="text/html; charset=utf-8", body=page)
        return self.reply(200, ctype="text/html", body="<html><body>Trang chủ</body></html>")


@pytest.fixture
def portal() -> Iterator[str]:
    Portal.edits.clear()
    with serving(Portal) as base:
        yield base


def test_an_edited_known_article_counts_as_changed_not_new(portal: str, tmp_path: Path) -> None:
    source = Source(
        id="sm", name="Sitemap portal", province="dak-lak", base_url=f"{portal}/", sitemaps=[f"{portal}/sitemap.xml"],
        start_urls=[f"{portal}/"], article_patterns=[r"/a/\d+\.html$"],
        politeness=Politeness(download_delay=0, concurrency=4, autothrottle=False), allow_private=True,
    )  # fmt: skip
    sources = write_sources_file(tmp_path / "s.yaml", [source])
    data = tmp_path / "data"
    first = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert first["by_source"]["sm"]["articles"] == 2
    assert "changed" not in first["by_source"]["sm"]

    Portal.edits["/a/1.html"] = "Cập nhật: hội nghị đã bổ sung kết luận."
    second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert second["by_source"]["sm"]["articles"] == 1
    assert second["by_source"]["sm"]["changed"] == 1  # the article was known: changed, not new
    assert second["by_source"]["sm"]["skipped_known"] == 1
