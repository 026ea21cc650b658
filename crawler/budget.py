"""A sitemap not yet downloaded is dropped once its source's budget is spent (checked as the download starts).

A sitemap index schedules all its nested sitemaps at once; when the first of them spends the source's budget
(max_pages, limits.sitemap_urls), the others would still be downloaded (50,000 URLs, megabytes each) only to be
cut before their first entry. The check runs in the download handler (crawler/download.py), not in a downloader
middleware: requests pass the middlewares before they wait in their host's queue, and the budget is usually
spent while they wait. Counted like the cut: page_capped, or the sitemap_urls cap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.caps import count_limit
from crawler.scope import Refused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


def refuse_spent_sitemap(crawler: Crawler, request: Request) -> None:
    """Raise Refused("budget") for a sitemap request whose source's budget the spider says is spent."""
    if request.meta.get("kind") != "sitemap":
        return
    try:
        spider = crawler.spider
    except RuntimeError:  # not started (a component test)
        return
    source = getattr(spider, "sources", {}).get(request.meta.get("source_id"))
    budget_spent = getattr(spider, "budget_spent", None)
    if source is None or budget_spent is None:
        return
    spent = budget_spent(source)
    if spent is None:
        return
    if spent == "sitemap_urls":
        count_limit(crawler, request, "sitemap_urls")
    elif crawler.stats is not None:
        crawler.stats.inc_value("govnews/page_capped")
        crawler.stats.inc_value(f"govnews/by_source/{source.id}/page_capped")
    raise Refused("budget", f"{request.url}: not downloaded, the source's {spent} budget is spent")
