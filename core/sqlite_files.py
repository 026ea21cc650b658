"""The SQLite files govnews writes (crawl state, WARC index): batched commits; damage found before use, and the
damaged file moved aside, never deleted."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path


class BatchedWrites:
    """A SQLite store (`_db`, set by the subclass) whose writes are committed every BATCH writes, and on close."""

    BATCH = 50
    _db: sqlite3.Connection
    _pending = 0

    def _tick(self) -> None:
        """Count one write; commit once BATCH are pending."""
        self._pending += 1
        if self._pending >= self.BATCH:
            self.commit()

    def commit(self) -> None:
        """Flush pending writes."""
        self._db.commit()
        self._pending = 0

    def close(self) -> None:
        """Commit and close the database."""
        self.commit()
        self._db.close()


class FileUnusable(RuntimeError):
    """A damaged file that could not be moved aside: the message says what to do, in one line."""


def problem(path: Path) -> str | None:
    """None when `path` is absent or a sound SQLite file; else what is wrong with it (`PRAGMA quick_check`)."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return str(exc)
    problems = [" ".join(str(r[0]).split()) for r in rows if r and r[0] != "ok"]  # one line each: the report's
    return "; ".join(problems)[:300] if problems or not rows else None  # summary line names it


def set_aside(path: Path, why: str, what: str) -> Path:
    """Move a damaged file (and its WAL side files) to `<name>.damaged-<UTC time>`; returns the new path.
    FileUnusable (naming `what` it is and why) when it cannot be moved."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.replace(path, target)  # first: when it cannot move, nothing has moved
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        raise FileUnusable(
            f"the {what} {path} is damaged ({why}) and could not be moved aside ({exc}): move or delete it, then run "
            "again"
        ) from exc
    return target
