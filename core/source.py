"""A crawl source: one portal entry of config/sources.yaml."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MAX_PAGES = 20000
DEFAULT_MAX_DEPTH = 200

Platform = Literal[
    "liferay", "lacviet", "sharepoint-trang", "tandan", "nukeviet", "wordpress", "dotnetnuke", "aspnet", "generic"
]


class Politeness(BaseModel):
    """Per-source crawl politeness; defaults suit a small government server."""

    model_config = ConfigDict(frozen=True)

    download_delay: float = 1.0
    concurrency: int = 1
    autothrottle: bool = True
    obey_robots: bool = True


class Source(BaseModel):
    """A portal to crawl and how to read it."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    province: str | None = Field(default=None, description="Unit code (current or pre-2025) of the publisher.")
    platform: Platform = "generic"
    base_url: str
    start_urls: list[str] = Field(default_factory=list)
    rss: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    allowed_domains: list[str] = Field(
        default_factory=list, description="Domains whose subdomains are in scope too (e.g. a province's cms.*)."
    )
    aliases: list[str] = Field(
        default_factory=list, description="Other host names of the same portal (www./bare, an old domain)."
    )
    allow_private: bool = Field(
        default=False,
        description="Allow private, loopback and link-local addresses (the simulator, tests); never for a portal.",
    )
    listing_patterns: list[str] = Field(default_factory=list, description="Regexes for listing-page URLs.")
    article_patterns: list[str] = Field(default_factory=list, description="Regexes for article URLs.")
    deny_patterns: list[str] = Field(default_factory=list)
    founded: date | None = Field(default=None, description="No article can predate this.")
    politeness: Politeness = Field(default_factory=Politeness)
    max_pages: int | None = Field(default=DEFAULT_MAX_PAGES, description="Requests per run; None: no cap.")
    max_depth: int = Field(default=DEFAULT_MAX_DEPTH, description="Listing-to-listing hops followed from a start URL.")
    enabled: bool = True
    verified: bool = Field(default=False, description="A start URL was fetched and answered (govnews sources check).")
