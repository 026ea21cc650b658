"""`govnews warc-index`: (re)build the archive's offset index, so the article page can serve archived copies."""

from __future__ import annotations

import argparse
import sys

from archive.index import index_archive
from archive.reader import Damage
from core.settings import Settings


def run_warc_index(settings: Settings, args: argparse.Namespace) -> int:
    """Index every response record of data/warc (crawls keep it current; run this for older archives)."""
    if not settings.archive_dir.is_dir():
        print(f"govnews: no archive at {settings.archive_dir}: crawl first", file=sys.stderr)
        return 1
    damage: list[Damage] = []
    added = index_archive(settings.archive_dir, settings.warc_index_path, damage)
    print(f"indexed {added} archived responses in {settings.warc_index_path}")
    if damage:  # skipped, not fatal: the rest of the archive is indexed
        print(f"skipped {len(damage)} damaged byte ranges: {', '.join(map(str, damage))}")
    return 0
