"""Link extraction and pattern matching on real pages of the Liferay mirror, and feed/sitemap parsing."""

from __future__ import annotations

import gzip
import tracemalloc
import urllib.request

import pytest

from core.limits import Limits
from crawler.links import LinkRules, TooLarge, clean_href, looks_like_html, page_links, parse_feed, parse_sitemap
from crawler.settings import source_hosts
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import FIXTURE_SITE, fixture_source

CAP = Limits().download_bytes

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
                    entries = parse_feed(resp.read(), url, max_size=CAP)
                assert entries, url
                assert all(rules.classify(e.url) == "article" for e in entries)
                found_rss += len(entries)
            for url in source.sitemaps:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    entries = list(parse_sitemap(resp.read(), url, max_size=CAP))
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
    entries = list(parse_sitemap(index, "http://h/sitemap.xml", max_size=CAP))
    assert [(e.url, e.is_sitemap, e.lastmod and e.lastmod.year) for e in entries] == [("http://h/sm-1.xml", True, 2024)]
    assert list(parse_sitemap(b"<html>not xml", "http://h/", max_size=CAP)) == []


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


# -- feeds through feedparser: the three cases the hand-written parser got wrong ------------------------------

ATOM_WITH_ENCLOSURE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title><link rel="self" href="http://a.gov.vn/atom.xml"/>
<entry><title>Hội nghị</title><id>urn:1</id><updated>2024-05-01T10:00:00+07:00</updated>
<link rel="alternate" href="/tin/hoi-nghi.html"/>
<link rel="enclosure" type="image/jpeg" href="http://a.gov.vn/anh/hoi-nghi.jpg"/></entry></feed>""".encode()

RSS_GUID_ONLY_AND_SELF_LINK = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin</title><link>http://a.gov.vn/</link>
<atom:link rel="self" href="http://a.gov.vn/rss.xml" type="application/rss+xml"/>
<item><title>Chỉ thị</title><guid isPermaLink="true">http://a.gov.vn/tin/chi-thi.html</guid>
<pubDate>Wed, 01 May 2024 10:00:00 +0700</pubDate></item>
<item><title>Kế hoạch</title><link>http://a.gov.vn/tin/ke-hoach.html</link>
<atom:link rel="self" href="http://a.gov.vn/rss.xml"/></item>
</channel></rss>""".encode()


def test_atom_entry_with_an_enclosure_gives_the_page_not_the_image() -> None:
    entries = parse_feed(ATOM_WITH_ENCLOSURE, "http://a.gov.vn/atom.xml", max_size=CAP)
    assert [e.url for e in entries] == ["http://a.gov.vn/tin/hoi-nghi.html"]
    assert entries[0].lastmod is not None
    assert entries[0].lastmod.isoformat() == "2024-05-01T03:00:00+00:00"


def test_permalink_guid_only_item_is_kept_and_self_link_after_the_link_is_ignored() -> None:
    entries = parse_feed(RSS_GUID_ONLY_AND_SELF_LINK, "http://a.gov.vn/rss.xml", max_size=CAP)
    assert [e.url for e in entries] == ["http://a.gov.vn/tin/chi-thi.html", "http://a.gov.vn/tin/ke-hoach.html"]


def test_garbage_and_empty_feeds_give_nothing() -> None:
    assert parse_feed(b"", "http://a.gov.vn/rss.xml", max_size=CAP) == []
    assert parse_feed(b"\x1f\x8bnot gzip", "http://a.gov.vn/rss.xml", max_size=CAP) == []
    assert parse_feed(b"<html><body>502 Bad Gateway</body></html>", "http://a.gov.vn/rss.xml", max_size=CAP) == []


# -- gzip bombs -----------------------------------------------------------------------------------------------


def _bomb(inflated: int) -> bytes:
    head = gzip.compress(b"<?xml version='1.0'?><urlset>", 9)
    block = gzip.compress(b"\0" * (8 << 20), 9)
    return head + block * (inflated // (8 << 20))  # gzip members concatenated inflate as one stream


def test_a_gzip_bomb_sitemap_is_refused_within_100_mb() -> None:
    bomb = _bomb(1 << 30)  # 1 GiB inflated, about 1 MB on the wire
    assert len(bomb) < 2 << 20
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge):
            parse_sitemap(bomb, "http://a.gov.vn/sitemap.xml.gz", max_size=CAP)
        with pytest.raises(TooLarge):
            parse_feed(bomb, "http://a.gov.vn/rss.xml.gz", max_size=CAP)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 << 20, f"peak {peak / 2**20:.0f} MiB"


def test_a_small_gzip_sitemap_still_works() -> None:
    body = gzip.compress(b"<urlset><url><loc>http://a.gov.vn/tin/1.html</loc><lastmod>2024-05-01</lastmod></url></urlset>")
    entries = list(parse_sitemap(body, "http://a.gov.vn/sitemap.xml.gz", max_size=CAP))
    assert [e.url for e in entries] == ["http://a.gov.vn/tin/1.html"]
    with pytest.raises(TooLarge):
        parse_sitemap(body, "http://a.gov.vn/sitemap.xml.gz", max_size=20)
