"""Render a query's newest hits as an RSS 2.0 feed (a saved search a reader can subscribe to)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from cleaner.textrepair import strip_xml_illegal as xml_text
from core.labels import Labels
from core.search import SearchResult
from search_api.markup import plain, safe_marked
from search_api.params import SearchParams
from search_api.resolve import Notice

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def add(parent: ET.Element, tag: str, text: str | None, attrib: dict[str, str] | None = None) -> ET.Element:
    """A child element with XML-safe text and attributes."""
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in (attrib or {}).items()})
    element.text = None if text is None else xml_text(text)
    return element


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


def render_rss(
    result: SearchResult,
    params: SearchParams,
    labels: Labels,
    page_url: str,
    self_url: str,
    notices: Sequence[Notice] = (),
) -> bytes:
    """The RSS document for `result` (hits newest first), linking back to the page with the same query; the
    channel's description ends with the notices about how the query was read ("Lưu ý: …")."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    add(channel, "title", feed_title(params, labels))
    add(channel, "link", page_url)
    notes = " ".join(n.message for n in notices)
    description = f"Tin mới nhất khớp với tìm kiếm ({result.total} bài)."
    add(channel, "description", f"{description} Lưu ý: {notes}" if notes else description)
    add(channel, "language", "vi")
    add(channel, "lastBuildDate", format_datetime(datetime.now(UTC)))
    add(channel, f"{{{ATOM}}}link", None, {"href": self_url, "rel": "self", "type": "application/rss+xml"})
    for hit in result.hits:
        item = ET.SubElement(channel, "item")
        add(item, "title", hit.title)
        add(item, "link", hit.url)
        add(item, "guid", hit.id, {"isPermaLink": "false"})
        add(item, "description", safe_marked(hit.snippet) if "<mark>" in hit.snippet else plain(hit.snippet))
        published = _rfc822(hit.published)
        if published:
            add(item, "pubDate", published)
        label = labels.province(hit.province)
        for category in ([label] if label else []) + [labels.label("directive", d) for d in hit.directives]:
            add(item, "category", category)
    return bytes(ET.tostring(rss, encoding="utf-8", xml_declaration=True))
