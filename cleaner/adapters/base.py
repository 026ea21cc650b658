"""What a platform adapter returns (PageFields) and the adapter interface: page objects free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from lxml import etree, html

from cleaner.dom import text_of
from cleaner.rules import css_to_xpath


@dataclass
class PageFields:
    """Fields read from one page; None/empty means "not found here", and the generic extractor fills in."""

    title: str | None = None
    date_candidates: list[str] = field(default_factory=list)
    lead: str | None = None
    body: html.HtmlElement | None = None
    author_hints: list[str] = field(default_factory=list)
    listing: bool = False


class Adapter:
    """A platform page object: CSS selectors as class data, one generic reading routine.

    Subclasses set the selector tuples (tried in order, first hit wins); `scope` narrows every lookup to the
    main content container when the platform has one (e.g. Liferay's asset publisher).
    """

    platform: ClassVar[str] = "generic"
    scope: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[tuple[str, ...]] = ()
    dates: ClassVar[tuple[str, ...]] = ()
    lead: ClassVar[tuple[str, ...]] = ()
    body: ClassVar[tuple[str, ...]] = ()
    authors: ClassVar[tuple[str, ...]] = ()
    listing_items: ClassVar[tuple[str, ...]] = ()
    listing_min: ClassVar[int] = 3
    # Markup only a full article has; a page with listing items and none of these is a listing.
    article_marks: ClassVar[tuple[str, ...]] = ()

    def __init__(self, doc: html.HtmlElement, url: str) -> None:
        self.doc = doc
        self.url = url
        self.root = self._scope()

    @staticmethod
    def _all(node: html.HtmlElement, selectors: tuple[str, ...]) -> list[html.HtmlElement]:
        for sel in selectors:
            found: list[html.HtmlElement] = _compiled(sel)(node)
            if found:
                return found
        return []

    def _one(self, selectors: tuple[str, ...]) -> html.HtmlElement | None:
        found = self._all(self.root, selectors)
        return found[0] if found else None

    def _scope(self) -> html.HtmlElement:
        found = self._all(self.doc, self.scope)
        return found[0] if found else self.doc

    def read(self) -> PageFields:
        """Read every field this platform's markup gives."""
        items = self._all(self.root, self.listing_items)
        body = self._one(self.body)
        title = text_of(self._one(self.title)) or None
        lead_node = self._one(self.lead)
        return PageFields(
            title=title,
            date_candidates=[t for t in (_date_text(n) for n in self._all(self.root, self.dates)) if t],
            lead=text_of(lead_node) or None,
            body=body,
            author_hints=[t for t in (text_of(n) for n in self._all(self.root, self.authors)) if t],
            listing=len(items) >= self.listing_min and not self._all(self.root, self.article_marks or self.body),
        )


def _date_text(node: html.HtmlElement) -> str:
    """A date element's machine-readable attribute (time[datetime], meta content) or else its text."""
    for attr in ("datetime", "content"):
        value: str | None = node.get(attr)
        if value and any(ch.isdigit() for ch in value):
            return value.strip()
    return text_of(node)


_CACHE: dict[str, etree.XPath] = {}


def _compiled(selector: str) -> etree.XPath:
    xp = _CACHE.get(selector)
    if xp is None:
        xp = _CACHE[selector] = css_to_xpath(selector)
    return xp
