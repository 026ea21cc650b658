"""The metadata calls extract makes (dates, places, directives, authors), behind one seam.

The metadata modules are written in parallel; until one is importable its call degrades to "nothing found"
rather than breaking extract.
"""

from __future__ import annotations

from datetime import date, datetime

from core.article import DirectiveRef


def pick_published(candidates: list[str], *, url: str, page_text: str, now: datetime,
                   not_before: date | None) -> datetime | None:
    """Publication date from platform candidates, labelled page dates, then the URL."""
    try:
        from cleaner.dates import pick_published as pick
    except ImportError:
        return None
    return pick(candidates, url=url, page_text=page_text, now=now, not_before=not_before)


def provinces(text: str) -> list[str]:
    """Current unit codes mentioned in the text."""
    try:
        from cleaner.places import provinces_mentioned
    except ImportError:
        return []
    return list(provinces_mentioned(text))


def province_of(code: str | None, url: str, published: datetime | None) -> tuple[str | None, str | None]:
    """(current code, code at publication) of the publisher: the source's code, else the portal domain's."""
    try:
        from cleaner.places import province_from_url, resolve_province
    except ImportError:
        return code, None
    return resolve_province(code or province_from_url(url), published)


def directives(text: str) -> list[DirectiveRef]:
    """Directive references cited in the text."""
    try:
        from cleaner.directives import extract_directives
    except ImportError:
        return []
    return list(extract_directives(text))


def split_author(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """Author from the body's tail lines, and the paragraphs without it."""
    try:
        from cleaner.authors import split_author as split
    except ImportError:
        return None, paragraphs
    return split(paragraphs)
