"""`govnews warc-index`: (re)build the archive's offset index, so the article page can serve archived copies."""

from __future__ import annotations

import argparse
import sys

from core.settings import Settings
from core.warc_index import WarcIndex, rebuild


def run_warc_index(settings: Settings, args: argparse.Namespace) -> int:
    """Index every response record of data/warc (crawls keep it current; run this for older archives)."""
    if not settings.archive_dir.is_dir():
        print(f"govnews: no archive at {settings.archive_dir}: crawl first", file=sys.stderr)
        return 1
    fresh = settings.warc_index_path.with_suffix(".rebuilding")
    fresh.unlink(missing_ok=True)
    index = WarcIndex(fresh)
    added = rebuild(settings.archive_dir, index)
    index.close()
    for suffix in ("-wal", "-shm"):  # WAL side files of the old index belong to it
        settings.warc_index_path.with_name(settings.warc_index_path.name + suffix).unlink(missing_ok=True)
    fresh.replace(settings.warc_index_path)
    print(f"indexed {added} archived responses in {settings.warc_index_path}")
    return 0
