"""`govnews crawl` and `govnews reprocess`: fetch and index, or re-clean the WARC archive without network."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from core.config import ConfigError, load_sources
from core.settings import Settings
from core.source import Source
from crawler.report import write_report
from crawler.sources import load_sources_with_base, select_sources

log = logging.getLogger(__name__)
LOCKED_EXIT = 3  # another crawl holds data_dir/crawl.lock


def read_sources(settings: Settings, path: Path | None, base_url: str | None) -> list[Source]:
    """The sources file in force (--sources, $GOVNEWS_SOURCES_FILE or config/sources.yaml)."""
    path = path or settings.sources_path
    if base_url:
        return load_sources_with_base(path, base_url)
    return load_sources(path)


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """KEY=VALUE strings -> Scrapy settings (ints, floats and true/false converted)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--set expects KEY=VALUE, got {pair!r}")
        if key.strip().startswith("GOVNEWS_"):  # a govnews setting given where Scrapy would silently ignore it
            raise ConfigError(f"--set {key.strip()}: govnews settings come from the environment, e.g. {pair.strip()} "
                              "govnews crawl … (.env.example lists them)")
        value: Any = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            for cast in (int, float):
                try:
                    value = cast(raw)
                    break
                except ValueError:
                    continue
        out[key.strip()] = value
    return out


def run_crawl(settings: Settings, args: argparse.Namespace) -> int:
    """Crawl the selected sources and print the run report."""
    from core.sqlite_files import FileUnusable
    from crawler.lock import CrawlLocked
    from crawler.run import crawl

    sources = select_sources(read_sources(settings, args.sources, args.base_url), args.source)
    if not sources:
        raise ConfigError("no enabled sources to crawl")
    try:
        report = crawl(
            settings,
            sources,
            limit=args.limit,
            revisit_after=timedelta(days=args.revisit_days) if args.revisit_days >= 0 else None,
            overrides=parse_overrides(args.overrides),
        )
    except CrawlLocked as exc:
        print(f"govnews: {exc}", file=sys.stderr)
        return LOCKED_EXIT
    except FileUnusable as exc:
        print(f"govnews: {exc}", file=sys.stderr)
        return 1
    print(report.model_dump_json(indent=2))
    print(report.summary())
    return 0 if report.finish_reason in ("finished", "closespider_pagecount", "closespider_itemcount") else 1


def run_reprocess(settings: Settings, args: argparse.Namespace) -> int:
    """Reprocess the archive and print the report."""
    try:
        sources = read_sources(settings, args.sources, args.base_url)
    except ConfigError as exc:
        log.warning("reprocessing without source metadata: %s", exc)
        sources = []
    if not settings.archive_dir.is_dir():
        raise ConfigError(f"no WARC archive at {settings.archive_dir}")
    from crawler.reprocess import reprocess

    workers = args.workers if args.workers is not None else settings.workers
    report = reprocess(
        settings, sources, workers=workers, progress=lambda line: print(line, file=sys.stderr, flush=True)
    )
    write_report(report, settings.data_dir, kind="reprocess")
    print(report.model_dump_json(indent=2))
    print(
        f"reprocess: {report.article_pages} archived article pages, {report.articles_indexed} indexed, "
        f"{report.not_articles} not-articles, {report.errors} errors"
        + (f" ({report.damage_line()})" if report.damaged else "")
    )
    return 0 if report.index_failed == 0 else 1  # damaged data skipped is said above, not a failed run
