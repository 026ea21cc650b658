"""Scope and SSRF guard: every request (redirect targets, nested sitemaps, robots.txt) stays on its source's hosts
and never reaches a private, loopback, link-local or metadata address unless the source opts in."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future

from core.source import Source
from crawler.settings import source_hosts

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class Refused(IgnoreRequest):
    """A request the scope guard will not send; `reason` is the report counter ("offsite" or "private")."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def host_in(host: str, hosts: list[str]) -> bool:
    """`host` is one of `hosts` or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in hosts)


def is_public(address: str) -> bool:
    """A globally routable address (not private, loopback, link-local/metadata, CGNAT, reserved or multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class ScopeMiddleware:
    """Downloader middleware: refuse off-source hosts and non-public addresses (after DNS resolution).

    It runs for every request, so a redirect (RedirectMiddleware re-schedules the target, which passes the chain
    again) and a nested sitemap are checked like any start URL. Requests without a source (robots.txt) must be
    on some source's hosts. The resolved address comes from Scrapy's caching resolver, the one the download
    then connects with.
    """

    def __init__(self, crawler: Crawler, sources: list[Source]) -> None:
        self.crawler = crawler
        self.sources = {s.id: s for s in sources}
        self.hosts = {s.id: source_hosts(s) for s in sources}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The sources come from the spider (set before the engine opens)."""
        return cls(crawler, [])

    def _sources(self) -> None:
        spider = self.crawler.spider
        found: dict[str, Source] = getattr(spider, "sources", {}) if spider is not None else {}
        if found.keys() != self.sources.keys():
            self.sources = dict(found)
            self.hosts = {s.id: source_hosts(s) for s in found.values()}

    def _refuse(self, request: Request, reason: str, message: str) -> Refused:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"govnews/refused/{reason}")
            if source_id := request.meta.get("source_id"):
                stats.inc_value(f"govnews/by_source/{source_id}/{reason}")
        return Refused(reason, f"{message}: {request.url}")

    async def process_request(self, request: Request, spider: Any = None) -> None:
        """Raise Refused for a request outside its source's scope; else let it through."""
        self._sources()
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            raise self._refuse(request, "offsite", "not an http(s) URL")
        source_id = request.meta.get("source_id")
        candidates = (
            [self.sources[source_id]] if source_id in self.sources else list(self.sources.values())
        )
        in_scope = [s for s in candidates if host_in(host, self.hosts[s.id])]
        if not in_scope:
            raise self._refuse(request, "offsite", "host outside the source")
        if all(s.allow_private for s in in_scope):
            return
        address = await self._resolve(host)
        if address is None:
            return  # DNS failure: the download fails the usual way and is counted as a fetch error
        if not is_public(address):
            raise self._refuse(request, "private", f"non-public address {address}")

    @staticmethod
    async def _resolve(host: str) -> str | None:
        try:
            ipaddress.ip_address(host.strip("[]"))
            return host.strip("[]")
        except ValueError:
            pass
        from twisted.internet import reactor
        from twisted.internet.error import DNSLookupError

        try:
            address: str = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type]
        except DNSLookupError:
            return None
        return address
