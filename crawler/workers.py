"""Extraction worker processes that die with the crawl, even when it is killed with SIGKILL."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """Extraction processes: one core stays with the reactor (downloads must not starve behind the cleaner)."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A spawn-context pool whose workers exit with this process (finding: orphans after kill -9)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
