"""`python -m benchmarks.onboarding`: each site crawled from its address alone, scored against its own markup.

A sources file holds only id, name, province and base_url (plus loopback politeness and allow_private, since the
sites are served on 127.0.0.1). `govnews crawl` runs in a subprocess; then the index is read and each indexed
document is judged by the page's own markup (benchmarks/onboarding_sites.py). Per site: article recall (of the
articles reachable by links from the start page), precision (indexed documents that are articles or notices),
duplicates (indexed documents of a story already indexed), pages fetched per article and per reachable page; then a
nightly re-crawl of the unchanged site: pages fetched, and articles fetched again (target 0).
Targets: recall >= 0.95, precision >= 0.98, 0 duplicates, pages fetched <= 1.5 x pages reachable.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.reader import iter_archive
from benchmarks.onboarding_sites import Site, fixture_site, simulator_sites
from core.settings import Settings
from core.source import Politeness, Source
from indexer.factory import get_backend

TARGETS = {"recall": 0.95, "precision": 0.98, "duplicates": 0, "fetched_ratio": 1.5}
LOOPBACK = Politeness(download_delay=0.0, concurrency=8, autothrottle=False, obey_robots=True)


def address_only(site: Site) -> Source:
    """The source a new user writes: an id, a name, a province, an address."""
    return Source(id=site.name, name=site.name, province="ha-noi", base_url=site.base_url,
                  politeness=LOOPBACK, allow_private=True)


def run_crawl(sources: Path, data: Path) -> dict[str, Any]:
    """`govnews crawl --sources FILE` in a subprocess; its JSON report."""
    from tests.crawler.support import crawl_report, govnews

    return crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data, timeout=1800))


def indexed_urls(data: Path) -> list[str]:
    """The URL of every document in the index."""
    from core.search import SearchQuery

    backend = get_backend(Settings(data_dir=data, backend="tantivy"))
    try:
        urls: list[str] = []
        page = 1
        while hits := backend.search(SearchQuery(size=200, page=page, sort="newest", facets=())).hits:
            urls += [a.url for h in hits if (a := backend.get(h.id)) is not None]
            page += 1
        return urls
    finally:
        backend.close()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def article_fetches(data: Path, site: Site, after: int) -> int:
    """Responses for the site's gold article pages archived by runs after the first `after` WARC files."""
    files = sorted((data / "warc").glob("*.warc.gz*"))[after:]
    return sum(1 for f in files for r in iter_archive(f)
               if r.url.startswith(site.base_url) and r.status == 200 and site.gold(_path(r.url)).kind == "article")


def _pages(report: dict[str, Any], site: Site) -> int:
    return int(report.get("by_source", {}).get(site.name, {}).get("pages", report["pages_fetched"]))


def score(site: Site, first: dict[str, Any], nightly: dict[str, Any], urls: list[str], nightly_articles: int
          ) -> dict[str, Any]:
    """Recall, precision, duplicates and fetch ratios of one site."""
    urls = [u for u in urls if u.startswith(site.base_url)]
    golds = [site.gold(_path(u)) for u in urls]
    stories = Counter(g.identity for g in golds if g.kind != "other")
    wanted = site.articles
    found = {g.identity for g in golds if g.kind == "article"} & wanted
    good = sum(g.kind != "other" for g in golds)
    reachable = max(len(site.reachable) + site.listings, 1)
    fetched = _pages(first, site)
    return {
        "site": site.name,
        "reachable_articles": len(wanted),
        "indexed": len(urls),
        "recall": round(len(found) / max(len(wanted), 1), 3),
        "precision": round(good / max(len(urls), 1), 3),
        "duplicates": sum(n - 1 for n in stories.values()),
        "pages_fetched": fetched,
        "pages_reachable": reachable,
        "fetched_ratio": round(fetched / reachable, 2),
        "pages_per_article": round(fetched / max(len(found), 1), 2),
        "nightly_pages": _pages(nightly, site),
        "nightly_article_fetches": nightly_articles,
        "page_kinds": first.get("page_kinds", {}),
        "failed_pages": (first.get("failures", {}).get(site.name) or {}).get("pages", {}),
        "missed": sorted(wanted - found)[:5],
        "not_articles": [u for u, g in zip(urls, golds, strict=True) if g.kind == "other"][:6],
        "duplicated": [u for u, g in zip(urls, golds, strict=True)
                       if g.kind != "other" and stories[g.identity] > 1][:6],
    }


def measure(sites: list[Site], work: Path, name: str) -> list[dict[str, Any]]:
    """Crawl the sites (one source each, one run) from their addresses, then once more unchanged (the nightly
    run), and score each."""
    from crawler.sources import write_sources

    data = work / name
    sources = write_sources([address_only(site) for site in sites], work / f"{name}.yaml")
    first = run_crawl(sources, data)
    warcs = len(list((data / "warc").glob("*.warc.gz*")))
    nightly = run_crawl(sources, data)
    urls = indexed_urls(data)
    return [score(site, first, nightly, urls, article_fetches(data, site, warcs)) for site in sites]


def passed(row: dict[str, Any]) -> bool:
    """Every target met."""
    return bool(row["recall"] >= TARGETS["recall"] and row["precision"] >= TARGETS["precision"]
            and row["duplicates"] <= TARGETS["duplicates"] and row["fetched_ratio"] <= TARGETS["fetched_ratio"])


def table(rows: list[dict[str, Any]]) -> str:
    """The report as a text table."""
    head = (f"{'site':22} {'arts':>5} {'idx':>5} {'recall':>6} {'prec':>6} {'dups':>4} {'fetched':>7} "
            f"{'reach':>6} {'ratio':>5} {'p/art':>5} {'night':>5} {'n.art':>5}  ok")
    lines = [head]
    for r in rows:
        lines.append(
            f"{r['site']:22} {r['reachable_articles']:>5} {r['indexed']:>5} {r['recall']:>6.3f} {r['precision']:>6.3f}"
            f" {r['duplicates']:>4} {r['pages_fetched']:>7} {r['pages_reachable']:>6} {r['fetched_ratio']:>5.2f}"
            f" {r['pages_per_article']:>5.2f} {r['nightly_pages']:>5} {r['nightly_article_fetches']:>5}"
            f"  {'yes' if passed(r) else 'NO'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure every site (or those named) and print the table; exit 1 when a site misses a target."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.onboarding", description=__doc__)
    parser.add_argument("--sites", nargs="*", default=["krongno", "sotttt", "simulator"])
    parser.add_argument("--count", type=int, default=400, help="simulator articles over all its styles")
    parser.add_argument("--only", help="only the simulator styles whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="govnews-onboarding-") as tmp:
        work = Path(tmp)
        for name in ("krongno", "sotttt"):
            if name in args.sites:
                with fixture_site(name) as site:
                    rows += measure([site], work, name)
                    print(table(rows[-1:]), file=sys.stderr)
        if "simulator" in args.sites:
            with simulator_sites(args.count) as sites:
                rows += measure([s for s in sites if not args.only or args.only in s.name], work, "simulator")
    print(table(rows))
    for r in rows:
        if r["missed"]:
            print(f"{r['site']}: missed e.g. {[m[:80] for m in r['missed'][:3]]}")
        if r["not_articles"]:
            print(f"{r['site']}: indexed but no article e.g. {r['not_articles']}")
        if r["duplicated"]:
            print(f"{r['site']}: indexed twice e.g. {r['duplicated']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if all(passed(r) for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
