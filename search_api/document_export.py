"""A document's view as CSV (one row per unit) and as an RSS feed of its news: new units, new implementing plans."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from core.article import split_scope
from core.clock import VN_TZ
from core.labels import Labels
from search_api.documents import DocumentView
from search_api.feed import ATOM, add

CSV_COLUMNS = (
    "unit", "unit_label", "status", "articles", "all_articles", "first_mention", "first_article", "last_mention",
    "last_article", "plans", "plan_first_articles",
)  # fmt: skip
_DOC_TYPE = re.compile(r"^[^-/]+[-/](?:\d{4}/)?([^-/]+)")  # 48-KH/TU, 377/KH-UBND, 20/2021/NĐ-CP -> KH, KH, NĐ


def to_csv(view: DocumentView) -> str:
    """One row per unit (CSV_COLUMNS); several plans in one cell are separated by "; " (UTF-8 BOM added by caller)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([view.group, *CSV_COLUMNS[1:]])
    for row in view.units:
        first, last = row.first, row.last
        writer.writerow([
            row.unit, row.label, row.status, row.count, row.all,
            first.day.isoformat() if first and first.day else "", first.href if first else "",
            last.day.isoformat() if last and last.day else "", last.href if last else "",
            "; ".join(p.key for p in row.plans), "; ".join(p.first.href if p.first else "" for p in row.plans),
        ])  # fmt: skip
    return buf.getvalue()


def doc_type_name(key: str, labels: Labels) -> str:
    """ "nghe-an:48-KH/TU" -> "Kế hoạch" (by the type in the number); "Văn bản" when the type is not known."""
    m = _DOC_TYPE.match(split_scope(key)[1])
    return labels.directives.doc_types.get(m[1], "Văn bản") if m else "Văn bản"


def _when(day: date | None) -> str | None:
    return format_datetime(datetime.combine(day, time(), VN_TZ)) if day else None


def render_feed(view: DocumentView, labels: Labels, base_url: str, page_path: str, self_url: str) -> bytes:
    """RSS 2.0, newest first: "<unit> lần đầu nhắc <key>" per unit, "<type> <plan> thực hiện <target>" per plan."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    name = view.info.label
    add(channel, "title", f"govnews: {name} — đơn vị và kế hoạch thực hiện")
    add(channel, "link", base_url + page_path)
    add(channel, "description", f"Đơn vị lần đầu nhắc đến {name} và văn bản địa phương thực hiện {name}.")
    add(channel, "language", "vi")
    add(channel, "lastBuildDate", format_datetime(datetime.now(UTC)))
    add(channel, f"{{{ATOM}}}link", None, {"href": self_url, "rel": "self", "type": "application/rss+xml"})
    items: list[tuple[date, str, str, str, str]] = []  # day, title, link, guid, description
    for row in view.units:
        if row.first and row.first.day:
            items.append((row.first.day, f"{row.label} lần đầu nhắc {name}", row.first.href,
                          f"{view.info.key}#don-vi:{row.unit}", row.first.title))  # fmt: skip
    for plan in view.chain.flat():
        if plan.first and plan.first.day:
            target = labels.label("directive", plan.target)
            items.append((plan.first.day, f"{doc_type_name(plan.key, labels)} {plan.label} thực hiện {target}",
                          plan.first.href, f"{plan.target}#ke-hoach:{plan.key}", plan.sentence or plan.first.title))
    for day, title, link, guid, description in sorted(items, key=lambda i: (i[0], i[1]), reverse=True):
        item = ET.SubElement(channel, "item")
        add(item, "title", title)
        add(item, "link", base_url + link)
        add(item, "guid", guid, {"isPermaLink": "false"})
        add(item, "description", description)
        add(item, "pubDate", _when(day))
    return bytes(ET.tostring(rss, encoding="utf-8", xml_declaration=True))
