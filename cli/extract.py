"""`govnews extract FILE --url URL`: clean one saved page and print the Article as JSON."""

from __future__ import annotations

import argparse
import sys

from core.settings import Settings
from core.source import Source


def run_extract(settings: Settings, args: argparse.Namespace) -> int:
    """Print the Article (and, on stderr, what the page is: article or notice); exit 3 with the page's kind (listing
    or other) and the reason when it is not an article."""
    from cleaner import NotAnArticle, extract
    from cleaner.config import CleanerConfig

    if not args.file.is_file():
        print(f"govnews extract: no such file: {args.file}", file=sys.stderr)
        return 2
    source: Source | None = None
    if args.source:
        from cli.crawl import read_sources
        from crawler.sources import select_sources

        source = select_sources(read_sources(settings, args.sources, None), [args.source])[0]
    try:
        config = CleanerConfig.load(settings.config_dir)
        article = extract(args.file.read_bytes(), args.url, source, limits=settings.limits, config=config)
    except NotAnArticle as exc:
        print(f"govnews extract: not an article ({exc.kind}): {args.url}: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # the extractor must not hide a crash behind a traceback-less exit
        print(f"govnews extract: extractor failed on {args.url}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(article.model_dump_json(indent=2))
    print(f"govnews extract: {article.kind}: {article.title} ({len(article.body.split())} words)", file=sys.stderr)
    return 0
