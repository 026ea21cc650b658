"""Where a story's copies were published: on the same portal as the article shown, or on another portal."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from core.search import Hit, SearchBackend

MAX_MEMBERS = 1000  # a group's members read to split its copies (star groups of real copies hold a handful)


def portal(source_id: str | None, url: str) -> str:
    """The portal a page was published on: its source id, else its URL's host."""
    return source_id or (urlsplit(url).hostname or "")


def split(backend: SearchBackend, hits: Iterable[Hit]) -> dict[str, tuple[int, int]]:
    """{hit id: (copies on the same portal, copies on other portals)} for the collapsed hits that have copies,
    counted over every other member of the hit's group (one group read per such hit)."""
    out: dict[str, tuple[int, int]] = {}
    for hit in hits:
        if not hit.duplicates:
            continue
        here = portal(hit.source_id, hit.url)
        others = [a for a in backend.group(hit.dup_group or hit.id, limit=MAX_MEMBERS) if a.id != hit.id]
        same = sum(portal(a.source_id, a.url) == here for a in others)
        out[hit.id] = (same, len(others) - same)
    return out
