"""Article title from the page head: og:title / <title> minus the site-name suffix, checked against headings."""

from __future__ import annotations

from lxml import html

from cleaner.dom import text_of
from cleaner.rules import Rules, load_rules
from cleaner.textrepair import repair_text
from core.textfold import fold

_HEADINGS = "//h1 | //h2 | //h3 | //*[contains(@class,'title') or contains(@class,'tieude')]"


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


def strip_site_suffix(title: str, rules: Rules | None = None) -> str:
    """Drop trailing (or leading) segments that name the site or are short categories.

    "Tên bài - Kế hoạch tài chính - Sở Thông Tin Và Truyền Thông" -> "Tên bài".
    Segments are cut only from the ends, and only while a segment names the site (rules.site_name_words);
    a short category next to such a segment goes with it.
    """
    rules = rules or load_rules()
    for sep in rules.title_separators:
        if sep not in title:
            continue
        parts = [p.strip() for p in title.split(sep)]
        site_idx = [i for i, p in enumerate(parts) if any(w in fold(p) for w in rules.site_name_folded)]
        if not site_idx or len(parts) < 2:
            continue
        if site_idx[-1] == len(parts) - 1:  # site at the end: keep the first segment(s) before any category
            keep = parts[: site_idx[0]] if site_idx[0] > 0 else parts[:1]
            if len(keep) > 1 and len(keep[-1].split()) <= 5:
                keep = keep[:-1]
            return sep.join(keep).strip()
        if site_idx[0] == 0:  # site first: "Sở X | Tên bài"
            return sep.join(parts[site_idx[-1] + 1:]).strip() or title
    return title.strip()


def page_title(doc: html.HtmlElement, rules: Rules | None = None) -> str | None:
    """Best title when no adapter gave one.

    A heading whose text starts the <title>/og:title wins (the page's own headline); else the head title
    with its site suffix removed; else the first h1.
    """
    rules = rules or load_rules()
    head = meta_content(doc, "og:title", "twitter:title")
    title_el = doc.find(".//title")
    raw = head or (text_of(title_el) if title_el is not None else "")
    key_raw = _key(raw)
    best: str | None = None
    if key_raw:
        for el in doc.xpath(_HEADINGS):
            text = text_of(el)
            if len(text) >= 12 and key_raw.startswith(_key(text)) and (best is None or len(text) > len(best)):
                best = text
    if best:
        return best
    if raw:
        return strip_site_suffix(raw, rules) or raw
    h1 = doc.find(".//h1")
    return text_of(h1) or None
