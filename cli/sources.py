"""`govnews sources check`: every source of the sources file (disabled ones too, unless --source picks some)."""

from __future__ import annotations

import argparse

from core.config import ConfigError
from core.settings import Settings


def run_sources_check(settings: Settings, args: argparse.Namespace) -> int:
    """Check the sources, write the JSON under data_dir/checks, print the table; 0 once every source was tried."""
    from cli.crawl import read_sources
    from cli.source_check import check_sources, table, write_checks
    from crawler.sources import select_sources

    sources = read_sources(settings, args.sources, args.base_url)
    if args.source:
        sources = select_sources(sources, args.source)
    if not sources:
        raise ConfigError("no sources to check")
    if args.timeout <= 0:
        raise ConfigError("--timeout must be positive")
    checks = check_sources(sources, settings, timeout=args.timeout)
    path = write_checks(checks, settings.source_checks_dir)
    print(table(checks))
    print(f"kết quả: {path}")
    return 0
