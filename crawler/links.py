"""Classify URLs against a Source's patterns, and pull article URLs out of RSS/Atom feeds and sitemaps."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree
from scrapy.utils.gz import gunzip

from core.source import Source
from crawler.sitemap import iter_locs

Kind = Literal["article", "listing", "feed", "sitemap", "page"]
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")


@dataclass
class LinkRules:
    """Compiled patterns of one source: what is an article, a listing, or off limits."""

    source: Source
    hosts: set[str] = field(default_factory=set)
    articles: list[re.Pattern[str]] = field(default_factory=list)
    listings: list[re.Pattern[str]] = field(default_factory=list)
    deny: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def for_source(cls, source: Source, hosts: list[str]) -> LinkRules:
        """Compile a source's regexes."""
        return cls(
            source=source,
            hosts={h.lower() for h in hosts},
            articles=[re.compile(p) for p in source.article_patterns],
            listings=[re.compile(p) for p in source.listing_patterns],
            deny=[re.compile(p) for p in source.deny_patterns],
        )

    def on_host(self, url: str) -> bool:
        """An http(s) URL on one of the source's hosts (or an allowed subdomain)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def in_scope(self, url: str) -> bool:
        """On the source's hosts and not denied."""
        return self.on_host(url) and not any(p.search(url) for p in self.deny)

    def classify(self, url: str) -> Kind | None:
        """ "article", "listing" or None (not followed); article patterns win over listing patterns."""
        if not self.in_scope(url):
            return None
        if any(p.search(url) for p in self.articles):
            return "article"
        if any(p.search(url) for p in self.listings):
            return "listing"
        return None


def clean_href(base_url: str, href: str) -> str | None:
    """Absolute URL without fragment, or None for javascript:/mailto:/empty links."""
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    return urldefrag(urljoin(base_url, href))[0]


def looks_like_html(content_type: str | None, body: bytes) -> bool:
    """An HTML page (by Content-Type, or by sniffing: mirrors serve saved pages as octet-stream)."""
    if content_type and ("html" in content_type.lower() or "xml" in content_type.lower()):
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head


def page_links(body: bytes, page_url: str, rules: LinkRules) -> list[tuple[str, Kind]]:
    """Article and listing links of an HTML page, in document order, each once (honours <base href>)."""
    if not body.strip():
        return []
    try:
        doc = lxml.html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    base = page_url
    for href in doc.xpath("//base/@href")[:1]:
        base = clean_href(page_url, str(href)) or page_url
    seen: set[str] = set()
    out: list[tuple[str, Kind]] = []
    for href in doc.xpath("//a/@href"):
        url = clean_href(base, str(href))
        if url is None or url in seen:
            continue
        seen.add(url)
        kind = rules.classify(url)
        if kind is not None:
            out.append((url, kind))
    return out


@dataclass(frozen=True)
class FeedEntry:
    """A URL found in a feed or sitemap, with its last-modified date when given."""

    url: str
    lastmod: datetime | None = None
    is_sitemap: bool = False


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


class TooLarge(ValueError):
    """A gzip body that inflates past the cap (a decompression bomb, or a sitemap far beyond the 50 MB rule)."""


def unpack(body: bytes, max_size: int) -> bytes | None:
    """The body, gunzipped when it is gzip, inflated at most to `max_size` bytes (TooLarge past it)."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError as exc:  # scrapy's _DecompressionMaxSizeExceeded
        raise TooLarge(f"inflates past {max_size} bytes") from exc
    except (OSError, EOFError):
        return None


def _entry_link(entry: Any) -> str | None:
    """The entry's page: rel=alternate (never an enclosure or self link), else a permalink guid."""
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    if entry.get("guidislink") and entry.get("id"):
        return str(entry["id"])
    return None


def parse_feed(body: bytes, base_url: str, *, max_size: int) -> list[FeedEntry]:
    """Item links of an RSS 2.0 / RSS 1.0 / Atom feed (feedparser; gzip inflated at most to `max_size`)."""
    data = unpack(body, max_size)
    if not data:
        return []
    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    out: list[FeedEntry] = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        url = clean_href(base_url, link) if link else None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        if url:
            out.append(FeedEntry(url, date))
    return out


def parse_sitemap(body: bytes, base_url: str, *, max_size: int) -> Iterator[FeedEntry]:
    """<loc> entries of a sitemap or sitemap index (gzip inflated at most to `max_size`), with <lastmod>.

    The body is inflated now (TooLarge now); the entries are parsed as they are taken (crawler.sitemap), so a
    caller whose budget is spent stops the parse.
    """
    return _sitemap_entries(unpack(body, max_size), base_url)


def _sitemap_entries(data: bytes | None, base_url: str) -> Iterator[FeedEntry]:
    for entry in iter_locs(data or b""):
        if url := clean_href(base_url, entry.loc):
            yield FeedEntry(url, _parse_date(entry.lastmod), is_sitemap=entry.in_index)
