"""What a page is, by its content: article, notice, listing or other, with the main reason (pure, no I/O)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import html

PageVerdict = Literal["article", "notice", "listing", "other"]

# A link whose anchor has at least this many words reads like a headline (a teaser of another page).
HEADLINE_WORDS = 5
MAX_HEADLINE_WORDS = 40
# A page whose article-title is the anchor of a link to another page, and whose body is shorter than this, shows
# the lead of that page: a home or category page.
TEASER_MAX_WORDS = 120
# Headline links per body word past which the "body" is a list of teasers rather than a text of its own.
HEADLINES_PER_WORD = 1 / 4
MIN_HEADLINES = 25
# A page without an article of its own that links to this many headlines is a listing (revisited every run).
HUB_HEADLINES = 8
# A body in which this many paragraphs (and this share of them) are headlines of links to other pages is a list of
# teasers (title, date, summary per item), not a text of its own.
MIN_TEASERS = 4
TEASER_SHARE = 0.2
# A short text found by the generic extractor on a page with this many headline links is a box beside them (a
# poll, a welcome note on a home page), not a notice; an article's "other news" box holds fewer (8 on Liferay).
SHORT_BOX_HEADLINES = 12
# A body shorter than this (words) is a notice, not an article: "Xem file đính kèm", a schedule line.
NOTICE_WORDS = 50
_INDEX_NAMES = re.compile(r"/(?:index|default)\.(?:html?|aspx?|php|jsp)$", re.IGNORECASE)
_SKIP = ("javascript:", "mailto:", "tel:", "#", "data:")


@dataclass(frozen=True)
class Classified:
    """A page's kind and the main reason for it."""

    kind: PageVerdict
    reason: str


@dataclass(frozen=True)
class LinkProfile:
    """The in-host links of a page, read before boilerplate removal: anchor key -> target, and headline count."""

    page: str
    anchors: dict[str, set[str]]
    headlines: int


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _light_key(url: str) -> str:
    """A cheap page key (no canonicalisation): host, path without index name or trailing slash, query."""
    parts = urlsplit(url)
    path = _INDEX_NAMES.sub("/", parts.path).rstrip("/") or "/"
    return f"{(parts.hostname or '').lower()}{path}" + (f"?{parts.query}" if parts.query else "")


def link_profile(doc: html.HtmlElement, url: str) -> LinkProfile:
    """Anchors of the page's links to other pages of its host (one pass over <a href>)."""
    host = (urlsplit(url).hostname or "").lower()
    page = _light_key(url)
    anchors: dict[str, set[str]] = {}
    headlines = 0
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP):
            continue
        text = _key(a.text_content())
        if not text:
            continue
        key = _light_key(urldefrag(urljoin(url, href))[0])
        if key == page or not key.startswith(host + "/"):
            continue
        anchors.setdefault(text, set()).add(key)
        headlines += len(text.split()) >= HEADLINE_WORDS
    return LinkProfile(page, anchors, headlines)


def judge(title: str, paras: list[str], profile: LinkProfile, canonical: str, *, titled: bool = False) -> Classified:
    """Article, notice or listing from what the cleaner found (title, body length) and the page's links.

    A listing shows other pages' headlines: its "title" is the anchor of a link to another page (the lead of the
    newest article on a home page), or its headline links outnumber its own prose. A short text is a notice only
    when the platform's article-title element holds its title (`titled`) or the page is no hub of headlines: a poll
    or a welcome box beside a home page's headlines is no notice.
    """
    body_words = sum(len(p.split()) for p in paras)
    own = _light_key(canonical)
    targets = profile.anchors.get(_key(title), set()) - {own} or _headline_at_start(title, profile, own)
    if targets and body_words < TEASER_MAX_WORDS:
        return Classified("listing", f"the title links to another page ({sorted(targets)[0]}): a teaser")
    teasers = sum(1 for p in paras if _headline_at_start(p, profile, own))
    if teasers >= MIN_TEASERS and teasers >= TEASER_SHARE * len(paras):
        return Classified("listing", f"{teasers} of its {len(paras)} paragraphs are headlines linking to other pages")
    if profile.headlines >= MIN_HEADLINES and body_words * HEADLINES_PER_WORD < profile.headlines:
        return Classified("listing", f"{profile.headlines} headline links around {body_words} words of text")
    if body_words < NOTICE_WORDS and not titled and profile.headlines >= SHORT_BOX_HEADLINES:
        return Classified("listing", f"{profile.headlines} headline links around a short box ({body_words} words)")
    if body_words < NOTICE_WORDS:
        return Classified("notice", f"a short text ({body_words} words)")
    return Classified("article", f"a text of its own ({body_words} words)")


def _headline_at_start(text: str, profile: LinkProfile, own: str) -> set[str]:
    """The other pages whose headline (a link anchor of HEADLINE_WORDS words or more) opens `text`, e.g. a teaser
    line "<headline> 13/08/2025"."""
    words = _key(text).split()
    for n in range(min(len(words), MAX_HEADLINE_WORDS), HEADLINE_WORDS - 1, -1):
        if targets := profile.anchors.get(" ".join(words[:n]), set()) - {own}:
            return targets
    return set()


def without_article(reason: str, profile: LinkProfile, *, titled: bool) -> tuple[str, PageVerdict]:
    """(message, kind) for a page with no article of its own: a listing when it links to headlines (a category
    whose items the cleaner did not read as a list), else other. A page whose platform's article-title element is
    filled (`titled`: an empty notice, its content an attachment) is other, whatever lists surround it."""
    if not titled and profile.headlines >= HUB_HEADLINES:
        return f"listing page: {reason}, {profile.headlines} headline links", "listing"
    return reason, "other"


def verdict_of_error(message: str) -> PageVerdict:
    """The page kind behind a NotAnArticle message of the extractor."""
    return "listing" if message.startswith("listing page") else "other"
