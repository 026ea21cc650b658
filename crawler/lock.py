"""One crawl per data directory: an exclusive flock on data_dir/crawl.lock, released when the process ends."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "crawl.lock"


class CrawlLocked(RuntimeError):
    """Another crawl holds the data directory's lock."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        super().__init__(
            f"một lần thu thập khác đang chạy trên thư mục dữ liệu này ({path}{holder}); "
            "another crawl is already running on this data directory"
        )


@contextmanager
def crawl_lock(data_dir: Path) -> Iterator[Path]:
    """Hold data_dir/crawl.lock for the block; CrawlLocked at once if another process holds it.

    The kernel drops a flock when its process dies, even by SIGKILL, so a crash never leaves a stale lock.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    fh = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        pid = fh.read().strip()
        fh.close()
        raise CrawlLocked(path, f", pid {pid}" if pid else "") from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield path
    finally:
        fh.close()
