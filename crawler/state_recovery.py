"""Damaged SQLite files a crawl writes (crawl state, WARC index): detected before the crawl opens them, set aside,
and rebuilt from what survives (the WARC files and the search index)."""

from __future__ import annotations

import logging
from pathlib import Path

from archive.index import index_archive, open_for_reading, read_record
from archive.reader import ArchiveUnreadable
from core.ids import canonical_url
from core.search import BackendUnavailable, SearchBackend, SearchQuery
from core.settings import Settings
from core.sqlite_files import problem, set_aside
from crawler.state import CrawlState

log = logging.getLogger(__name__)
PAGE = 200  # articles per search page while listing the index


def recover_state(settings: Settings) -> list[str]:
    """[] when the crawl state is sound (or absent); else set it aside, rebuild what the archive and the search
    index still know, and return one line naming the damaged file. FileUnusable when it cannot be moved."""
    path = settings.state_path
    why = problem(path)
    if why is None:
        return []
    aside = set_aside(path, why, "crawl state")
    known = rebuild_state(settings, path)
    log.warning(
        "the crawl state was damaged (%s): moved to %s; %d known articles rebuilt from the WARC index and the search "
        "index, every other page is fetched again",
        why,
        aside,
        known,
    )
    return [f"{aside.name} (crawl state: {why}; {known} known articles rebuilt)"]


def recover_warc_index(settings: Settings) -> list[str]:
    """[] when the WARC index is sound (or absent); else set it aside and index the WARC files again (it holds
    nothing they do not), returning one line naming the damaged file. FileUnusable when it cannot be moved."""
    path = settings.warc_index_path
    why = problem(path)
    if why is None:
        return []
    aside = set_aside(path, why, "WARC index")
    added = index_archive(settings.archive_dir, path)
    log.warning("the WARC index was damaged (%s): moved to %s; %d archived responses indexed again", why, aside, added)
    return [f"warc/{aside.name} (WARC index: {why}; {added} responses indexed again)"]


def indexed_pages(backend: SearchBackend) -> dict[str, str]:
    """Canonicalised page URL -> article id of every article in the search index (read page by page)."""
    out: dict[str, str] = {}
    cursor: str | None = None
    while True:
        result = backend.search(SearchQuery(sort="oldest", size=PAGE, facets=(), cursor=cursor))
        out.update((canonical_url(hit.url), hit.id) for hit in result.hits)
        cursor = result.next_cursor
        if cursor is None or not result.hits:
            return out


def rebuild_state(settings: Settings, path: Path) -> int:
    """A fresh state at `path` that knows each archived article page whose article the search index holds (its
    validators and content hash read from the archived copy, its page kind and text identity from the indexed
    article, so a page another URL duplicates stays settled); returns how many. Listings are revisited anyway."""
    from crawler.sink import text_key
    from crawler.spiders.portal import content_hash
    from indexer.factory import get_backend

    state = CrawlState(path)
    archive = open_for_reading(settings.warc_index_path)
    if archive is None:
        state.close()
        return 0
    backend = get_backend(settings)
    known = 0
    try:
        backend.ensure_schema()
        ids = indexed_pages(backend)
        for ref in archive.latest_articles():
            aid = ids.get(ref.url)
            if aid is None:
                continue  # its article is not in the index (or it was no article): fetched again, which is safe
            try:
                page = read_record(settings.archive_dir, ref)
            except ArchiveUnreadable:
                continue
            article = backend.get(aid)
            state.done(
                page.url,
                source_id=page.source_id,
                status=page.status,
                etag=page.headers.get("etag"),
                last_modified=page.headers.get("last-modified"),
                content_hash=content_hash(page.body),
                article_id=aid,
                page_kind=article.kind if article is not None else None,
                text_hash=text_key(article) if article is not None else None,
            )
            known += 1
    except BackendUnavailable as exc:  # the index cannot be read now: what is not rebuilt is fetched again
        log.warning("rebuilding the crawl state stopped after %d known articles: %s", known, exc)
    finally:
        archive.close()
        backend.close()
        state.close()
    return known
