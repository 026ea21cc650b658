"""`govnews sources add URL --province P` and `govnews sources learn ID`: sample a site from its address within a
small budget (a real crawl into a temporary data directory) and print a source entry ready to paste into the
sources file: name from the site, platform detected, start/listing/article hints learned, counts of what was seen.
Nothing is written to the sources file or to the data directory."""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from core.config import ConfigError
from core.ids import page_key
from core.settings import Settings
from core.source import Source

_SITE_NAME = re.compile(rb'<meta[^>]+property=["\']og:site_name["\'][^>]+content=["\']([^"\']+)', re.IGNORECASE)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def source_id(url: str) -> str:
    """An id from the host: `https://www.krongno.daknong.gov.vn/` -> `krongno-daknong-gov-vn`."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "portal"


def site_name(body: bytes) -> str | None:
    """og:site_name, else the home page's <title>."""
    import html

    match = _SITE_NAME.search(body) or _TITLE.search(body)
    if not match:
        return None
    text = " ".join(html.unescape(match.group(1).decode("utf-8", errors="replace")).split())
    return text or None


def sample(settings: Settings, source: Source, budget: int) -> dict[str, Any]:
    """Crawl the source by discovery (its hints set aside) at most `budget` pages into a temporary data directory;
    what it learned: templates, page kinds, platform of its articles, the site's name."""
    from archive.reader import iter_archive
    from cleaner.adapters import detect_platform
    from crawler import templates
    from crawler.run import crawl
    from crawler.state import CrawlState

    probe = source.model_copy(update={"max_pages": budget, "listing_patterns": [], "article_patterns": [],
                                      "deny_patterns": []})
    with tempfile.TemporaryDirectory(prefix="govnews-sample-") as tmp:
        local = settings.model_copy(update={"data_dir": Path(tmp), "backend": "tantivy"})
        report = crawl(local, [probe], revisit_after=None, write=False)
        state = CrawlState(local.state_path)
        try:
            kinds = dict(state.page_kinds(source.id))
        finally:
            state.close()
        learned = templates.learn(list(kinds.items()))
        by_page = {page_key(url): kind for url, kind in kinds.items()}  # the archive keeps redirected URLs
        platforms: Counter[str] = Counter()
        name = None
        for record in iter_archive(local.archive_dir):
            if record.status != 200:
                continue
            if name is None and record.url.rstrip("/") == source.base_url.rstrip("/"):
                name = site_name(record.body)
            if by_page.get(page_key(record.url)) in ("article", "notice"):
                platforms[detect_platform(record.body, record.url)] += 1
    return {"report": report, "kinds": Counter(kinds.values()), "templates": learned,
            "platform": platforms.most_common(1)[0][0] if platforms else "generic", "name": name}


def entry(source: Source, seen: dict[str, Any]) -> str:
    """The YAML source entry (hints learned), with what the sample saw as comments."""
    from crawler.templates import as_pattern

    learned = seen["templates"]
    data: dict[str, Any] = {
        "id": source.id,
        "name": source.name if source.name and source.name != source.id else seen["name"] or source.id,
        "province": source.province,
        "platform": seen["platform"],
        "base_url": source.base_url,
        "start_urls": source.start_urls or [source.base_url],
        "listing_patterns": [as_pattern(t) for t in learned.listings],
        "article_patterns": [as_pattern(t) for t in learned.articles],
        "verified": False,
    }
    if source.allow_private:
        data["allow_private"] = True
    report = seen["report"]
    counts = ", ".join(f"{k} {n}" for k, n in sorted(seen["kinds"].items()))
    lines = [
        f"# sampled {report.pages_fetched} pages of {source.base_url} ({report.finish_reason}): {counts or 'nothing'}",
        f"# article templates: {', '.join(learned.articles) or 'none learned'}",
        f"# listing templates: {', '.join(learned.listings) or 'none learned'}",
        "# hints only: the crawler finds articles without them. Paste under `sources:` after checking it.",
    ]
    body = yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=120)
    return "\n".join(lines) + "\n" + body


def run_sources_learn(settings: Settings, args: argparse.Namespace) -> int:
    """Sample a site (a new address, or a source of the file by id) and print its entry; 0 when articles were seen."""
    from cli.crawl import read_sources
    from crawler.sources import select_sources

    if args.budget <= 0:
        raise ConfigError("--budget must be positive")
    if args.sources_command == "add":
        if urlsplit(args.url).scheme not in ("http", "https"):
            raise ConfigError(f"not a web address: {args.url}")
        source = Source(id=args.id or source_id(args.url), name=args.id or source_id(args.url),
                        province=args.province, base_url=args.url, allow_private=args.allow_private)
    else:
        found = select_sources(read_sources(settings, args.sources, None), [args.id])
        if not found:
            raise ConfigError(f"no enabled source {args.id!r} in the sources file")
        source = found[0]
    seen = sample(settings, source, args.budget)
    print(entry(source, seen))
    return 0 if seen["kinds"].get("article") or seen["kinds"].get("notice") else 1
