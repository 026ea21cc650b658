"""Crawl configs (core Source objects) for the simulated portals served at a base URL."""

from __future__ import annotations

import re
from datetime import date
from typing import get_args
from urllib.parse import urlsplit

from core.source import Platform, Politeness, Source
from simulator.banks import SiteSpec, load_sites
from simulator.corpus import TIMELINE_START
from simulator.feeds import rss_path, sitemap_path
from simulator.urls import listing_path, prefix

# Regexes over the URL path (use re.search on the full URL); "{p}" is the escaped site prefix.
PATTERNS: dict[str, tuple[str, str]] = {
    "liferay": (
        r"{p}/vi/[\w-]+(\?.*)?$",
        r"{p}/vi/[\w-]+/-/view_content/\d+-[\w-]*$",
    ),
    "tandan": (
        r"{p}/portal/Pages/[\w-]+\.aspx(\?PageIndex=\d+)?$",
        r"{p}/portal/Pages/\d{{4}}-\d{{1,2}}-\d{{1,2}}/[\w-]+\.aspx$",
    ),
    "nukeviet": (
        r"{p}/news/[\w-]+/(page-\d+)?$",
        r"{p}/news/[\w-]+/[\w-]+-\d+\.html$",
    ),
    "sharepoint-trang": (
        r"{p}/Trang/tin-tuc-su-kien\.aspx\?Cat=\d+(&Page=\d+)?$",
        r"{p}/Trang/ChiTietTinTuc\.aspx\?nid=\d+$",
    ),
    "wordpress": (
        r"{p}/category/[\w-]+/(page/\d+/)?$",
        r"{p}/\d{{4}}/\d{{2}}/\d{{2}}/[\w-]+/$",
    ),
}
LOOPBACK_POLITENESS = Politeness(download_delay=0.0, concurrency=8, autothrottle=False, obey_robots=True)


def _platform(name: str) -> Platform:
    if name not in get_args(Platform):
        raise ValueError(f"unknown platform {name}")
    return name  # type: ignore[return-value]


def source_for(site: SiteSpec, base_url: str) -> Source:
    """The crawl config of one simulated site."""
    base_url = base_url.rstrip("/")
    listing_re, article_re = PATTERNS[site.platform]
    p = re.escape(prefix(site))
    feeds = [(kind, path) for kind, path in (("rss", rss_path(site)), ("sitemap", sitemap_path(site))) if path]
    return Source(
        id=site.id,
        name=site.name,
        province=site.province,
        platform=_platform(site.platform),
        base_url=f"{base_url}{prefix(site)}/",
        start_urls=[f"{base_url}{prefix(site)}/"]
        + [base_url + listing_path(site, c, 1, site.page_size) for c in site.categories],
        rss=[base_url + path for kind, path in feeds if kind == "rss"],
        sitemaps=[base_url + path for kind, path in feeds if kind == "sitemap"],
        allowed_domains=[urlsplit(base_url).hostname or "127.0.0.1"],
        listing_patterns=[listing_re.format(p=p)],
        article_patterns=[article_re.format(p=p)],
        founded=date(TIMELINE_START.year, 1, 1),
        politeness=LOOPBACK_POLITENESS,
        allow_private=True,  # the simulator listens on loopback
    )


def sources_for(base_url: str) -> list[Source]:
    """Crawl configs for every simulated site served at `base_url` (e.g. SimulatorServer.base_url)."""
    return [source_for(site, base_url) for site in load_sites()]
