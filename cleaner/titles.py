"""Article title from the page head: og:title / <title> minus the site-name suffix, checked against headings."""

from __future__ import annotations

import re

from lxml import html

from cleaner.dom import text_of
from cleaner.rules import Rules
from cleaner.textrepair import repair_text

# Class/id words of site chrome around a heading: logo, header, menus, sidebar and portlet boxes.
_CHROME = re.compile(r"logo|brand|site-?name|(?<![\w-])header(?![\w-])|site-header|masthead|banner|menu|nav|sidebar|"
                     r"portlet-title|module-title|box-?title|widget|footer|breadcrumb", re.IGNORECASE)
_CHROME_DEPTH = 4
_MIN_WORDS, _MAX_WORDS = 3, 60
_PARAGRAPH_WORDS = 15
_LABEL_CHARS = 80  # link texts up to this long may be menu/breadcrumb category labels


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def meta_content(doc: html.HtmlElement, *names: str) -> str | None:
    """First non-empty <meta name|property=...> content among `names`."""
    for name in names:
        for el in doc.xpath(f"//meta[@property='{name}' or @name='{name}']"):
            value = " ".join(repair_text(el.get("content") or "").split())
            if value:
                return value
    return None


def strip_site_suffix(title: str, rules: Rules, labels: frozenset[str] = frozenset()) -> str:
    """Drop trailing (or leading) segments that name the site, and a category next to them.

    "Tên bài - Kế hoạch tài chính - Sở Thông Tin Và Truyền Thông" -> "Tên bài".
    Segments are cut only from the ends, and only while a segment names the site (rules.site_name_words); the
    segment before it goes too when it is one of the page's link `labels` (a menu or breadcrumb category), so
    "Động lực phát triển kinh tế - xã hội tỉnh X - Cổng …" keeps its "- xã hội tỉnh X".
    """
    for sep in rules.title_separators:
        if sep not in title:
            continue
        parts = [p.strip() for p in title.split(sep)]
        site_idx = [i for i, p in enumerate(parts) if rules.names_site(p)]
        if not site_idx or len(parts) < 2:
            continue
        if site_idx[-1] == len(parts) - 1:  # site at the end: keep the first segment(s) before any category
            keep = parts[: site_idx[0]] if site_idx[0] > 0 else parts[:1]
            if len(keep) > 1 and _key(keep[-1]) in labels:
                keep = keep[:-1]
            return sep.join(keep).strip()
        if site_idx[0] == 0:  # site first: "Sở X | Tên bài"
            return sep.join(parts[site_idx[-1] + 1:]).strip() or title
    return title.strip()


def _is_chrome(el: html.HtmlElement) -> bool:
    """The element or a near ancestor is the site's logo, header, menu or a sidebar box."""
    node: html.HtmlElement | None = el
    for _ in range(_CHROME_DEPTH):
        if node is None:
            return False
        label = f"{node.get('class', '')} {node.get('id', '')}"
        if node.tag in {"nav", "footer", "aside", "a", "li"} or _CHROME.search(label):
            return True
        node = node.getparent()
    return False


def heading_candidates(doc: html.HtmlElement, body: html.HtmlElement | None) -> list[str]:
    """Texts of headline-like elements (h1-h3, *title*/*tieude* classes) in document order, up to the body's
    first paragraph-length block; the site's logo, menus and sidebar boxes excluded."""
    stop = None
    if body is not None:
        stop = next((el for el in body.iter() if el is not body and isinstance(el.tag, str)
                     and len((el.text or "").split()) >= _PARAGRAPH_WORDS), None)
    out: list[str] = []
    for el in doc.iter():
        if el is stop:
            break
        if not isinstance(el.tag, str):
            continue
        cls = el.get("class", "")
        if el.tag in {"h1", "h2", "h3"} or "title" in cls or "tieude" in cls:
            text = text_of(el)
            if _MIN_WORDS <= len(text.split()) <= _MAX_WORDS and not _is_chrome(el):
                out.append(text)
    return out


def page_title(doc: html.HtmlElement, rules: Rules, body: html.HtmlElement | None = None) -> str | None:
    """Best title when no adapter gave one.

    1. a headline-like element whose text starts og:title/<title> (the page's own headline, site suffix aside);
    2. og:title with any site suffix removed (portals set it per article);
    3. the last headline-like element before the body's text (when `body` is given);
    4. <title> with its site suffix removed; else the first h1.
    """
    og = meta_content(doc, "og:title", "twitter:title")
    title_el = doc.find(".//title")
    raw = og or (text_of(title_el) if title_el is not None else "")
    key_raw = _key(raw)
    cands = heading_candidates(doc, body)
    prefix = [c for c in cands if len(c) >= 12 and key_raw.startswith(_key(c))]
    if prefix:
        return max(prefix, key=len)
    labels = frozenset(_key(a.text_content()) for a in doc.iter("a") if len(a.text_content()) <= _LABEL_CHARS)
    if og:
        return strip_site_suffix(og, rules, labels) or og
    if body is not None and cands:
        return cands[-1]
    if raw:
        return strip_site_suffix(raw, rules, labels) or raw
    h1 = doc.find(".//h1")
    return text_of(h1) or None
