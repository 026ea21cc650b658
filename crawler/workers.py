"""Extraction worker processes that die with the crawl, even when it is killed with SIGKILL."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core.limits import Limits
from core.source import Source
from crawler.sink import Outcome, extract_page

if TYPE_CHECKING:
    from cleaner.config import CleanerConfig

PR_SET_PDEATHSIG = 1
_config: CleanerConfig | None = None  # a worker's cleaner configuration, loaded once by its initializer


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def start_worker(parent_pid: int, config_dir: Path) -> None:
    """Worker initializer: die with the parent, and load the cleaner's configuration from `config_dir` once."""
    global _config
    die_with_parent(parent_pid)
    from cleaner.config import CleanerConfig

    _config = CleanerConfig.load(config_dir)


def extract_in_worker(
    body: bytes, url: str, source: Source | None, fetched_at: datetime | None, *, limits: Limits, cut: bool = False
) -> Outcome:
    """extract_page in a pool worker, with the configuration its initializer loaded."""
    if _config is None:
        raise RuntimeError("extract_in_worker runs in a worker_pool process (its initializer loads the config)")
    return extract_page(body, url, source, fetched_at, limits=limits, cut=cut, config=_config)


def worker_pool(workers: int, config_dir: Path) -> ProcessPoolExecutor:
    """A spawn-context pool whose workers exit with this process (finding: orphans after kill -9) and clean pages
    with the configuration in `config_dir` (settings.config_dir, read by each worker once)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker,
        initargs=(os.getpid(), config_dir),
    )
