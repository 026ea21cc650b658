"""The simulator over real HTTP: page markup per platform, listings, feeds, robots.txt, awkward pages."""

from __future__ import annotations

import html
import re
import time
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin
from urllib.robotparser import RobotFileParser
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from simulator.corpus import SimArticle
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from simulator.textfx import today_header, wordpress_date
from simulator.urls import listing_path
from tests.simulator.conftest import SLOW_DELAY

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BOILERPLATE = (
    "Trang chủ", "›", "Số lượt truy cập", "Đang truy cập", "Thăm dò ý kiến", "Ý kiến bạn đọc", "Gửi ý kiến",
    "Gửi mail", "Chia sẻ", "A+", "A-", "Ghi rõ nguồn", "khi phát hành lại thông tin", "LIÊN KẾT WEBSITE",
)  # fmt: skip
MARKERS = {
    "liferay": ('class="aui ltr"', "var Liferay=", 'id="p_p_id_101_"', "In bài viết", "Các tin khác",
                "asset-control-detail", "Truy cập nội dung luôn"),
    "tandan": ("ms-rtestate-field", "tandan-div-article-other", "In bài viết", "__VIEWSTATE"),
    "nukeviet": ('itemtype="http://schema.org/NewsArticle"', "Những tin mới hơn", "Những tin cũ hơn", "Tác giả:"),
    "sharepoint-trang": ("ctl00_PlaceHolderMain", "In bài viết", "Tin liên quan"),
    "wordpress": ('content="WordPress', "wp-content/", "entry-content", "Bài viết liên quan", "Ban Biên tập"),
}  # fmt: skip
# XPaths for each field, and a regex turning the printed date into (d, m, y, H, M[, AM/PM]).
FIELDS = {
    "liferay": ('//div[@id="p_p_id_101_"]//div[@class="asset-full-content-title"]',
                '//div[@id="p_p_id_101_"]//div[@class="asset-full-content clearfix default-asset-publisher"]'
                '/div[contains(@class,"assetPublishDate")]',
                '//p[@class="sapo"]', '//div[@id="p_p_id_101_"]//div[@class="journal-content-article"]/p[not(@class)]',
                '//p[@class="texttacgia"]', r"^(\d\d)/(\d\d)/(\d{4}) \| (\d{1,2}):(\d\d) (AM|PM)$"),
    "tandan": ('//p[@class="tandan-p-article-news-title"]', '//span[@class="tandan-span-date-publish"]',
               '//p[@class="tandan-p-article-news-summary"]',
               '//div[@class="tandan-p-article-main"]/p[position()<last()]',
               '//div[@class="tandan-p-article-main"]/p[last()]',
               r"^Đăng ngày (\d\d)/(\d\d)/(\d{4}) \| (\d\d):(\d\d)$"),
    "nukeviet": ('//h1[@itemprop="headline"]', '//span[@class="h5"]', '//div[@itemprop="description"]',
                 '//div[@id="news-bodyhtml"]/p', '//div[@itemprop="author"]/span[@itemprop="name"]',
                 r"^(\d\d):(\d\d) (\d\d)/(\d\d)/(\d{4})$"),
    "sharepoint-trang": ('//h1[@class="title"]', '//span[@class="date"]', '//div[@class="trich-yeu"]',
                         '//div[@class="noi-dung"]/p[not(@style)]', '//div[@class="noi-dung"]/p[@style]',
                         r"^(?:Thứ \w+|Chủ nhật), (\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{1,2})'\(GMT\+7\)$"),
    "wordpress": ('//h1[@class="entry-title"]', '//time[contains(@class, "entry-date")]/@datetime',
                  '//div[@class="entry-summary"]', '//div[@class="entry-content"]/p[position()<last()]',
                  '//div[@class="entry-content"]/p[last()]', r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):00\+07:00$"),
}  # fmt: skip


def fetch(url: str) -> tuple[int, str, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8"), time.perf_counter() - start
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8"), time.perf_counter() - start


def text(node: lxml.html.HtmlElement | str) -> str:
    if isinstance(node, str):  # an attribute value
        return node
    return " ".join(unicodedata.normalize("NFC", node.text_content()).split())


def parse_date(platform: str, printed: str) -> datetime:
    m = re.match(FIELDS[platform][5], printed)
    assert m, (platform, printed)
    g = m.groups()
    if platform == "nukeviet":
        hh, mm, d, mo, y = map(int, g)
    elif platform == "wordpress":
        y, mo, d, hh, mm = map(int, g)
    else:
        d, mo, y, hh, mm = map(int, g[:5])
        if platform == "liferay":
            hh = hh % 12 + (12 if g[5] == "PM" else 0)
    return datetime(y, mo, d, hh, mm, tzinfo=TZ)


def first(server: SimulatorServer, site_id: str, pred) -> SimArticle:
    for i in server.corpus.site_articles(site_id):
        art = server.corpus.article(i)
        if pred(art):
            return art
    pytest.fail(f"no such article on {site_id}")


@pytest.mark.parametrize("platform", list(FIELDS))
def test_article_page_has_fields_boilerplate_and_platform_markup(server, platform):
    site = next(s for s in server.corpus.sites if s.platform == platform)
    art = first(server, site.id, lambda a: a.kind == "ok" and not a.traps and a.directive_keys)
    status, page, _ = fetch(server.base_url + art.url_path)
    assert status == 200
    for needle in (*BOILERPLATE, *MARKERS[platform], today_header()):
        assert needle in html.unescape(page), needle
    if platform == "liferay":  # footers spell Vietnamese letters as numeric references
        assert "&#7897;" in page
    doc = lxml.html.fromstring(page)
    title_xp, date_xp, summary_xp, body_xp, author_xp, _ = FIELDS[platform]
    assert [text(n) for n in doc.xpath(title_xp)] == [art.title]
    assert [text(n) for n in doc.xpath(summary_xp)] == [art.summary]
    assert [text(n) for n in doc.xpath(body_xp)] == art.paragraphs
    assert text(doc.xpath(author_xp)[0]) == art.author
    (printed,) = [text(n) for n in doc.xpath(date_xp)]
    assert parse_date(platform, printed) == art.published
    if platform == "nukeviet":
        (iso,) = doc.xpath('//span[@itemprop="datePublished"]/text()')
        assert datetime.fromisoformat(iso) == art.published
    if platform == "tandan":
        assert f"/{art.published.year}-{art.published.month}-{art.published.day}/" in art.url_path
    if platform == "wordpress":
        assert f"/{art.published:%Y/%m/%d}/" in art.url_path
        assert wordpress_date(art.published) in page


def test_listings_reached_through_links_cover_every_article_exactly_once(server):
    on_listings: Counter[str] = Counter()
    for source in sources_for(server.base_url):
        listing_re = [re.compile(p) for p in source.listing_patterns]
        article_re = [re.compile(p) for p in source.article_patterns]
        todo, seen = list(source.start_urls[1:]), set(source.start_urls[1:])
        while todo:
            url = todo.pop()
            status, page, _ = fetch(url)
            assert status == 200, url
            links = {urldefrag(urljoin(url, h)).url for h in lxml.html.fromstring(page).xpath("//a/@href")}
            for link in links:
                if any(r.search(link) for r in article_re):
                    on_listings[link] += 1
                elif any(r.search(link) for r in listing_re) and link not in seen:
                    seen.add(link)
                    todo.append(link)
    expected = {server.base_url + a.url_path for a in server.corpus.iter_articles()}
    assert set(on_listings) == expected
    assert set(on_listings.values()) == {1}


def test_rss_lists_the_newest_articles(server):
    feeds = [u for s in sources_for(server.base_url) for u in s.rss]
    assert feeds
    for url in feeds:
        status, body, _ = fetch(url)
        assert status == 200
        items = ET.fromstring(body).findall("./channel/item")
        site_id = url[len(server.base_url) :].split("/")[1]
        newest = [server.corpus.article(i) for i in server.corpus.recent(site_id, len(items))]
        assert 0 < len(items) <= server.corpus.site_count(site_id)
        assert [i.findtext("link") for i in items] == [server.base_url + a.url_path for a in newest]
        assert [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items] == [a.published for a in newest]


def test_robots_txt_sitemaps_list_every_article_of_their_site(server):
    _, robots, _ = fetch(server.base_url + "/robots.txt")
    sitemaps = re.findall(r"^Sitemap: (\S+)$", robots, flags=re.M)
    assert sitemaps
    for index_url in sitemaps:
        ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        children = [e.text or "" for e in ET.fromstring(fetch(index_url)[1]).findall("sm:sitemap/sm:loc", ns)]
        locs = [e.text or "" for c in children for e in ET.fromstring(fetch(c)[1]).findall("sm:url/sm:loc", ns)]
        site_id = index_url[len(server.base_url) :].split("/")[1]
        wanted = [server.base_url + server.corpus.article(i).url_path for i in server.corpus.site_articles(site_id)]
        assert sorted(locs) == sorted(wanted)


def test_robots_txt_disallows_the_search_pages_every_page_links_to(server):
    status, robots, _ = fetch(server.base_url + "/robots.txt")
    assert status == 200
    parser = RobotFileParser()
    parser.parse(robots.splitlines())
    for site in server.corpus.sites:
        search = f"{server.base_url}/{site.id}{site.search}"
        art = first(server, site.id, lambda a: a.kind == "ok")
        assert not parser.can_fetch("govnews", search)
        assert parser.can_fetch("govnews", server.base_url + art.url_path)
        page = fetch(server.base_url + art.url_path)[1]
        assert f'href="/{site.id}{site.search}"' in page.replace("&amp;", "&")
    before = sum(server.disallowed_hits.values())
    assert fetch(f"{server.base_url}/{server.corpus.sites[0].id}{server.corpus.sites[0].search}")[0] == 200
    assert sum(server.disallowed_hits.values()) == before + 1


def test_awkward_pages(server):
    corpus = server.corpus
    site_ids = [s.id for s in corpus.sites]
    error = next(corpus.article(i) for i in range(len(corpus)) if corpus.article(i).kind == "error")
    status, page, _ = fetch(server.base_url + error.url_path)
    assert status == 200
    assert "Object reference not set to an instance of an object." in page
    assert error.title not in page
    broken = next(corpus.article(i) for i in range(len(corpus)) if corpus.article(i).kind == "malformed")
    status, page, _ = fetch(server.base_url + broken.url_path)
    assert status == 200
    assert "</html>" not in page
    assert broken.paragraphs[0][:20] in page
    slow = next(corpus.article(i) for i in range(len(corpus)) if corpus.article(i).kind == "slow")
    with ThreadPoolExecutor(2) as pool:
        slow_future = pool.submit(fetch, server.base_url + slow.url_path)
        time.sleep(0.05)
        _, _, fast_elapsed = fetch(server.base_url + "/robots.txt")
        status, page, slow_elapsed = slow_future.result()
    assert status == 200
    assert slow.title in page
    assert slow_elapsed >= SLOW_DELAY > fast_elapsed
    combining = next(corpus.article(i) for i in range(len(corpus)) if "combining" in corpus.article(i).traps)
    page = fetch(server.base_url + combining.url_path)[1]
    assert not unicodedata.is_normalized("NFC", page)
    entities = next(corpus.article(i) for i in range(len(corpus)) if "entities" in corpus.article(i).traps)
    page = fetch(server.base_url + entities.url_path)[1]
    assert re.search(r"&[a-z]+acute;", page)
    pictured = next(corpus.article(i) for i in range(len(corpus)) if corpus.article(i).caption)
    page = unicodedata.normalize("NFC", html.unescape(fetch(server.base_url + pictured.url_path)[1]))
    assert pictured.caption in page
    assert pictured.caption not in pictured.body
    assert set(site_ids) >= {error.site_id, broken.site_id}


def test_not_found_and_head(server):
    site = server.corpus.sites[0]
    assert fetch(server.base_url + "/nowhere/")[0] == 404
    assert fetch(f"{server.base_url}/{site.id}/vi/khong-co-muc")[0] == 404
    last = server.corpus.page_count(site.id, 0)
    assert fetch(f"{server.base_url}/{site.id}/vi/{site.categories[0].slug}?_101_cur={last + 1}")[0] == 404
    req = urllib.request.Request(server.base_url + "/robots.txt", method="HEAD")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200
        assert int(resp.headers["Content-Length"]) > 0
        assert resp.read() == b""


def test_concurrent_requests_are_served(server):
    urls = [
        server.base_url + server.corpus.article(i).url_path for i in range(40) if server.corpus.article(i).kind == "ok"
    ]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(fetch, urls))
    assert all(status == 200 for status, _, _ in results)
    assert all(server.hits[u[len(server.base_url) :]] >= 1 for u in urls)


def conditional(url: str, headers: dict[str, str]) -> int:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.parametrize("platform", list(FIELDS))
def test_conditional_get_answers_304_where_the_platform_sends_validators(server, platform):
    site = next(s for s in server.corpus.sites if s.platform == platform)
    art = first(server, site.id, lambda a: a.kind == "ok")
    url = server.base_url + art.url_path
    with urllib.request.urlopen(url, timeout=10) as resp:
        etag, last_modified = resp.headers["ETag"], resp.headers["Last-Modified"]
    if platform in ("tandan", "sharepoint-trang"):  # dynamic ASP.NET pages: no validators, always 200
        assert etag is None
        assert last_modified is None
        return
    assert parsedate_to_datetime(last_modified) == art.published
    before = server.not_modified
    assert conditional(url, {"If-None-Match": etag}) == 304
    assert conditional(url, {"If-Modified-Since": last_modified}) == 304
    assert conditional(url, {"If-None-Match": '"something-else"'}) == 200
    assert conditional(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}) == 200
    assert server.not_modified == before + 2


def test_publishing_puts_new_articles_on_page_one_and_in_the_feed():
    with SimulatorServer(count=100, seed=5, slow_delay=0.0, capacity=200) as sim:
        site = next(s for s in sim.corpus.sites if "rss" in s.feeds)
        source = next(s for s in sources_for(sim.base_url) if s.id == site.id)
        old_paths = {sim.corpus.article(i).url_path for i in range(100)}
        sim.publish(40)
        newest = sim.corpus.article(sim.corpus.recent(site.id, 1)[0])
        assert newest.article_no >= 100
        assert newest.url_path not in old_paths
        feed = fetch(source.rss[0])[1]
        assert sim.base_url + newest.url_path in feed
        cat_no = [c.slug for c in site.categories].index(newest.category)
        page_one = fetch(sim.base_url + listing_path(site, site.categories[cat_no], 1, site.page_size))[1]
        assert newest.url_path in page_one
        assert fetch(sim.base_url + newest.url_path)[0] == 200
        assert {sim.corpus.article(i).url_path for i in range(100)} == old_paths


def test_home_pages_link_the_newest_articles_and_every_category(server):
    for source in sources_for(server.base_url):
        status, page, _ = fetch(source.start_urls[0])
        assert status == 200
        links = {urldefrag(urljoin(source.start_urls[0], h)).url for h in lxml.html.fromstring(page).xpath("//a/@href")}
        newest = server.corpus.article(server.corpus.recent(source.id, 1)[0])
        assert server.base_url + newest.url_path in links
        assert set(source.start_urls[1:]) <= links
