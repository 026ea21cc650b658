"""Stream a sitemap or sitemap index: one <url>/<sitemap> entry at a time (lxml iterparse), never the whole tree."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

ENTRY_TAGS = ("url", "sitemap")


@dataclass(frozen=True)
class SitemapLoc:
    """One entry as written: its <loc>, its <lastmod> text, and whether the file is a sitemap index."""

    loc: str
    lastmod: str | None
    in_index: bool


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def iter_locs(data: bytes) -> Iterator[SitemapLoc]:
    """The entries of a sitemap document, in order, read lazily: a caller that stops early parses no further.

    Each finished entry is cleared and dropped from the tree, so memory stays flat however many entries follow.
    Broken XML yields the entries before the damage (recover mode), a document that is not XML yields nothing.
    """
    events = etree.iterparse(
        io.BytesIO(data.lstrip()),
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    in_index = False
    depth = 0
    try:
        for event, node in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    in_index = _local(node.tag) == "sitemapindex"
                continue
            depth -= 1
            if depth != 1 or _local(node.tag) not in ENTRY_TAGS:
                if depth == 1:
                    _drop(node)
                continue
            loc: str | None = None
            lastmod: str | None = None
            for child in node:
                name = _local(child.tag)
                if name == "loc":
                    loc = (child.text or "").strip()
                elif name == "lastmod":
                    lastmod = child.text
            _drop(node)
            if loc:
                yield SitemapLoc(loc, lastmod, in_index)
    except etree.XMLSyntaxError:
        return


def _drop(node: etree._Element) -> None:
    """Free a finished top-level entry and any siblings before it."""
    node.clear()
    parent = node.getparent()
    if parent is not None:
        while node.getprevious() is not None:
            del parent[0]
