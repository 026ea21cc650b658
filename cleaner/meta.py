"""The metadata calls extract makes (dates, places, directives, authors), behind one seam."""

from __future__ import annotations

from datetime import date, datetime

from cleaner import authors, dates, directives, places
from core.article import DirectiveRef


def pick_published(candidates: list[str], *, url: str, page_text: str, now: datetime,
                   not_before: date | None) -> datetime | None:
    """Publication date from platform candidates, labelled page dates, then the URL."""
    return dates.pick_published(candidates, url=url, page_text=page_text, now=now, not_before=not_before)


def provinces(text: str) -> list[str]:
    """Current unit codes mentioned in the text."""
    return list(places.provinces_mentioned(text))


def province_of(code: str | None, url: str, published: datetime | None) -> tuple[str | None, str | None]:
    """(current code, code at publication) of the publisher: the source's code, else the portal domain's."""
    return places.resolve_province(code or places.province_from_url(url), published)


def cited_directives(text: str) -> list[DirectiveRef]:
    """Directive references cited in the text."""
    return list(directives.extract_directives(text))


def split_author(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """Author from the body's tail lines, and the paragraphs without it."""
    return authors.split_author(paragraphs)
