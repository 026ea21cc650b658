"""The pipeline's SQLite store (data_dir/pipeline.sqlite3): what the dates and grouping stages remember between runs.

One file, WAL, one transaction per batch (`batch()`). A damaged file is moved aside (core.sqlite_files) and a new
one started; `fresh` then says so, and the grouping stage rebuilds its tables from the index's stored articles.
Each stage owns its tables (`TABLES` here lists them all, so one schema is created in one place).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.sqlite_files import problem, set_aside

log = logging.getLogger(__name__)
CACHE_KIB = 131_072  # SQLite page cache (128 MB)
MMAP_BYTES = 1 << 30  # read through a memory map: fewer system calls
SCHEMA = 5  # PRAGMA user_version of TABLES; a store written with another is set aside and rebuilt (5: numpy hashes)

TABLES = (
    # grouping: every grouped article (n: its row), its signature (raw bytes) and group
    "CREATE TABLE IF NOT EXISTS articles (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sig BLOB, grp TEXT NOT NULL)",
    # grouping: the LSH band keys of group representatives only (members are never matched against)
    # (indexer.neardup.band_keys; a representative's keys are found again from its stored signature)
    "CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, n)) WITHOUT ROWID",
    # grouping: representatives' hashed word 3-shingles (indexer.neardup.grams: sorted little-endian uint64), for
    # the exact check near the threshold
    "CREATE TABLE IF NOT EXISTS shingles (n INTEGER PRIMARY KEY, hashes BLOB NOT NULL)",
    # dates: the date each article's page showed (ISO), by host and local day
    "CREATE TABLE IF NOT EXISTS shown (id TEXT PRIMARY KEY, host TEXT NOT NULL, day TEXT, published TEXT,"
    " url TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS shown_host_day ON shown (host, day)",
    # dates: each host's build-stamp day in force ('' for none)
    "CREATE TABLE IF NOT EXISTS stamps (host TEXT PRIMARY KEY, day TEXT NOT NULL)",
)


def _older(path: Path) -> str | None:
    """What is wrong with a sound store written with another schema (None when absent or current)."""
    if not path.exists():
        return None
    db = sqlite3.connect(path)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()
    return None if version == SCHEMA else f"schema {version}, not {SCHEMA}"


class PipelineStore:
    """An open pipeline store; `fresh` when it was created empty by this open (missing, or damaged and set aside)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        why = problem(path) or _older(path)
        if why is not None:
            moved = set_aside(path, why, "pipeline store")
            log.warning("pipeline store %s is unusable (%s): moved to %s, rebuilt", path, why, moved)
        self.fresh = not path.exists()
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # the band-key B-tree is written at random places
        self.db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        for statement in TABLES:
            self.db.execute(statement)
        self.db.execute(f"PRAGMA user_version={SCHEMA}")

    @contextmanager
    def batch(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
