"""Markup left unclosed, repaired as a browser reads it: a paragraph opened inside another closes that one first."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

# Elements HTML closes when another of their kind opens inside them (through the inline elements between):
# old portals write "<p><font>…" paragraph after paragraph and never close one; lxml nests them ever deeper.
SELF_CLOSING = ("p",)
_NESTED = etree.XPath(" | ".join(f"//{tag}[ancestor::{tag}]" for tag in SELF_CLOSING))


def _last_in(el: HtmlElement, outer: HtmlElement) -> bool:
    """Nothing follows `el` inside `outer`: no text after it, no later sibling, at every level up."""
    while el is not outer:
        parent = el.getparent()
        if parent is None or (el.tail and el.tail.strip()) or el.getnext() is not None:
            return False
        el = parent
    return True


def unnest(doc: HtmlElement) -> int:
    """Lift each paragraph that sits at the end of another paragraph to follow it; returns how many moved.

    One nested deeper than its neighbours' text (content after it inside the outer one) is left as parsed.
    """
    moved = 0
    for el in _NESTED(doc):
        outer = list(el.iterancestors(*SELF_CLOSING))[-1]  # the outermost one (the XPath found one at least)
        if not _last_in(el, outer):
            continue
        el.tail, outer.tail = outer.tail, None
        outer.addnext(el)
        moved += 1
    return moved
