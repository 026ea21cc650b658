"""The one generic portal spider: start URLs, listings, feeds and sitemaps of each Source, driven by config."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from core.ids import canonical_url, page_key
from core.limits import Limits
from core.settings import Settings
from core.source import Source
from crawler.caps import count_limit, count_limit_for
from crawler.failures import FailureLog, error_kind
from crawler.frontier import PRIORITY as LINK_PRIORITY
from crawler.frontier import PROBES, discover, followable, under_base
from crawler.items import RawPage
from crawler.links import (
    FeedEntry,
    Kind,
    LinkRules,
    TooLarge,
    looks_like_html,
    page_links,
    parse_feed,
    parse_sitemap,
)
from crawler.scope import Refused
from crawler.settings import source_hosts
from crawler.state import CrawlState
from crawler.templates import SiteTemplates
from crawler.templates import load as load_templates
from crawler.traps import TrapGuard

PRIORITY = {"sitemap": 30, "feed": 30, "article": 20, "listing": 10, "page": LINK_PRIORITY["link"]}
SETTLED = ("article", "notice", "other", "duplicate")  # page kinds a nightly run does not fetch again


def content_hash(body: bytes) -> str:
    """SHA-256 of the raw body (what "changed" means for the state DB)."""
    return hashlib.sha256(body).hexdigest()


class PortalSpider(Spider):
    """Crawls every enabled Source: listings are always revisited, known articles only when stale or changed.

    A source without article hints is crawled by discovery: every in-host page is fetched (kind "page"), its links
    followed, and the cleaner decides what it is (cleaner.classify); hints only narrow and speed up a crawl.
    """

    name = "portal"

    def __init__(
        self,
        sources: list[Source] | None = None,
        limit: int | None = None,
        revisit_after: timedelta | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sources = {s.id: s for s in (sources or []) if s.enabled}
        self.rules = {s.id: LinkRules.for_source(s, source_hosts(s)) for s in self.sources.values()}
        self.templates: dict[str, SiteTemplates] = {sid: SiteTemplates() for sid in self.sources}
        self.discovering = {sid: not rules.articles for sid, rules in self.rules.items()}
        self.limit = limit
        self.revisit_after = revisit_after
        self.scheduled: set[str] = set()
        self.per_source: dict[str, int] = dict.fromkeys(self.sources, 0)
        self.articles_scheduled = 0
        self.crawl_state: CrawlState | None = None
        self.traps = TrapGuard()
        self.failures = FailureLog()  # the run report's `failures` (crawler.run reads it when the spider closes)
        self.limits = Limits()
        self.sitemap_read: dict[str, int] = dict.fromkeys(self.sources, 0)  # sitemap <loc>s read per source

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        """Open the crawl-state DB next to the spider's lifetime."""
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = Settings.model_validate_json(crawler.settings["GOVNEWS_SETTINGS"])
        spider.crawl_state = CrawlState(settings.state_path)
        spider.templates = {sid: load_templates(settings.data_dir, sid) for sid in spider.sources}
        for sid, learned in spider.templates.items():  # a source that drifted is crawled by discovery this run
            spider.discovering[sid] = spider.discovering[sid] or learned.fallback
        spider.traps = TrapGuard(settings.limits.trap_variants, settings.limits.trap_barren)
        spider.limits = settings.limits
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    def _closed(self, spider: Spider) -> None:
        if self.crawl_state is not None:
            self.crawl_state.close()

    def _inc(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"govnews/{key}", n)

    def _count(self, source: Source, key: str, n: int = 1) -> None:
        """A total (`govnews/<key>` or `refused/<key>`) and the source's own counter."""
        if n:
            self._inc(f"refused/{key}" if key in ("offsite", "too_large") else key, n)
            self._inc(f"by_source/{source.id}/{key}", n)
        if key == "too_large":
            count_limit_for(self.crawler, [source.id], "download_bytes", n)

    # -- scheduling -----------------------------------------------------------------------------

    def _request(
        self, url: str, source: Source, kind: Kind, *, force: bool = False, depth: int = 0,
        priority: int | None = None, probe: bool = False,
    ) -> Request | None:
        """A request for `url`, or None when it is a duplicate, over budget, a trap, or a fresh known article.

        A "page" (discovery) is one key for all its spellings (core.ids.page_key: `/x`, `/x/`, `/x/index.html`).
        """
        key = page_key(url) if kind == "page" else canonical_url(url)
        if key in self.scheduled:
            return None
        if kind == "page" and not followable(url, self.rules[source.id]):
            return None
        if kind == "page" and self._settled(url, source, force):
            self.scheduled.add(key)
            return None
        if source.max_pages is not None and self.per_source[source.id] >= source.max_pages:
            self._count(source, "page_capped")
            return None
        if kind in ("listing", "page") and depth:
            if depth > source.max_depth:
                self._count(source, "depth_capped")
                return None
            if not self.traps.admit(key):
                self._count(source, "trap")
                return None
        headers: dict[str, str] = {}
        if kind == "article":
            if self.limit is not None and self.articles_scheduled >= self.limit:
                return None
            known = self.crawl_state.get(url) if self.crawl_state else None
            if known is not None and known.is_known_article:
                stale = self.revisit_after is not None and not known.fetched_within(self.revisit_after)
                if not (force or stale):
                    self._inc("skipped_known")
                    self._inc(f"by_source/{source.id}/skipped_known")
                    self.scheduled.add(key)
                    return None
                headers = known.conditional_headers()
            self.articles_scheduled += 1
        self.scheduled.add(key)
        self.per_source[source.id] += 1
        callback = {
            "article": self.parse_article,
            "listing": self.parse_listing,
            "feed": self.parse_feed,
            "sitemap": self.parse_sitemap,
            "page": self.parse_page,
        }[kind]
        meta: dict[str, Any] = {"source_id": source.id, "kind": kind, "listing_depth": depth, "probe": probe}
        if not source.politeness.obey_robots:
            meta["dont_obey_robotstxt"] = True
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=headers or None,
            meta=meta,
            priority=PRIORITY[kind] if priority is None else priority,
            dont_filter=kind in ("listing", "page"),
        )

    def _settled(self, url: str, source: Source, force: bool) -> bool:
        """A discovered page known as an article, notice, duplicate or other page, fetched recently: not again."""
        known = self.crawl_state.get(url) if self.crawl_state else None
        if known is None or known.page_kind not in SETTLED or known.content_hash is None or force:
            return False
        if self.revisit_after is not None and not known.fetched_within(self.revisit_after):
            return False
        self._inc("skipped_known")
        self._inc(f"by_source/{source.id}/skipped_known")
        return True

    async def start(self) -> AsyncIterator[Any]:
        """Sitemaps and feeds first, then the start pages of every source (a source found by discovery also gets
        the common sitemap and feed paths probed: crawler.frontier.PROBES)."""
        for source in self.sources.values():
            start_kind: Kind = "page" if self.discovering[source.id] else "listing"
            sought: tuple[tuple[Kind, list[str]], ...] = (("sitemap", source.sitemaps), ("feed", source.rss))
            for kind, given in sought:
                probed = not given and start_kind == "page"
                urls = [urljoin(source.base_url, path) for path in PROBES[kind]] if probed else given
                for url in urls:
                    if (req := self._request(url, source, kind, probe=probed)) is not None:
                        yield req
            for url in source.start_urls or [source.base_url]:
                if (req := self._request(url, source, start_kind)) is not None:
                    yield req

    def robots_sitemaps(self, host: str, urls: list[str]) -> list[Request]:
        """Requests for the `Sitemap:` lines of a host's robots.txt, for sources on it that list no sitemap.

        Only sitemaps under the source's base URL are taken (several sources may share one host).
        """
        out: list[Request] = []
        for source in self.sources.values():
            if source.sitemaps or not self.rules[source.id].on_host(f"http://{host}/"):
                continue
            base = urlsplit(source.base_url)
            for url in urls:
                parts = urlsplit(url)
                if (parts.hostname or "").lower() != (base.hostname or "").lower():
                    continue
                if not parts.path.startswith(base.path or "/"):
                    continue
                if (req := self._request(url, source, "sitemap")) is not None:
                    self._inc("robots_sitemaps")
                    out.append(req)
        return out

    # -- callbacks ------------------------------------------------------------------------------

    def _source(self, response: Response) -> Source:
        return self.sources[response.meta["source_id"]]

    def _record(
        self, response: Response, kind: str, *, page_kind: str | None = None, reason: str | None = None
    ) -> bool:
        assert self.crawl_state is not None
        return self.crawl_state.record_fetch(
            requested_url(response),
            source_id=response.meta.get("source_id"),
            kind=kind,
            page_kind=page_kind,
            reason=reason,
            status=response.status,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            content_hash=content_hash(response.body),
        )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Follow article and listing links of a listing page (one listing hop deeper).

        A listing that brings no new article link counts towards its URL template's trap budget (crawler.traps).
        """
        self._record(response, "listing")
        source = self._source(response)
        depth = int(response.meta.get("listing_depth", 0)) + 1
        links = page_links(response.body, response.url, self.rules[source.id])
        new = sum(kind == "article" and canonical_url(url) not in self.scheduled for url, kind in links)
        self.traps.fetched(response.url, new)
        for url, kind in links:
            if (req := self._request(url, source, kind, depth=depth)) is not None:
                yield req

    def parse_article(self, response: Response) -> Iterator[RawPage]:
        """Hand a new or changed article page to the pipeline; a 304 only refreshes the state."""
        assert self.crawl_state is not None
        if response.status == 304:
            self.crawl_state.record_not_modified(requested_url(response))
            self._inc("not_modified")
            return
        known = self.crawl_state.get(requested_url(response))
        digest = content_hash(response.body)
        if not looks_like_html(_header(response, "Content-Type"), response.body):
            self._record(response, "article")
            self._inc("not_html")  # a PDF or image behind an article-shaped link: archived, not cleaned
            return
        if known is not None and known.is_known_article and known.content_hash == digest and known.article_id:
            self._record(response, "article")
            self._inc("unchanged")
            return
        if known is not None and known.is_known_article:
            self._count(self._source(response), "changed")  # a known article whose page changed; the rest are new
        # the state learns of this page only once its article is durable (pipelines.IndexPipeline)
        yield RawPage(
            url=response.url,
            requested_url=requested_url(response),
            body=response.body,
            source_id=response.meta.get("source_id"),
            fetched_at=datetime.now(UTC),
            status=response.status,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            content_hash=digest,
            cut="dataloss" in response.flags,
        )

    def _entry_kind(self, source: Source) -> Kind:
        """A feed or sitemap entry is an article by hint, or a page the cleaner will judge (discovery)."""
        return "page" if self.discovering[source.id] else "article"

    def parse_page(self, response: Response) -> Iterator[Request | RawPage]:
        """Discovery: follow every followable in-host link of the page and hand the page to the cleaner to classify.

        A page already classified whose body did not change is not classified again. A known listing that brings
        no unknown link (a nightly run past the newest articles) is not followed further, unless it is a start page;
        a page outside the base URL's folder is classified but not followed (crawler.frontier.under_base).
        """
        assert self.crawl_state is not None
        if response.status == 304:
            self.crawl_state.record_not_modified(requested_url(response))
            self._inc("not_modified")
            return
        source = self._source(response)
        if not looks_like_html(_header(response, "Content-Type"), response.body):
            self._record(response, "other")
            self._inc("not_html")
            return
        depth = int(response.meta.get("listing_depth", 0))
        known = self.crawl_state.get(requested_url(response))
        found = discover(response.body, response.url, self.rules[source.id])
        unseen = [(u, p) for u, p in found.links if page_key(u) not in self.scheduled]
        self.traps.fetched(response.url, len(unseen))
        for url in found.feeds:
            if (req := self._request(url, source, "feed")) is not None:
                yield req
        rules = self.rules[source.id]
        inside = under_base(response.url, rules)
        if inside and (known is None or known.page_kind != "listing" or depth == 0 or self._brings_new(unseen)):
            learned = self.templates[source.id]
            for url, priority in unseen:
                if not under_base(url, rules):
                    priority = LINK_PRIORITY["outside"]
                elif hint := learned.kind_of(url):
                    priority = max(priority, LINK_PRIORITY[f"{hint}_template"])
                if (req := self._request(url, source, "page", depth=depth + 1, priority=priority)) is not None:
                    yield req
        digest = content_hash(response.body)
        if known is not None and known.page_kind and known.content_hash == digest:
            self._record(response, known.kind, page_kind=known.page_kind, reason=known.reason)
            self._inc("unchanged")
            return
        yield RawPage(
            url=response.url,
            requested_url=requested_url(response),
            body=response.body,
            source_id=source.id,
            fetched_at=datetime.now(UTC),
            status=response.status,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            content_hash=digest,
            discovered=True,
            cut="dataloss" in response.flags,
        )

    def _brings_new(self, links: list[tuple[str, int]]) -> bool:
        """Any link to a page the crawl state does not know yet."""
        assert self.crawl_state is not None
        return any(self.crawl_state.get(url) is None for url, _ in links)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Article URLs from an RSS/Atom feed (all same-site items count as articles)."""
        self._record(response, "feed")
        source = self._source(response)
        rules = self.rules[source.id]
        for entry in self._unpacked(response, source, "feed", parse_feed):
            if not rules.on_host(entry.url):
                self._count(source, "offsite")
            elif rules.in_scope(entry.url) and (req := self._request(entry.url, source, self._entry_kind(source))):
                yield req

    def _unpacked(
        self, response: Response, source: Source, kind: str, parse: Callable[..., Iterable[FeedEntry]]
    ) -> Iterable[FeedEntry]:
        """`parse(body, url, max_size=…)`'s entries; none, counted as too large, when the body unpacks past the cap."""
        try:
            return parse(response.body, response.url, max_size=self.limits.download_bytes)
        except TooLarge as exc:
            self._count(source, "too_large")
            self.logger.warning("%s refused: %s (%s)", kind, response.url, exc)
            return []

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Article URLs (and nested sitemaps) from a sitemap; a newer <lastmod> forces a conditional refetch."""
        assert self.crawl_state is not None
        self._record(response, "sitemap")
        source = self._source(response)
        rules = self.rules[source.id]
        if self._sitemap_spent(response, source):
            return
        for entry in self._unpacked(response, source, "sitemap", parse_sitemap):
            self.sitemap_read[source.id] += 1
            self._count(source, "sitemap_urls")
            if self._sitemap_spent(response, source):
                return
            if not rules.on_host(entry.url):
                self._count(source, "offsite")
                continue
            if entry.is_sitemap:
                req = self._request(entry.url, source, "sitemap")
            else:
                kind = rules.classify(entry.url) or (
                    self._entry_kind(source) if not rules.articles and rules.in_scope(entry.url) else None
                )
                if kind is None:
                    continue
                known = self.crawl_state.get(entry.url)
                newer = bool(
                    entry.lastmod and known and known.last_fetched and _aware(entry.lastmod) > known.last_fetched
                )
                req = self._request(entry.url, source, kind, force=newer)
            if req is not None:
                yield req

    def budget_spent(self, source: Source) -> str | None:
        """Which of the source's budgets is spent: "page_capped" (max_pages requests), "sitemap_urls" (entries
        read, limits.sitemap_urls), or None."""
        if source.max_pages is not None and self.per_source[source.id] >= source.max_pages:
            return "page_capped"
        if self.sitemap_read[source.id] > self.limits.sitemap_urls:
            return "sitemap_urls"
        return None

    def _sitemap_spent(self, response: Response, source: Source) -> bool:
        """The source's budget is spent: stop reading (counted once per sitemap cut; the rest is never parsed)."""
        spent = self.budget_spent(source)
        if spent == "page_capped":
            self._count(source, "page_capped")
        elif spent == "sitemap_urls":
            assert response.request is not None
            count_limit(self.crawler, response.request, "sitemap_urls")
        return spent is not None

    def on_error(self, failure: Failure) -> None:
        """Record a failed fetch (HTTP error after retries, timeout, DNS) and carry on."""
        request: Request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, Refused):  # counted by the scope guard; nothing was fetched
            self.logger.info("refused (%s): %s", failure.value.reason, failure.getErrorMessage())
            return
        status: int | None = None
        message = failure.getErrorMessage() or ""
        if "max size" in message.lower() or "DOWNLOAD_MAXSIZE" in message:
            if source := self.sources.get(request.meta.get("source_id", "")):
                self._count(source, "too_large")
            self.logger.warning("refused (too large): %s (%s)", request.url, message)
            return
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            if request.meta.get("probe") and 400 <= status < 500:  # a guessed sitemap or feed path not served
                self._inc("probe_missing")
                return
            self._inc(f"http_errors/{status}")
            self._inc("http_errors")
        else:
            self._inc("fetch_errors")
        if source_id := request.meta.get("source_id"):
            self._inc(f"by_source/{source_id}/errors")
            self._failed(source_id, request, failure, status)
        self.logger.info("fetch failed: %s (%s)", request.url, failure.getErrorMessage())
        if self.crawl_state is not None:
            self.crawl_state.record_error(
                request.url,
                source_id=request.meta.get("source_id"),
                kind=request.meta.get("kind", "listing"),
                error=failure.getErrorMessage() or repr(failure.value),
                status=status,
            )

    def _failed(self, source_id: str, request: Request, failure: Failure, status: int | None) -> None:
        """Name the failing URL, its page kind (a depth-0 listing or discovered page is a start page) and its error
        kind."""
        page = str(request.meta.get("kind", "listing"))
        if page in ("listing", "page") and not request.meta.get("listing_depth"):
            page = "start"
        kind = error_kind(failure.value, status)
        self.failures.add(
            source_id, url=request.url, page=page, kind=kind, status=status, message=failure.getErrorMessage() or ""
        )


def requested_url(response: Response) -> str:
    """The URL we scheduled (before redirects): the key the state DB remembers it by."""
    redirects = response.meta.get("redirect_urls")
    return str(redirects[0]) if redirects else response.url


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
