"""Spool files: a run's unindexed articles on disk, locked (flock) so concurrent loads never share one."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from core.article import Article
from core.search import IndexReport

SPOOL_GLOB = "spool-*.jsonl"


class SpoolWriter:
    """This run's spool file (`spool-<UTC time>-<pid>.jsonl`), created on the first write and locked until closed.

    The file is created and locked under a temporary name, then renamed, so no other run can claim it while this
    one writes; a crash releases the lock and the next load replays whatever reached the disk.
    """

    def __init__(self, spool_dir: Path) -> None:
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        self.path = spool_dir / f"spool-{stamp}-{os.getpid()}.jsonl"
        self._fh: IO[str] | None = None

    def write(self, article: Article) -> None:
        if self._fh is None:
            tmp = self.path.with_suffix(".tmp")
            fh = tmp.open("a", encoding="utf-8")
            fcntl.flock(fh, fcntl.LOCK_EX)
            os.replace(tmp, self.path)
            self._fh = fh
        self._fh.write(article.model_dump_json() + "\n")

    def sync(self) -> None:
        """Flush to disk: called before an earlier spool file is removed."""
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        """Sync and close, which releases the lock: the file is now an earlier run's spool."""
        if self._fh is not None:
            self.sync()
            self._fh.close()
            self._fh = None


@contextmanager
def claim(path: Path) -> Iterator[IO[str] | None]:
    """An earlier spool file opened and locked for replay; None when another run holds it or already removed it."""
    try:
        fh = path.open("r", encoding="utf-8")
    except FileNotFoundError:
        yield None
        return
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a run still writing it, or another load replaying it
            yield None
            return
        try:
            current = path.stat().st_ino == os.fstat(fh.fileno()).st_ino
        except FileNotFoundError:
            current = False
        yield fh if current else None  # not current: replayed and removed by another load meanwhile


def read(fh: IO[str], name: str, report: IndexReport) -> tuple[list[Article], bool]:
    """The articles in a claimed spool file; False when some line could not be read back (noted in report)."""
    out: list[Article] = []
    clean = True
    for n, line in enumerate(fh.read().splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(Article.model_validate_json(line))
        except ValidationError as exc:
            clean = False
            report.errors[f"{name}:{n}"] = f"unreadable spool line: {exc.error_count()} errors"
    return out, clean
