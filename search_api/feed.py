"""Render a query's newest hits as an RSS 2.0 feed (a saved search a reader can subscribe to)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from core.labels import Labels
from core.search import SearchResult
from search_api.markup import plain, safe_marked
from search_api.params import SearchParams

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def feed_title(params: SearchParams, labels: Labels) -> str:
    """ "govnews: trẻ em — Đắk Lắk, 20-CT/TW" from the query and its filters."""
    parts = [labels.label(name, v) for name, values in params.filters().items() for v in values]
    title = f"govnews: {params.q.strip() or 'tất cả bài viết'}"
    return f"{title} — {', '.join(parts)}" if parts else title


def _rfc822(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        return format_datetime(datetime.fromisoformat(iso))
    except ValueError:
        return None


def render_rss(result: SearchResult, params: SearchParams, labels: Labels, page_url: str, self_url: str) -> bytes:
    """The RSS document for `result` (hits newest first), linking back to the page with the same query."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = feed_title(params, labels)
    ET.SubElement(channel, "link").text = page_url
    ET.SubElement(channel, "description").text = f"Tin mới nhất khớp với tìm kiếm ({result.total} bài)."
    ET.SubElement(channel, "language").text = "vi"
    ET.SubElement(channel, "lastBuildDate").text = format_datetime(datetime.now(UTC))
    ET.SubElement(channel, f"{{{ATOM}}}link", {"href": self_url, "rel": "self", "type": "application/rss+xml"})
    for hit in result.hits:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = hit.title
        ET.SubElement(item, "link").text = hit.url
        ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = hit.id
        ET.SubElement(item, "description").text = (
            safe_marked(hit.snippet) if "<mark>" in hit.snippet else plain(hit.snippet)
        )
        published = _rfc822(hit.published)
        if published:
            ET.SubElement(item, "pubDate").text = published
        label = labels.province(hit.province)
        for category in ([label] if label else []) + hit.directives:
            ET.SubElement(item, "category").text = category
    return bytes(ET.tostring(rss, encoding="utf-8", xml_declaration=True))
