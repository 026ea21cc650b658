"""lxml helpers: parse, strip boilerplate nodes, and turn a node into clean paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree, html
from lxml.html import HtmlElement

from cleaner.bounds import parser
from cleaner.nesting import unnest
from cleaner.rules import Rules
from cleaner.textrepair import dedupe_paragraphs, join_hard_breaks, remove_noise, repair_text

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption",
    "center", "address", "hr", "caption",
})
_CELL_TAGS = frozenset({"td", "th"})
_BLANK = re.compile(r"\n[ \t]*\n")
# Link text is marked while walking the tree so that lists of links can be told from prose.
LINK_OPEN, LINK_CLOSE = "\x01", "\x02"
_LINKED = re.compile("\x01([^\x02]*)\x02?")
ALL_LINK_SHARE = 0.9
_PROSE_WORDS = 15
LINK_RUN = 3  # this many link-only paragraphs at the end of a body are a related list
TAIL_PROSE_WORDS = 200  # at most this much prose after a tail marker: it is a related list or comments
_HAS_WORD = re.compile(r"[^\W_]")  # a paragraph of only "|" or "*" separators is not text
_TOO_DEEP = "Excessive depth in document"  # libxml2's message when it drops deeper markup


def parse(text: str) -> HtmlElement:
    """Parse a page with lxml (fast, lenient); an XML declaration or BOM is tolerated."""
    return parse_page(text)[0]


def parse_page(text: str) -> tuple[HtmlElement, bool]:
    """The parsed page, and whether the parser dropped markup nested deeper than it allows.

    The parser's `huge_tree` lifts libxml2's depth limit from 256 to 2048 levels: old portals leave `<p><font>`
    unclosed paragraph after paragraph, and a browser shows all of them; such paragraphs are then un-nested
    (cleaner.nesting). Deeper markup is still dropped, and reported.
    """
    text = text.lstrip("\ufeff")
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2:]
    lenient = parser()
    doc = html.document_fromstring(text or "<html></html>", parser=lenient)
    too_deep = any(_TOO_DEEP in str(e.message) for e in lenient.error_log)
    unnest(doc)
    return doc, too_deep


def text_of(node: HtmlElement | None) -> str:
    """The node's text on one line, repaired and whitespace-collapsed."""
    if node is None:
        return ""
    return " ".join(repair_text(node.text_content()).split())


def first(node: HtmlElement, xpath: etree.XPath | str) -> HtmlElement | None:
    """First match of an XPath (compiled or string) under `node`, or None."""
    found = xpath(node) if isinstance(xpath, etree.XPath) else node.xpath(xpath)
    return found[0] if found else None


def drop(nodes: Iterable[HtmlElement]) -> None:
    """Remove nodes from the tree, keeping their tail text."""
    for node in list(nodes):
        parent = node.getparent()
        if parent is not None:
            node.drop_tree()


def strip_boilerplate(node: HtmlElement, rules: Rules, *, body: bool = False,
                      platform: str = "generic") -> None:
    """Remove never-content tags and rule-selected widgets (menus, toolbars, related lists) under `node`;
    for a chosen body node (`body=True`) also page-structure elements nested in it (the platform's own)."""
    matcher = rules.body_drop(platform) if body else rules.drop
    drop(el for el in matcher.find(node) if el is not node)


def _walk(root: HtmlElement, out: list[str], drop_tags: frozenset[str]) -> None:
    """Append the text of `root` (and its tail) with block and line marks, in document order.

    Iterative: unclosed markup nests thousands of levels deep, past Python's recursion limit.
    """
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]  # (element, closing)
    while stack:
        el, closing = stack.pop()
        tag = el.tag
        kept = isinstance(tag, str) and tag not in drop_tags
        if not closing:
            if kept:
                if tag in BLOCK_TAGS:
                    out.append("\n\n")
                elif tag == "br":
                    out.append("\n")
                elif tag == "a":
                    out.append(LINK_OPEN)
                if el.text:
                    out.append(el.text)
                stack.append((el, True))
                stack.extend((child, False) for child in reversed(el))
                continue
        elif tag == "a":
            out.append(LINK_CLOSE)
        elif tag in BLOCK_TAGS:
            out.append("\n\n")
        elif tag in _CELL_TAGS:
            out.append(" \n")
        if el.tail:
            out.append(el.tail)


def raw_blocks(node: HtmlElement, rules: Rules) -> list[list[str]]:
    """The node's text as blocks (block elements) of lines (<br>), unrepaired."""
    out: list[str] = []
    if node.text:
        out.append(node.text)
    for child in node:
        _walk(child, out, rules.drop_tags)
    blocks = _BLANK.split("".join(out).replace("\r", "\n"))
    return [[" ".join(line.split()) for line in block.split("\n")] for block in blocks]


def _marked_paragraphs(node: HtmlElement, rules: Rules) -> list[tuple[str, int]]:
    """Every paragraph of the node, repaired and hard breaks joined, with its count of link characters."""
    out: list[tuple[str, int]] = []
    # One repair for the whole node (blocks joined by a blank line, lines by "\n"; repair keeps both): one call
    # instead of one per block, and encoding detection sees the whole text's evidence.
    joined = "\n\n".join("\n".join(ln for ln in block if ln) for block in raw_blocks(node, rules))
    for block_text in remove_noise(repair_text(joined), rules.inline_noise).split("\n\n"):
        for marked in join_hard_breaks(block_text.split("\n")):
            linked = sum(len(m) for m in _LINKED.findall(marked))
            para = " ".join(marked.replace(LINK_OPEN, "").replace(LINK_CLOSE, "").split())
            if para:
                out.append((para, linked))
    return out


def _prose_words(rest: list[tuple[str, int]]) -> int:
    """Words of non-link text in the paragraphs."""
    return sum(len(p.split()) for p, linked in rest if linked < ALL_LINK_SHARE * len(p))


def paragraphs(node: HtmlElement | None, rules: Rules, *, cut_tail: bool = True) -> list[str]:
    """Clean paragraphs of a body node: repaired text, hard breaks joined, boilerplate lines dropped,
    a trailing related-list or comment section cut at its heading, consecutive duplicates collapsed.

    A heading such as "Bình luận" only cuts when little prose follows it (links, form labels, short lines);
    followed by paragraphs of text it is a section heading of the article itself.
    """
    if node is None:
        return []
    marked = _marked_paragraphs(node, rules)
    result: list[str] = []
    all_link: list[bool] = []  # per kept paragraph: is it (nearly) all link text?
    for i, (para, linked) in enumerate(marked):
        if cut_tail and result and rules.is_tail_marker(para) and _prose_words(marked[i + 1:]) <= TAIL_PROSE_WORDS:
            break
        if not _HAS_WORD.search(para) or rules.is_boilerplate_line(para) or rules.is_meta_line(para):
            continue
        result.append(para)
        all_link.append(linked >= ALL_LINK_SHARE * len(para))
    return _finish(result, all_link, rules)


def _finish(paras: list[str], all_link: list[bool], rules: Rules) -> list[str]:
    """Drop a trailing run of link-only paragraphs (a related list with no heading) when text remains before
    it, collapse repeats, drop edge date lines."""
    run = 0
    while run < len(all_link) and all_link[len(all_link) - 1 - run]:
        run += 1
    if run >= LINK_RUN and run < len(paras):
        paras = paras[: len(paras) - run]
    return _drop_edge_date_lines(dedupe_paragraphs(paras), rules)


def _drop_edge_date_lines(paras: list[str], rules: Rules) -> list[str]:
    """Remove the page's date line when it sits among the first or last few blocks of the body."""
    n = len(paras)
    # the head zone ends at the first paragraph of prose: a dateline sits above the text, not below it
    first_prose = next((i for i, p in enumerate(paras) if len(p.split()) >= _PROSE_WORDS), n)
    head = min(rules.date_line_edge, first_prose)
    tail = max(n - rules.date_line_edge, first_prose + 1)
    return [p for i, p in enumerate(paras)
            if not ((i < head and rules.is_date_line(p)) or (i >= tail and rules.is_date_line(p, with_time=True)))]
