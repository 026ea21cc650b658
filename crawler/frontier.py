"""Discovery: every in-host link of an HTML page, ordered for the crawl budget, and the page's own feeds.

Which links come first or never is data (the tables below), not code: pagination and headline-like anchors first,
print views, tag clouds, search results, login and calendar pages never, files that are no HTML page never.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from crawler.links import LinkRules, clean_href

# File types that are never an HTML page (archived nowhere, fetched never).
NOT_PAGES = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z|gz|tgz|jpe?g|png|gif|bmp|webp|svg|ico|css|js|json|mp[34]"
    r"|avi|wmv|flv|mov|swf|exe|msi|apk|txt|woff2?|ttf|eot)$",
    re.IGNORECASE,
)
# Pages that hold no article of their own: print/mail views, search, tags, login, calendars, site tools.
NEVER = re.compile(
    r"(?:[?&](?:print|in|email|sendmail|share|q|keyword|k|tag|lang|redirect|returnurl)=)|p_p_state=(?:pop_up|exclusive)|p_p_mode=(?:print|edit)"
    r"|/(?:print|in-bai|inbai|sendmail|gui-mail|search|tim-kiem|timkiem|tag|tags|the|login|dang-nhap|dangnhap"
    r"|logout|dang-ky|register|lich|calendar|su-kien-lich|rss|feed|sitemap|so-do-website|lien-he|contact"
    r"|osssearchresults\.aspx|_layouts/15/(?:osssearch|authenticate)|admin|wp-admin|wp-login\.php)(?:[/.?]|$)",
    re.IGNORECASE,
)
# Pagination: a next/numbered page of a listing (its URL, or its anchor text).
PAGINATION_URL = re.compile(
    r"(?:[?&](?:page|paged|p|trang|pageindex|pagenumber|start|offset|[a-z0-9_]*_cur|cur)=\d+)"
    r"|/(?:page|trang|p)[/-]?\d+(?:[/.]|$)",
    re.IGNORECASE,
)
PAGINATION_TEXT = re.compile(r"^(?:\d{1,4}|[»›>]+|[«‹<]+|tiếp|sau|trang sau|trang tiếp|next|cuối|last|xem thêm)$",
                             re.IGNORECASE)
HEADLINE_WORDS = 5  # an anchor this long reads like an article's headline
PRIORITY = {"pagination": 16, "listing_template": 15, "headline": 14, "article_template": 14, "link": 8, "outside": 4}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# Where portals commonly serve a sitemap and a feed without announcing them: probed once per run for a source found
# by discovery. A probe that is not there (4xx) is expected, counted as `probe_missing`, never as a failure.
PROBES = {"sitemap": ("/sitemap.xml",), "feed": ("/rss", "/feed", "/rss.xml")}


@dataclass
class Discovered:
    """What one page offers the frontier: (url, priority) of its in-host links, and its feeds."""

    links: list[tuple[str, int]] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)


def followable(url: str, rules: LinkRules) -> bool:
    """An in-scope http(s) link to something that may be an HTML page worth fetching."""
    path = urlsplit(url).path
    return rules.in_scope(url) and not NOT_PAGES.search(path) and not NEVER.search(url)


def under_base(url: str, rules: LinkRules) -> bool:
    """Under the folder of the source's base URL. A page outside it (a section's article published under the
    portal's root, or another source on the same host) is fetched and classified, but its links are not followed."""
    base = urlsplit(rules.source.base_url).path
    base = base[: base.rfind("/") + 1] or "/"
    return (urlsplit(url).path + "/").startswith(base)


def link_priority(url: str, anchor: str) -> int:
    """Pagination first, then headline-like anchors, then any other link."""
    text = " ".join(anchor.split())
    if PAGINATION_URL.search(url) or PAGINATION_TEXT.match(text):
        return PRIORITY["pagination"]
    if len(text.split()) >= HEADLINE_WORDS:
        return PRIORITY["headline"]
    return PRIORITY["link"]


def discover(body: bytes, page_url: str, rules: LinkRules) -> Discovered:
    """The followable links of an HTML page in document order, each once, and its <link rel=alternate> feeds."""
    out = Discovered()
    if not body.strip():
        return out
    try:
        doc = lxml.html.fromstring(body)
    except (etree.ParserError, ValueError):
        return out
    base = page_url
    for href in doc.xpath("//base/@href")[:1]:
        base = clean_href(page_url, str(href)) or page_url
    for link in doc.xpath("//link[@rel='alternate'][@href]"):
        if (link.get("type") or "").lower() in FEED_TYPES:
            url = clean_href(base, link.get("href", ""))
            if url and rules.in_scope(url):
                out.feeds.append(url)
    seen: set[str] = set()
    for a in doc.iter("a"):
        url = clean_href(base, a.get("href") or "")
        if url is None or url in seen or not followable(url, rules):
            continue
        seen.add(url)
        out.links.append((url, link_priority(url, a.text_content())))
    return out
