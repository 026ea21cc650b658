"""End to end on a second REAL platform: crawl the krongno.daknong EasyWebHub/Lạc Việt site served on loopback,
clean, index, and check every article against what its page shows (read with html.parser, not the cleaner)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from archive.reader import iter_archive
from core.source import Source
from tests.cleaner.eval.make_gold import nfc
from tests.cleaner.fixtures import token_f1
from tests.cleaner.krongno import KRONGNO, read_gold
from tests.crawler.support import LOOPBACK, clean_crawl, serve_directory, write_sources_file
from tests.e2e.test_fixture_site import all_articles

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not KRONGNO.is_dir(), reason="krongno fixture not present")]
CHROME = ("TIN ĐÃ ĐƯA", "SỐ LƯỢT TRUY CẬP", "Đăng nhập", "captures", "Xem chi tiết", "Liên kết Website",
          "This page location is", "TRANG CHỦ")
STAMP = "30/07/2019"  # README: the day of the bulk rebuild, shown by 61 of the 78 articles
_HREF = re.compile(r'href="(/[^"#?]*)"')


def _slug(url: str) -> str:
    return unquote(urlsplit(url).path).strip("/")


def categories() -> list[str]:
    """Top-level folders whose page is not an article (no `p.Title`): listings, as a site's config names them."""
    return sorted(p.parent.name for p in KRONGNO.glob("*/index.html") if 'class="Title"' not in p.read_text("utf-8"))


def reachable_articles(cats: list[str]) -> set[str]:
    """Article slugs linked from the home page and the listings reachable from it (files on disk, no crawler)."""
    todo, seen, found = [""], set(), set()
    while todo:
        slug = todo.pop()
        page = KRONGNO / slug / "index.html" if slug else KRONGNO / "index.html"
        if slug in seen or not page.is_file():
            continue
        seen.add(slug)
        for href in _HREF.findall(page.read_text("utf-8", errors="replace")):
            target = _slug(urljoin(f"/{slug}/", href))
            if not target or not (KRONGNO / target / "index.html").is_file():
                continue
            if target.split("/")[0] in cats:
                todo.append(target)
            elif "/" not in target:
                found.add(target)
    return found


def krongno_source(base_url: str, cats: list[str]) -> Source:
    names = "|".join(re.escape(c) for c in cats)
    return Source.model_validate({
        "id": "krongno-daknong", "name": "Trang thông tin điện tử huyện Krông Nô (EasyWebHub, 2019)",
        "province": "dak-nong", "base_url": f"{base_url}/", "start_urls": [f"{base_url}/"],
        "listing_patterns": [rf"^{re.escape(base_url)}/(?:{names})(?:/|$)"],
        "article_patterns": [rf"^{re.escape(base_url)}/(?!(?:{names})(?:/|$))[a-z0-9-]+/?$"],
        "politeness": LOOPBACK.model_dump(), "allow_private": True,  # served on loopback
    })


def test_crawl_the_krongno_site_end_to_end(tmp_path: Path) -> None:
    cats = categories()
    expected = reachable_articles(cats)
    assert len(expected) >= 60  # README: following links from / reaches 68 of the 78 long articles, and notices
    data = tmp_path / "data"
    with serve_directory(KRONGNO) as server:
        sources = write_sources_file(tmp_path / "sources.yaml", [krongno_source(server.base_url, cats)])
        clean_crawl("krongno crawl", sources, data)
    # menu links to pages that do not exist answer 404 (README): archived, not articles
    fetched = {_slug(r.url) for r in iter_archive(data / "warc") if r.kind == "article" and r.status == 200}
    assert fetched == expected

    articles = all_articles(data)
    # notices whose content was an attachment (only "Xem chi tiết Tại đây" on the page) are no articles
    assert len(articles) >= 30
    problems: list[str] = []
    long_ones = 0
    for art in articles:
        slug = _slug(art.url)
        gold = read_gold((KRONGNO / slug / "index.html").read_text("utf-8", errors="replace"))
        if art.platform != "lacviet":
            problems.append(f"{slug}: read as {art.platform}")
        if art.title != nfc(" ".join(gold.title.split())):
            problems.append(f"{slug}: title {art.title!r} != {gold.title!r}")
        # the page's date, except the site's rebuild day (cleaner.buildstamp): unknown
        want = None if gold.date == STAMP else gold.date
        if (art.published.strftime("%d/%m/%Y") if art.published else None) != want:
            problems.append(f"{slug}: date {art.published} but the page shows {gold.date!r}")
        problems += [f"{slug}: body contains {s!r}" for s in CHROME if s in art.body]
        if (art.province, art.province_at_publication) != ("lam-dong", "dak-nong"):
            problems.append(f"{slug}: province {art.province}/{art.province_at_publication}")
        text = nfc("\n".join(gold.body))
        if len(text) > 300:
            long_ones += 1
            if token_f1(art.body, text) < 0.98:
                problems.append(f"{slug}: body F1 {token_f1(art.body, text):.3f}")
    assert not problems, "\n".join(problems[:40])
    assert {_slug(a.url) for a in articles} <= expected
    assert long_ones >= 25  # 28 of the 38 long articles are linked from the listings (the rest are orphans)
    # the build stamp: most articles show the day of the site's bulk rebuild (README), recorded as unknown
    assert sum(a.published is None for a in articles) > len(articles) / 2
