"""What one page may cost the cleaner: its bytes cut at `Limits.page_bytes`, its tree held to `Limits.dom_nodes`."""

from __future__ import annotations

from lxml import etree, html
from lxml.html import HtmlElement

# Formatting elements carry text, not structure: over the node budget they are unwrapped (their text kept, so
# nothing is lost) before anything is cut. A flood of "<b>x</b>" becomes text.
INLINE_TAGS = ("b", "i", "u", "s", "em", "strong", "font", "span", "small", "big", "sub", "sup", "abbr")


def parser() -> html.HTMLParser:
    """A fresh lenient lxml HTML parser (its error log is this parse's); `huge_tree` lifts libxml2's depth limit
    from 256 to 2048 levels (cleaner.dom)."""
    return html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)


_COUNT = etree.XPath("count(//*)")
_LAST = etree.XPath("(//*)[last()]")


def cut_bytes(data: bytes, cap: int) -> tuple[bytes, bool]:
    """`data` cut to at most `cap` bytes, before the last "<" inside the cap (no half tag, no half UTF-8
    character, since "<" is ASCII); (data, False) when it fits."""
    if len(data) <= cap:
        return data, False
    head = data[:cap]
    lt = head.rfind(b"<")
    if lt >= 0:
        return head[:lt], True
    return head.rstrip(bytes(range(0x80, 0x100))), True  # no tag at all: no half multi-byte character either


def cut_text(text: str, cap: int) -> tuple[str, bool]:
    """A decoded page held to `cap` bytes of UTF-8, as `cut_bytes` cuts raw bytes."""
    if len(text) <= cap // 4 or len(text.encode("utf-8")) <= cap:  # 4 bytes per character at most
        return text, False
    head, cut = cut_bytes(text.encode("utf-8"), cap)
    return head.decode("utf-8", errors="ignore"), cut


def node_count(doc: HtmlElement) -> int:
    """Elements in the tree (counted in C)."""
    return int(_COUNT(doc))


def last_element(doc: HtmlElement) -> HtmlElement | None:
    """The last element in document order: where a cut page's markup stops."""
    found = _LAST(doc)
    return found[0] if found else None


def prune(doc: HtmlElement, budget: int) -> tuple[HtmlElement, bool]:
    """The tree held to `budget` elements, and True when elements (and their text) were cut.

    First formatting elements are unwrapped in C (`strip_tags`) and the page is parsed again, which merges the
    text pieces they leave (lxml would otherwise re-join them on every read); if the tree is still over budget,
    everything after the budget-th element in document order is removed.
    """
    if node_count(doc) <= budget:
        return doc, False
    etree.strip_tags(doc, *INLINE_TAGS)
    doc = html.document_fromstring(html.tostring(doc, encoding="unicode"), parser=parser())
    if node_count(doc) <= budget:
        return doc, False
    nth: HtmlElement = doc.xpath(f"(//*)[{budget}]")[0]
    del nth[:]
    el = nth
    while (parent := el.getparent()) is not None:
        del parent[parent.index(el) + 1:]
        el = parent
    return doc, True
