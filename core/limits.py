"""What hostile or broken input may cost: every cap declared once, carried by Settings to each stage."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

KIB = 1024
MIB = 1024 * KIB


class Limits(BaseModel):
    """Caps on pages, markup, headers, robots files, sitemaps, time per response, Retry-After and API warnings.

    Each stage reads its cap from here (`settings.limits`); docs/crawler.md and docs/cleaner.md say what happens
    when one is met. A run that meets a cap counts it in its report; nothing fails silently.
    """

    model_config = ConfigDict(frozen=True)

    download_bytes: int = Field(32 * MIB, gt=0, description="A response (or inflated .gz) past this is refused.")
    page_bytes: int = Field(2 * MIB, gt=0, description="HTML the cleaner reads; a longer page is cut here and flagged.")
    dom_nodes: int = Field(100_000, gt=0, description="Elements the cleaner walks in one page.")
    header_bytes: int = Field(64 * KIB, gt=0, description="Response header block; a longer one drops the response.")
    robots_bytes: int = Field(500 * KIB, gt=0, description="robots.txt read up to here (RFC 9309 allows 500 KiB).")
    sitemap_urls: int = Field(50_000, gt=0, description="Sitemap URLs read per source and run.")
    response_seconds: float = Field(
        90.0, gt=0, description="Total time one URL may take, retries included (a slow host's per-response budget)."
    )
    retry_after_seconds: float = Field(
        300.0, gt=0, description="Longest Retry-After (429/503) a host's slot waits; a longer one is cut here."
    )
    trap_variants: int = Field(5_000, gt=0, description="Listing URLs of one URL template a crawl follows.")
    trap_barren: int = Field(
        50, gt=0, description="Listing pages of one URL template that bring no new article before it is a trap."
    )
    api_warnings: int = Field(20, gt=0, description="Warnings the API reports per response; the rest are counted.")
