"""A crawl source: one portal entry of config/sources.yaml."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
    allowed_domains: list[str] = Field(default_factory=list)
    listing_patterns: list[str] = Field(default_factory=list, description="Regexes for listing-page URLs.")
    article_patterns: list[str] = Field(default_factory=list, description="Regexes for article URLs.")
    deny_patterns: list[str] = Field(default_factory=list)
    founded: date | None = Field(default=None, description="No article can predate this.")
    politeness: Politeness = Field(default_factory=Politeness)
    max_pages: int | None = None
    enabled: bool = True
