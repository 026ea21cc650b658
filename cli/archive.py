"""`govnews warc-index`: (re)build the archive's offset index, so the article page can serve archived copies."""

from __future__ import annotations

import argparse
import sys

from core.settings import Settings
from core.warc_index import WarcIndex, rebuild
from core.warc_records import Damage


def run_warc_index(settings: Settings, args: argparse.Namespace) -> int:
    """Index every response record of data/warc (crawls keep it current; run this for older archives)."""
    if not settings.archive_dir.is_dir():
        print(f"govnews: no archive at {settings.archive_dir}: crawl first", file=sys.stderr)
        return 1
    fresh = settings.warc_index_path.with_suffix(".rebuilding")
    fresh.unlink(missing_ok=True)
    index = WarcIndex(fresh)
    damage: list[Damage] = []
    added = rebuild(settings.archive_dir, index, damage)
    index.close()
    for suffix in ("-wal", "-shm"):  # WAL side files of the old index belong to it
        settings.warc_index_path.with_name(settings.warc_index_path.name + suffix).unlink(missing_ok=True)
    fresh.replace(settings.warc_index_path)
    print(f"indexed {added} archived responses in {settings.warc_index_path}")
    if damage:  # skipped, not fatal: the rest of the archive is indexed
        print(f"skipped {len(damage)} damaged byte ranges: {', '.join(map(str, damage))}")
    return 0
