"""Generic extractor for portals no adapter covers: paragraph votes, link density and class hints pick the body."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from lxml import html

from cleaner.adapters.base import Adapter, PageFields
from cleaner.dom import text_of

_POSITIVE = re.compile(
    r"article|content|detail|chitiet|chi-tiet|noidung|noi-dung|post|entry|body|news|main|story|text|baiviet", re.I)
_NEGATIVE = re.compile(
    r"menu|nav|footer|header|sidebar|side-bar|banner|comment|related|other|tinkhac|tin-khac|lienket|lien-ket|link|"
    r"widget|share|social|tag|breadcrumb|pagination|paging|counter|thongke|thong-ke|poll|vote|advert|quangcao|"
    r"right|left|col-md-3|col-md-4|span3|span4|hidden|modal|popup|login|search|marquee|slide|weather|calendar", re.I)
_PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "td", "li", "dd", "h2", "h3", "h4", "div", "span", "font"})
_CANDIDATE_TAGS = frozenset({"div", "td", "article", "section", "main", "body", "table", "tbody", "tr", "form",
                             "ul", "span", "font", "center", "blockquote"})


LISTING_HEADLINE_WORDS = 6  # a link this long reads as an article headline
LISTING_MIN_ITEMS = 5
LISTING_LINK_SHARE = 0.3
LISTING_DEPTH = 5  # how many wrappers up an item box may sit
LEAD_MIN_WORDS = 15  # a bold first paragraph this long is the sapo
LEAD_BOLD_SHARE = 0.9
LEAD_SCAN = 3  # blocks looked at for it


@dataclass
class _Stat:
    words: int = 0
    link_words: int = 0
    own_words: int = 0
    commas: int = 0


def _count(text: str | None) -> tuple[int, int]:
    if not text:
        return 0, 0
    return len(text.split()), text.count(",")


def _stats(root: html.HtmlElement) -> dict[html.HtmlElement, _Stat]:
    """Word and link-word counts per element in one post-order pass (iterative: unclosed markup nests deeper
    than Python's recursion limit)."""
    stats: dict[html.HtmlElement, _Stat] = {}
    stack: list[tuple[html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        if not done:
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el) if isinstance(child.tag, str))
            continue
        st = _Stat()
        st.own_words, st.commas = _count(el.text)
        for child in el:
            w, c = _count(child.tail)
            st.own_words += w
            st.commas += c
            if isinstance(child.tag, str):
                cs = stats[child]
                st.words += cs.words
                st.link_words += cs.link_words
        st.words += st.own_words
        if el.tag == "a":
            st.link_words = st.words
        stats[el] = st
    return stats


# Framework parts of ids say nothing about content: "ctl00_ContentPlaceHolder1_pnlLeft" is a left panel,
# "dnn_ctr420_ContentPane" a pane, "p_p_id_101_" a portlet.
_FRAMEWORK_ID = re.compile(
    r"ctl\d+_?|ContentPlaceHolder\d*_?|PlaceHolder(?:Main|Left|Right)?_?|dnn_?(?:ctr\d+_?)?|ContentPane|"
    r"p_p_id_?|_?101_|MSOZoneCell_?|WebPartWPQ\d+|ctl00_m_g_[\w]+", re.I)


def _class_weight(el: html.HtmlElement) -> float:
    label = f"{el.get('class', '')} {_FRAMEWORK_ID.sub(' ', el.get('id', ''))}"
    if not label.strip():
        return 1.0
    weight = 1.0
    if _NEGATIVE.search(label):
        weight *= 0.3
    if _POSITIVE.search(label):
        weight *= 1.6
    return weight


def best_body(root: html.HtmlElement) -> html.HtmlElement | None:
    """The element whose paragraphs carry the most non-link text (readability-style voting)."""
    stats = _stats(root)
    scores: dict[html.HtmlElement, float] = {}
    for el, st in stats.items():
        if el.tag not in _PARAGRAPH_TAGS or st.own_words < 8:
            continue
        density = st.link_words / st.words if st.words else 1.0
        if density > 0.5:
            continue
        score = 1.0 + st.commas + min(st.own_words / 15.0, 6.0)
        parent = el.getparent()
        if el.tag in _CANDIDATE_TAGS and el.tag not in {"span", "font"}:
            scores[el] = scores.get(el, 0.0) + score
        depth = 0
        while parent is not None and depth < 3:
            if parent.tag in _CANDIDATE_TAGS:
                scores[parent] = scores.get(parent, 0.0) + score / (1.0 + depth)
            parent = parent.getparent()
            depth += 1
    best, best_score = None, 0.0
    for el, score in scores.items():
        st = stats[el]
        density = st.link_words / st.words if st.words else 1.0
        final = score * (1.0 - density) * _class_weight(el)
        if final > best_score:
            best, best_score = el, final
    while best is not None and best.tag in {"span", "font", "tbody", "tr"} and best.getparent() is not None:
        best = best.getparent()
    return best


class GenericAdapter(Adapter):
    """No platform markup: common class names first, text-density scoring for the body when they miss."""

    platform = "generic"
    title = ("h1.title", "h1.entry-title", ".title-detail", ".news-title", ".article-title", ".detail-title",
             ".title_detail", ".tieude", "h1:not(.portlet-title):not(.logo):not(.site-title)")
    dates = ("[itemprop='datePublished']", "time[datetime]", ".publish-date", ".post-date", ".news-date",
             ".date-detail", ".ngaydang", ".time", ".date", "[class*='date']", "[class*='time']", "[class*='ngay']",
             "[class*='Ngay']", "[id*='date']", "[id*='Date']", "[id*='ngay']", "[id*='Ngay']", "[class*='publish']")
    lead = (".sapo", ".lead", ".summary", ".tomtat", ".description", ".detail-sapo", ".news-summary",
            "[class*='sapo']", "[class*='tomtat']", "[class*='tom-tat']", "[class*='trich-yeu']", "[class*='trichyeu']",
            "[id*='TrichYeu']", "[class*='summary']", "[class*='chapeau']", "div[itemprop='description']",
            "p[itemprop='description']")
    body = ()

    def read(self) -> PageFields:
        """Selectors for title/date/lead; the body is the best-scoring block of the (already stripped) page."""
        fields = super().read()
        body_root = self.doc.find("body")
        fields.body = best_body(body_root if body_root is not None else self.doc)
        fields.listing = fields.body is not None and looks_like_listing(fields.body)
        if fields.body is not None and not fields.lead:
            fields.lead = take_bold_lead(fields.body)
        return fields


def take_bold_lead(body: html.HtmlElement) -> str | None:
    """The sapo many portals print as the body's first paragraph, all in bold: returned and removed.

    Headings and short paragraphs before it (a date line) are skipped; the first paragraph of sapo length
    decides.
    """
    blocks = (el for el in body.iter("p") if el is not body and el.text_content().strip())
    for el in itertools.islice(blocks, LEAD_SCAN):
        text = " ".join(el.text_content().split())
        if len(text.split()) < LEAD_MIN_WORDS:
            continue
        bold = " ".join(" ".join(b.text_content().split()) for b in el.iter("b", "strong"))
        if len(bold) < LEAD_BOLD_SHARE * len(text):
            return None
        lead = text_of(el)
        el.drop_tree()
        return lead
    return None


def looks_like_listing(node: html.HtmlElement) -> bool:
    """A category page, not an article: the best block is one of several alike items each with a link,
    or many headline-sized links carry much of its text.

    An article may link a few documents; a listing links one headline per item.
    """
    item: html.HtmlElement | None = node
    for _ in range(LISTING_DEPTH):  # the block itself, or an item box around it, repeated with a link in each
        parent = item.getparent() if item is not None else None
        if item is None or parent is None:
            break
        if item.get("class") is not None:
            alike = [s for s in parent if s.tag == item.tag and s.get("class") == item.get("class")]
            if len(alike) >= LISTING_MIN_ITEMS - 1 and all(s.find(".//a") is not None for s in alike):
                return True
        item = parent
    headlines = [a for a in node.iter("a") if len(a.text_content().split()) >= LISTING_HEADLINE_WORDS]
    if len(headlines) < LISTING_MIN_ITEMS:
        return False
    words = len(node.text_content().split()) or 1
    return sum(len(a.text_content().split()) for a in headlines) / words >= LISTING_LINK_SHARE
