"""indexer.pipeline.store: one SQLite file in WAL mode, one transaction per batch, a damaged file moved aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from indexer.pipeline.store import SCHEMA, PipelineStore


def test_a_batch_commits_or_rolls_back_as_a_whole(tmp_path: Path) -> None:
    store = PipelineStore(tmp_path / "p.sqlite3")
    assert store.fresh
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store.batch() as db:
        db.execute("INSERT INTO stamps VALUES ('a.gov.vn', '2024-01-02')")

    def failing() -> None:
        with store.batch() as db:
            db.execute("INSERT INTO stamps VALUES ('b.gov.vn', '2024-01-03')")
            raise RuntimeError("a stage failed")

    with pytest.raises(RuntimeError):
        failing()
    store.close()
    again = PipelineStore(tmp_path / "p.sqlite3")
    assert not again.fresh
    assert again.db.execute("SELECT host FROM stamps").fetchall() == [("a.gov.vn",)]
    again.close()


def test_a_damaged_file_is_set_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"\0garbage" * 4096)
    store = PipelineStore(path)
    assert store.fresh
    assert len(list(tmp_path.glob("p.sqlite3.damaged-*Z"))) == 1
    store.close()


def test_a_store_of_an_older_schema_is_set_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    PipelineStore(path).close()
    current = PipelineStore(path)
    assert not current.fresh  # the current schema is kept
    current.close()
    old = sqlite3.connect(path)
    old.execute("PRAGMA user_version=1")  # representatives' bodies, not their hashed shingles
    old.close()
    store = PipelineStore(path)
    assert store.fresh
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    assert len(list(tmp_path.glob("p.sqlite3.damaged-*Z"))) == 1
    store.close()
