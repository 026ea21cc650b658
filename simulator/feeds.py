"""RSS feeds and sitemaps of the simulated sites (only for the sites whose spec lists them)."""

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape

from simulator.banks import SiteSpec
from simulator.corpus import Corpus
from simulator.urls import prefix

RSS_ITEMS = 50
SITEMAP_CHUNK = 1000
RSS_PATHS = {"liferay": "/rss/-/asset_publisher/tin-moi/rss", "nukeviet": "/news/rss", "wordpress": "/feed/"}


def rss_path(site: SiteSpec) -> str | None:
    """Path of the site's RSS feed, if it offers one."""
    return prefix(site) + RSS_PATHS.get(site.platform, "/rss") if "rss" in site.feeds else None


def sitemap_path(site: SiteSpec) -> str | None:
    """Path of the site's sitemap index, if it offers one."""
    return prefix(site) + "/sitemap.xml" if "sitemap" in site.feeds else None


def rss(corpus: Corpus, site: SiteSpec, base_url: str) -> str:
    """The newest RSS_ITEMS articles as RSS 2.0."""
    items = []
    for i in corpus.recent(site.id, RSS_ITEMS):
        art = corpus.article(i)
        items.append(
            f"<item><title>{escape(art.title)}</title><link>{escape(base_url + art.url_path)}</link>"
            f"<description>{escape(art.summary)}</description>"
            f"<pubDate>{format_datetime(art.published)}</pubDate>"
            f'<guid isPermaLink="true">{escape(base_url + art.url_path)}</guid></item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(site.name)}</title><link>{base_url}{prefix(site)}/</link>"
        f"<description>Tin mới - {escape(site.short)}</description><language>vi</language>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def sitemap_index(corpus: Corpus, site: SiteSpec, base_url: str) -> str:
    """A sitemap index pointing at one child sitemap per SITEMAP_CHUNK articles."""
    chunks = -(-corpus.site_count(site.id) // SITEMAP_CHUNK)
    entries = "".join(
        f"<sitemap><loc>{base_url}{prefix(site)}/sitemap-{n}.xml</loc></sitemap>" for n in range(1, chunks + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
    )


def sitemap_chunk(corpus: Corpus, site: SiteSpec, base_url: str, n: int) -> str | None:
    """Child sitemap n (1-based) listing articles with their publication dates, or None past the end."""
    nums = corpus.site_articles(site.id, (n - 1) * SITEMAP_CHUNK, n * SITEMAP_CHUNK)
    if n < 1 or not nums:
        return None
    urls = []
    for i in nums:
        art = corpus.article(i)
        loc = escape(base_url + art.url_path)
        urls.append(f"<url><loc>{loc}</loc><lastmod>{art.published.isoformat()}</lastmod></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(urls)}</urlset>\n'
    )
