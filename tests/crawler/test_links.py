"""Link extraction and pattern matching on real pages of the Liferay mirror, and feed/sitemap parsing."""

from __future__ import annotations

import urllib.request

import pytest

from crawler.links import LinkRules, clean_href, looks_like_html, page_links, parse_feed, parse_sitemap
from crawler.settings import source_hosts
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import FIXTURE_SITE, fixture_source

BASE = "http://127.0.0.1:9"


def rules_for(base: str = BASE) -> LinkRules:
    source = fixture_source(base)
    return LinkRules.for_source(source, source_hosts(source))


def test_category_page_yields_its_articles_and_paginated_listings() -> None:
    body = (FIXTURE_SITE / "vi" / "thanh-tra.html").read_bytes()
    links = page_links(body, f"{BASE}/vi/thanh-tra.html", rules_for())
    articles = [u for u, k in links if k == "article"]
    listings = [u for u, k in links if k == "listing"]
    assert len(articles) == 10
    assert all(u.startswith(f"{BASE}/vi/thanh-tra/-/view_content/") for u in articles)
    # pagination: the copies HTTrack saved for _101_cur=1..10, query strings kept
    pages = {u.split("?", 1)[0].rsplit("/", 1)[1] for u in listings if "_101_cur=" in u}
    assert len(pages) >= 9
    assert "thanh-tra1246.html" in pages
    # links to other sections of the site are not followed
    assert not any("cai-cach-hanh-chinh" in u or "/en/" in u for u, _ in links)


def test_article_page_is_classified_as_article_and_truncated_names_still_match() -> None:
    rules = rules_for()
    odd = next(
        p for p in (FIXTURE_SITE / "vi" / "ke-hoach-tai-chinh" / "-" / "view_content").iterdir() if p.suffix == ".de"
    )
    url = f"{BASE}/vi/ke-hoach-tai-chinh/-/view_content/{odd.name}"
    assert rules.classify(url) == "article"
    assert rules.classify(f"{BASE}/vi/thanh-tra5594.html?p_p_id=101&_101_cur=4") == "listing"
    assert rules.classify(f"{BASE}/vi/ke-hoach-tai-chinh/-/view_content/pop_up/123-x.html") is None
    assert rules.classify("http://other.example/vi/thanh-tra/-/view_content/1-x.html") is None
    assert rules.classify(f"{BASE}/vi/lien-he.html") is None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../thanh-tra.html#top", "http://h/vi/thanh-tra.html"),
        ("javascript:;", None),
        ("mailto:a@b.vn", None),
        ("  ", None),
        ("#main-content", None),
    ],
)
def test_clean_href(href: str, expected: str | None) -> None:
    assert clean_href("http://h/vi/x/page.html", href) == expected


def test_simulator_feeds_and_sitemaps_list_its_articles() -> None:
    with SimulatorServer(count=60, seed=3) as sim:
        sources = sources_for(sim.base_url)
        found_rss = found_sitemap = 0
        for source in sources:
            rules = LinkRules.for_source(source, source_hosts(source))
            for url in source.rss:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    entries = parse_feed(resp.read(), url)
                assert entries, url
                assert all(rules.classify(e.url) == "article" for e in entries)
                found_rss += len(entries)
            for url in source.sitemaps:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    entries = parse_sitemap(resp.read(), url)
                assert entries, url
                for entry in entries:
                    assert entry.is_sitemap or rules.classify(entry.url) == "article"
                found_sitemap += len(entries)
        assert found_rss > 0
        assert found_sitemap > 0


def test_parse_sitemap_reads_lastmod_and_index_entries() -> None:
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>/sm-1.xml</loc><lastmod>2024-03-01</lastmod></sitemap></sitemapindex>"
    )
    entries = parse_sitemap(index, "http://h/sitemap.xml")
    assert [(e.url, e.is_sitemap, e.lastmod and e.lastmod.year) for e in entries] == [("http://h/sm-1.xml", True, 2024)]
    assert parse_sitemap(b"<html>not xml", "http://h/") == []


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=utf-8", b"", True),
        ("application/octet-stream", (FIXTURE_SITE / "vi" / "thanh-tra.html").read_bytes()[:4096], True),
        ("application/pdf", b"%PDF-1.4 ...", False),
        (None, b"\xef\xbb\xbf<!DOCTYPE html><html>", True),
        ("image/jpeg", b"\xff\xd8\xff\xe0", False),
    ],
)
def test_looks_like_html(content_type: str | None, body: bytes, expected: bool) -> None:
    assert looks_like_html(content_type, body) is expected
