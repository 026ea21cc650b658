"""SQLite crawl state: per-URL fetch history, validators, content hash and article id."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.ids import canonical_url
from core.sqlite_files import BatchedWrites

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    source_id TEXT,
    kind TEXT NOT NULL,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    article_id TEXT,
    first_seen TEXT NOT NULL,
    last_fetched TEXT,
    last_changed TEXT,
    fetch_count INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    page_kind TEXT,
    reason TEXT,
    text_hash TEXT
);
CREATE INDEX IF NOT EXISTS pages_source ON pages(source_id, kind);
CREATE INDEX IF NOT EXISTS pages_article ON pages(article_id);
"""
# Columns added after the first release: (name, type), added to an older file at open.
_ADDED = (("page_kind", "TEXT"), ("reason", "TEXT"), ("text_hash", "TEXT"))
_TEXT_INDEX = "CREATE INDEX IF NOT EXISTS pages_text ON pages(text_hash)"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PageState:
    """What the state DB remembers about one URL."""

    url: str
    source_id: str | None
    kind: str
    status: int | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    article_id: str | None
    last_fetched: datetime | None
    fetch_count: int
    error: str | None
    page_kind: str | None = None  # what the cleaner found: article, notice, listing, other, duplicate
    reason: str | None = None  # the main reason for page_kind

    @property
    def is_known_article(self) -> bool:
        """An article page fetched successfully at least once."""
        return self.kind == "article" and self.status in (200, 304) and self.content_hash is not None

    def conditional_headers(self) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from the stored validators."""
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def fetched_within(self, age: timedelta, now: datetime | None = None) -> bool:
        """True when the last successful fetch is more recent than `age`."""
        if self.last_fetched is None:
            return False
        return (now or datetime.now(UTC)) - self.last_fetched < age


class CrawlState(BatchedWrites):
    """URL -> last fetch, status, ETag/Last-Modified, content hash, article id (one SQLite file)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path))
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        have = {str(row[1]) for row in self._db.execute("PRAGMA table_info(pages)")}
        for name, kind in _ADDED:
            if name not in have:
                self._db.execute(f"ALTER TABLE pages ADD COLUMN {name} {kind}")
        self._db.execute(_TEXT_INDEX)
        self._db.commit()

    def get(self, url: str) -> PageState | None:
        """The stored state of a URL (canonicalised), or None if never seen."""
        row = self._db.execute(
            "SELECT url, source_id, kind, status, etag, last_modified, content_hash, article_id, last_fetched,"
            " fetch_count, error, page_kind, reason FROM pages WHERE url = ?",
            (canonical_url(url),),
        ).fetchone()
        if row is None:
            return None
        return PageState(
            url=row[0],
            source_id=row[1],
            kind=row[2],
            status=row[3],
            etag=row[4],
            last_modified=row[5],
            content_hash=row[6],
            article_id=row[7],
            last_fetched=datetime.fromisoformat(row[8]) if row[8] else None,
            fetch_count=row[9],
            error=row[10],
            page_kind=row[11],
            reason=row[12],
        )

    def record_fetch(
        self,
        url: str,
        *,
        source_id: str | None,
        kind: str,
        status: int,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        page_kind: str | None = None,
        reason: str | None = None,
        text_hash: str | None = None,
    ) -> bool:
        """Store a completed fetch; return True when the content hash changed (or is new). A page kind, reason or
        text hash not given keeps the one stored."""
        key = canonical_url(url)
        now = _now()
        old = self.get(key)
        changed = old is None or old.content_hash != content_hash
        self._db.execute(
            """INSERT INTO pages (url, source_id, kind, status, etag, last_modified, content_hash, first_seen,
                                  last_fetched, last_changed, fetch_count, error, page_kind, reason, text_hash)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET
                 source_id = excluded.source_id, kind = excluded.kind, status = excluded.status,
                 etag = excluded.etag, last_modified = excluded.last_modified,
                 content_hash = excluded.content_hash, last_fetched = excluded.last_fetched,
                 last_changed = CASE WHEN pages.content_hash IS excluded.content_hash
                                     THEN pages.last_changed ELSE excluded.last_changed END,
                 fetch_count = pages.fetch_count + 1, error = NULL,
                 page_kind = COALESCE(excluded.page_kind, pages.page_kind),
                 reason = COALESCE(excluded.reason, pages.reason),
                 text_hash = COALESCE(excluded.text_hash, pages.text_hash)""",
            (key, source_id, kind, status, etag, last_modified, content_hash, now, now, now, page_kind, reason,
             text_hash),
        )
        self._tick()
        return changed

    def record_not_modified(self, url: str) -> None:
        """A conditional request answered 304: the page is unchanged, remember we checked."""
        self._db.execute(
            "UPDATE pages SET last_fetched = ?, fetch_count = fetch_count + 1, error = NULL WHERE url = ?",
            (_now(), canonical_url(url)),
        )
        self._tick()

    def record_error(
        self, url: str, *, source_id: str | None, kind: str, error: str, status: int | None = None
    ) -> None:
        """A failed fetch (HTTP error, timeout, DNS): keep any earlier validators and content hash."""
        now = _now()
        self._db.execute(
            """INSERT INTO pages (url, source_id, kind, status, first_seen, error) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET error = excluded.error,
                 status = COALESCE(excluded.status, pages.status)""",
            (canonical_url(url), source_id, kind, status, now, error[:500]),
        )
        self._tick()

    def set_article_id(self, url: str, article_id: str | None) -> None:
        """Link a fetched page to the Article the cleaner made of it (None: not an article)."""
        self._db.execute("UPDATE pages SET article_id = ? WHERE url = ?", (article_id, canonical_url(url)))
        self._tick()

    def done(
        self,
        url: str,
        *,
        source_id: str | None,
        status: int,
        etag: str | None,
        last_modified: str | None,
        content_hash: str | None,
        article_id: str | None,
        page_kind: str | None = None,
        reason: str | None = None,
        text_hash: str | None = None,
        revisit: bool = False,
    ) -> None:
        """A page whose outcome is durable (indexed, spooled, or not an article): a known article, or (a listing
        found by discovery, `revisit`) a listing page that later runs fetch again."""
        self.record_fetch(
            url,
            source_id=source_id,
            kind="listing" if revisit and page_kind == "listing" else "article",
            status=status,
            etag=etag,
            last_modified=last_modified,
            content_hash=content_hash,
            page_kind=page_kind,
            reason=reason,
            text_hash=text_hash,
        )
        self.set_article_id(url, article_id)

    def page_of(self, article_id: str) -> str | None:
        """A page URL already settled under this article id, if any."""
        row = self._db.execute("SELECT url FROM pages WHERE article_id = ? LIMIT 1", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def page_with_text(self, text_hash: str) -> str | None:
        """A page URL already settled whose article has this text (same title and body), if any."""
        row = self._db.execute(
            "SELECT url FROM pages WHERE text_hash = ? AND article_id IS NOT NULL LIMIT 1", (text_hash,)
        ).fetchone()
        return str(row[0]) if row else None

    def page_kinds(self, source_id: str) -> list[tuple[str, str]]:
        """(url, page kind) of every page of a source the cleaner has classified."""
        rows = self._db.execute(
            "SELECT url, page_kind FROM pages WHERE source_id = ? AND page_kind IS NOT NULL", (source_id,)
        ).fetchall()
        return [(str(u), str(k)) for u, k in rows]

    def articles_since(self, since: datetime) -> list[tuple[str, str]]:
        """(url, article_id) of known articles fetched at or after `since`."""
        rows = self._db.execute(
            "SELECT url, article_id FROM pages WHERE kind = 'article' AND article_id IS NOT NULL"
            " AND content_hash IS NOT NULL AND last_fetched >= ?",
            (since.astimezone(UTC).isoformat(timespec="seconds"),),
        ).fetchall()
        return [(str(u), str(a)) for u, a in rows]

    def forget(self, urls: list[str]) -> None:
        """Make pages unknown again (content hash and validators dropped) so the next crawl fetches them."""
        self._db.executemany(
            "UPDATE pages SET content_hash = NULL, etag = NULL, last_modified = NULL WHERE url = ?",
            [(canonical_url(u),) for u in urls],
        )
        self.commit()

    def count(self, kind: str | None = None) -> int:
        """Number of URLs known (optionally of one kind)."""
        if kind is None:
            return int(self._db.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
        return int(self._db.execute("SELECT COUNT(*) FROM pages WHERE kind = ?", (kind,)).fetchone()[0])

