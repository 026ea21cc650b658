"""`govnews` entry point: argparse parser and dispatch to the subcommand modules."""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from core.config import ConfigError
from core.search import BackendBroken
from core.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment (GOVNEWS_*), with --data-dir on top; an invalid value is a ConfigError."""
    try:
        if args.data_dir is not None:
            return Settings(data_dir=args.data_dir)
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"GOVNEWS_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ConfigError(problems) from exc


# Commands that write under data_dir (those that read the embedded index too: tantivy writes a lock file even to read).
WRITES_DATA = {"crawl", "reprocess", "demo", "sources"}
READS_INDEX = {"serve", "documents"}


# The command table: each command (and action) and the function that runs it, imported only when chosen.
COMMANDS: dict[str, str] = {
    "crawl": "cli.crawl:run_crawl",
    "reprocess": "cli.crawl:run_reprocess",
    "extract": "cli.extract:run_extract",
    "sources check": "cli.sources:run_sources_check",
    "sources add": "cli.source_learn:run_sources_learn",
    "sources learn": "cli.source_learn:run_sources_learn",
    "documents top": "cli.documents:run_documents_top",
    "warc-index": "cli.archive:run_warc_index",
    "serve": "cli.serve:run_serve",
    "simulate": "cli.serve:run_simulate",
    "reindex": "cli.serve:run_reindex",
    "demo": "cli.demo:run_demo",
}
Runner = Callable[[Settings, argparse.Namespace], int]


def _runner(args: argparse.Namespace) -> Runner:
    """The function of COMMANDS that runs the parsed command (and its action, for "sources" and "documents")."""
    action = getattr(args, f"{args.command}_command", None)
    module, _, name = COMMANDS[f"{args.command} {action}" if action else args.command].partition(":")
    runner: Runner = getattr(importlib.import_module(module), name)
    return runner


class DataDirNotWritable(ConfigError):
    """The data directory cannot be created or written (read-only mount, permissions, full disk)."""


def check_writable(directory: Path) -> None:
    """Create `directory` if needed and prove a file can be written there; DataDirNotWritable if not."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise DataDirNotWritable(f"data directory {directory} is not writable ({exc.strerror or exc})") from exc


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The full command-line grammar."""
    parser = argparse.ArgumentParser(prog="govnews", description="Search over Vietnamese government news.")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="data directory (default: $GOVNEWS_DATA_DIR or ./data)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("crawl", help="crawl the configured portals politely, archive, clean and index")
    p.add_argument("--sources", type=Path, default=None, help="sources file (default: config/sources.yaml)")
    p.add_argument("--source", action="append", default=[], metavar="ID", help="crawl only this source (repeatable)")
    p.add_argument("--limit", type=int, default=None, help="fetch at most N article pages this run")
    p.add_argument("--base-url", default=None, help="fill the {base_url} placeholder of a template sources file")
    p.add_argument(
        "--revisit-days",
        type=float,
        default=30.0,
        help="re-check known articles (conditional GET) older than this many days; 0 = always",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="override a Scrapy setting, e.g. --set DOWNLOAD_TIMEOUT=5 (repeatable)",
    )

    p = sub.add_parser("extract", help="clean one saved page and print the Article as JSON")
    p.add_argument("file", type=Path)
    p.add_argument("--url", required=True, help="the URL the page was fetched from")
    p.add_argument("--source", default=None, metavar="ID", help="read it as this source of the sources file")
    p.add_argument("--sources", type=Path, default=None)

    p = sub.add_parser("reprocess", help="re-clean and re-index every archived article (no network)")
    p.add_argument("--sources", type=Path, default=None)
    p.add_argument("--base-url", default=None)
    p.add_argument("--workers", type=int, default=None, help="extraction processes (0 = in this process)")

    p = sub.add_parser("serve", help="serve the search API and web page")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)

    p = sub.add_parser("simulate", help="run the portal simulator")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)

    p = sub.add_parser("sources", help="work with the sources file")
    sources_sub = p.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    p = sources_sub.add_parser(
        "check", help="fetch each source's start URL once: what answers, its platform, whether articles are linked"
    )
    p.add_argument("--sources", type=Path, default=None, help="sources file (default: config/sources.yaml)")
    p.add_argument("--source", action="append", default=[], metavar="ID", help="check only this source (repeatable)")
    p.add_argument("--base-url", default=None, help="fill the {base_url} placeholder of a template sources file")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    p = sources_sub.add_parser("add", help="sample a new portal from its address and print a source entry (no write)")
    p.add_argument("url", help="the portal's address (its home page)")
    p.add_argument("--province", required=True, help="unit code of config/provinces.yaml")
    p.add_argument("--id", default=None, help="source id (default: from the host name)")
    p.add_argument("--allow-private", action="store_true", help="the site is on a private address (a test server)")
    p.add_argument("--budget", type=int, default=80, help="pages to sample (default 80)")
    p = sources_sub.add_parser("learn", help="sample a source of the file by discovery and print its learned entry")
    p.add_argument("id", help="source id")
    p.add_argument("--sources", type=Path, default=None, help="sources file (default: config/sources.yaml)")
    p.add_argument("--budget", type=int, default=80, help="pages to sample (default 80)")

    p = sub.add_parser("documents", help="work with the cited documents (config/directives.yaml)")
    documents_sub = p.add_subparsers(dest="documents_command", required=True, metavar="ACTION")
    p = documents_sub.add_parser("top", help="the most-cited documents not in config/directives.yaml, with counts")
    p.add_argument("--limit", type=_positive, default=20, help="how many documents (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--directives", type=Path, default=None, help="directives file (default: config/directives.yaml)")

    sub.add_parser("reindex", help="rebuild the Elasticsearch index behind the alias (zero downtime)")
    sub.add_parser("warc-index", help="index where each archived page sits (older archives; crawls keep it current)")

    p = sub.add_parser("demo", help="simulate portals, crawl them, index and serve: one command")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-serve", action="store_true", help="stop after indexing (for tests and benchmarks)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run one subcommand; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
        if args.command in WRITES_DATA or (args.command in READS_INDEX and settings.backend == "tantivy"):
            check_writable(settings.data_dir)
    except DataDirNotWritable as exc:
        print(f"govnews: {exc}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"govnews: configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command != "crawl":  # a crawl logs through Scrapy's root handler (LOG_LEVEL = settings.log_level)
        logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return _runner(args)(settings, args)
    except ConfigError as exc:
        print(f"govnews: configuration error: {exc}", file=sys.stderr)
        return 2
    except BackendBroken as exc:
        print(f"govnews: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:  # a disk that filled up or went read-only mid-run
        print(f"govnews: {args.command} failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
