"""Where each archived response sits (WARC file, byte offset) in a SQLite index, and reading one back from there.

The crawler's WARC writer adds a row per response as it writes it; the API looks up an article's URL and seeks
straight to its record, so serving an archived copy never scans the archive. `rebuild` fills the index from the
WARC files (archives written before the index existed, or after a crash lost the last uncommitted rows).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from archive.reader import (
    ARTICLE_KINDS,
    OPEN_SUFFIX,
    WARC_DATE,
    ArchivedResponse,
    ArchiveUnreadable,
    Damage,
    response_at,
    responses,
    warc_date,
    warc_files,
)
from core.ids import canonical_url
from core.sqlite_files import BatchedWrites

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url TEXT NOT NULL,
    file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    status INTEGER NOT NULL,
    fetched_at TEXT,
    kind TEXT,
    PRIMARY KEY (file, offset)
);
CREATE INDEX IF NOT EXISTS responses_url ON responses(url, status, fetched_at);
"""


@dataclass(frozen=True)
class RecordRef:
    """One indexed response record."""

    url: str
    file: str
    offset: int
    status: int
    fetched_at: datetime | None


def _ref(row: tuple[str, str, int, int, str | None]) -> RecordRef:
    return RecordRef(row[0], row[1], int(row[2]), int(row[3]), warc_date(row[4]))


class WarcIndex(BatchedWrites):
    """URL -> (file, offset) of every archived response, one SQLite file (WAL: the API reads while a crawl writes)."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path))
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)

    def add(self, *, url: str, file: str, offset: int, status: int, fetched_at: str | None, kind: str | None) -> None:
        """Record one response record (`file` is the final name, without OPEN_SUFFIX)."""
        self._db.execute(
            "INSERT OR REPLACE INTO responses (url, file, offset, status, fetched_at, kind) VALUES (?, ?, ?, ?, ?, ?)",
            (canonical_url(url), file, offset, status, fetched_at, kind),
        )
        self._tick()

    def captures(self, *urls: str) -> list[RecordRef]:
        """Every response archived for any of the URLs (compared canonically), whatever its status, newest first."""
        keys = list(dict.fromkeys(canonical_url(u) for u in urls if u))
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            f"SELECT url, file, offset, status, fetched_at FROM responses WHERE url IN ({marks})"
            " ORDER BY fetched_at DESC, file DESC, offset DESC",
            keys,
        ).fetchall()
        return [_ref(r) for r in rows]

    def latest_articles(self) -> list[RecordRef]:
        """The newest HTTP-200 response of every URL archived as an article page or a page found by discovery (to
        rebuild a crawl state)."""
        marks = ",".join("?" * len(ARTICLE_KINDS))
        rows = self._db.execute(
            f"SELECT url, file, offset, status, MAX(fetched_at) FROM responses"
            f" WHERE kind IN ({marks}) AND status = 200 GROUP BY url",
            ARTICLE_KINDS,
        ).fetchall()
        return [_ref(r) for r in rows]

    def count(self) -> int:
        """Indexed response records."""
        return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])



def newest_copy(captures: list[RecordRef]) -> RecordRef | None:
    """The newest capture the portal answered 200 (`captures` newest first, as WarcIndex.captures gives them)."""
    return next((r for r in captures if r.status == 200), None)


def captured_at(captures: list[RecordRef], when: datetime) -> RecordRef | None:
    """The capture fetched at `when` (to the second, as WARC-Date records it), or None."""
    moment = when.astimezone(UTC).replace(microsecond=0)
    return next((r for r in captures if r.fetched_at is not None and r.fetched_at == moment), None)


def open_for_reading(path: Path) -> WarcIndex | None:
    """The index read-only, or None when no crawl has written one yet."""
    if not path.is_file():
        return None
    try:
        return WarcIndex(path, readonly=True)
    except sqlite3.Error:
        return None


def _locate(directory: Path, name: str) -> Path:
    for candidate in (directory / name, directory / (name + OPEN_SUFFIX)):
        if candidate.is_file():
            return candidate
    raise ArchiveUnreadable(f"WARC file {name} is no longer in {directory}")


def read_record(directory: Path, ref: RecordRef) -> ArchivedResponse:
    """The response record at `ref` (one seek, one record); ArchiveUnreadable when it cannot be read as indexed."""
    page = response_at(_locate(directory, ref.file), ref.offset)
    if canonical_url(page.url) != ref.url:
        raise ArchiveUnreadable(f"{ref.file}@{ref.offset} holds {page.url}, not {ref.url}")
    return page


def rebuild(directory: Path, index: WarcIndex, damage: list[Damage] | None = None) -> int:
    """Index every readable response record of every WARC file in `directory`; returns how many. Damaged byte
    ranges are skipped (the reader resynchronises on the next record) and appended to `damage`."""
    added = 0
    for path in warc_files(directory):
        name = path.name.removesuffix(OPEN_SUFFIX)
        for page in responses(path, damage):
            when = page.fetched_at.strftime(WARC_DATE) if page.fetched_at else None
            index.add(url=page.url, file=name, offset=page.offset, status=page.status, fetched_at=when, kind=page.kind)
            added += 1
    index.commit()
    return added


def index_archive(directory: Path, path: Path, damage: list[Damage] | None = None) -> int:
    """Index `directory` afresh and swap the new index in at `path` whole (the old one, and its WAL side files,
    replaced); returns how many responses it holds. Damaged byte ranges are appended to `damage`."""
    fresh = path.with_suffix(".rebuilding")
    fresh.unlink(missing_ok=True)
    index = WarcIndex(fresh)
    try:
        added = rebuild(directory, index, damage)
    finally:
        index.close()
    for suffix in ("-wal", "-shm"):  # side files of the old index belong to it
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    fresh.replace(path)
    return added
