"""End to end on a REAL portal: crawl the Liferay mirror's four categories, clean, index, check every article."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from fastapi.testclient import TestClient

from archive.reader import iter_archive
from core.article import Article
from core.search import SearchQuery
from core.settings import Settings
from indexer.factory import get_backend
from indexer.neardup import MIN_WORDS
from search_api.app import create_app
from tests.crawler.support import (
    FIXTURE_SITE,
    clean_crawl,
    expected_fixture_ids,
    fixture_source,
    serve_directory,
    write_sources_file,
)

pytestmark = pytest.mark.slow
BOILERPLATE = ("In bài viết", "Gửi mail", "View count", "Tin tức nổi bật", "Trang chủ")
MIN_DATE, MIRRORED = date(2008, 1, 1), date(2022, 8, 27)  # README: articles 2008–2022, mirrored 27 Aug 2022
VIEW_ID = re.compile(r"/-/view_content/(\d+)-")


def article_text_on_disk(url: str) -> str:
    """Text of the page's `.journal-content-article` (the article proper), read from the mirror's file."""
    import lxml.html

    path = FIXTURE_SITE / unquote(urlsplit(url).path).lstrip("/")
    doc = lxml.html.fromstring(path.read_bytes())
    parts = doc.xpath('//div[@id="p_p_id_101_"]//div[contains(@class, "journal-content-article")]')
    return squash(" ".join(p.text_content() for p in parts))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def leaked(phrase: str, article: Article) -> bool:
    """True when `phrase` is in the body as page furniture, i.e. not quoted from the article's own text.

    (One inspection report lists a website's menus: "Các chuyên mục hiện có: Trang chủ, Thể thao…".)
    """
    body = squash(article.body)
    if phrase not in body:
        return False
    own = article_text_on_disk(article.url)
    for m in re.finditer(re.escape(phrase), body):
        context = body[m.start() : m.end() + 15]
        if context not in own:
            return True
    return False


def all_articles(data: Path) -> list[Article]:
    backend = get_backend(Settings(data_dir=data))
    try:
        out: list[Article] = []
        page = 1
        while True:
            result = backend.search(SearchQuery(size=200, page=page, sort="newest", facets=()))
            if not result.hits:
                break
            for hit in result.hits:
                article = backend.get(hit.id)
                assert article is not None
                out.append(article)
            page += 1
        assert len(out) == backend.count()
        return out
    finally:
        backend.close()


def test_crawl_the_liferay_mirror_end_to_end(tmp_path: Path) -> None:
    expected = expected_fixture_ids()
    assert len(expected) == 630  # the README's figure, computed from the files on disk
    data = tmp_path / "data"
    with serve_directory() as server:
        sources = write_sources_file(tmp_path / "sources.yaml", [fixture_source(server.base_url)])
        report = clean_crawl("fixture crawl", sources, data)

    # the crawler reached every article the category listings link to, and nothing else
    fetched = {m.group(1) for r in iter_archive(data / "warc") if r.kind == "article" and (m := VIEW_ID.search(r.url))}
    assert fetched == expected

    articles = all_articles(data)
    indexed_ids = {m.group(1) for a in articles if (m := VIEW_ID.search(a.url))}
    assert indexed_ids <= expected
    # a story the portal published twice (two ids, the same title and text) is indexed once, the other copy settled
    # as a duplicate (crawler.pipelines.text_key)
    twice = report["page_kinds"].get("duplicate", 0)
    assert len(indexed_ids) + twice >= len(expected) - 10, f"only {len(indexed_ids)} of {len(expected)} indexed"
    assert abs(len(articles) + twice - len(expected)) <= 10
    problems: list[str] = []
    for article in articles:
        if not article.title.strip():
            problems.append(f"{article.url}: no title")
        if article.published is None:
            problems.append(f"{article.url}: no date")
        elif not MIN_DATE <= article.published.date() <= MIRRORED:
            problems.append(f"{article.url}: date {article.published} outside 2008 – the mirror's day")
        if len(article.body.strip()) < 20:
            problems.append(f"{article.url}: no body")
        problems += [f"{article.url}: body contains {s!r}" for s in BOILERPLATE if leaked(s, article)]
    assert not problems, "\n".join(problems[:40])

    # the crawl wrote the archive's offset index: article pages serve the archived original, sandboxed
    with TestClient(create_app(Settings(data_dir=data, backend="tantivy"))) as client:
        for article in articles[:: max(1, len(articles) // 25)]:
            banner = client.get(f"/bai-viet/{article.id}/ban-luu")  # redirected to the newest capture's address
            assert banner.status_code == 200, (article.url, banner.text[:200])
            assert "Bản lưu của govnews" in banner.text
            copy = client.get(f"{banner.url}/trang-goc")
            assert copy.status_code == 200, (article.url, copy.text[:200])
            assert "asset-full-content-title" in copy.text  # the portal's own markup, not our page
            assert copy.headers["content-security-policy"].startswith("sandbox;")
            assert "Bản lưu lúc" in client.get(f"/bai-viet/{article.id}").text

    # pages the mirror holds twice (HTTrack saved the same story under two names) are indexed once: the second copy
    # is settled as a duplicate of the first (same title and text); stories republished with small changes are
    # still indexed apart and grouped as near-duplicates
    assert report["page_kinds"].get("duplicate", 0) >= 5
    by_text: dict[tuple[str, str], list[Article]] = {}
    for article in articles:
        by_text.setdefault((article.title, article.body), []).append(article)
    assert all(len(same) == 1 for same in by_text.values())
    assert len({a.dup_group for a in articles if len(a.body.split()) >= MIN_WORDS}) < len(articles)
