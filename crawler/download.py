"""HTTP/1.1 download handler that caps each response's header block and each URL's total download time.

Headers: past `limits.header_bytes` the response is dropped (not retried) and counted.

Twisted's parser (a LineReceiver) keeps every header line it is sent: a server whose header lines never end was
read to 160 MiB. Scrapy's handler already swaps the parser class for a lenient one; this one swaps in a subclass
that counts the status line and header lines and gives up on the connection once they pass the cap. A single line
longer than the cap fails the same way (LineReceiver.MAX_LENGTH, 16 KiB by default, is raised to the cap).

Time: one URL's attempts together (retries included) get `limits.response_seconds`; each attempt also keeps
Scrapy's DOWNLOAD_TIMEOUT, cut to what is left of the budget. A URL whose budget is spent is not tried again.
Time waiting in a slot's queue (politeness, Retry-After) does not count, only time on the wire.

Sitemaps: one whose source's budget is already spent is refused here, as its download would start.

Built on Scrapy 2.19's private http11 classes (the lenient parser and protocol); a Scrapy upgrade must keep
tests/crawler/test_network_caps.py green.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from scrapy.exceptions import DownloadTimeoutError
from twisted.web._newclient import HEADER, STATUS

from crawler.budget import refuse_spent_sitemap
from crawler.caps import count_limit, crawl_limits

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred
    from twisted.web._newclient import Request as TxRequest
    from twisted.web.iweb import IResponse


SPENT = "govnews_seconds_spent"  # request.meta: time this URL's attempts have taken so far (copied to a retry)
TIMEOUT = "govnews_download_timeout"  # request.meta: the attempt timeout before the budget cut it
COUNTED = "govnews_budget_counted"


class HeadersTooLarge(Exception):
    """The response's status line and headers passed `limits.header_bytes`."""


class ResponseBudgetSpent(Exception):
    """The URL's attempts have used up `limits.response_seconds`; it is not tried again this run."""


class _CappedParser(_LenientHTTPClientParser):
    """Scrapy's lenient parser, counting header bytes (set by _CappedProtocol: the class is swapped, not built)."""

    header_cap: int
    header_seen: int

    def lineReceived(self, line: bytes) -> None:
        """Count the line while the header block lasts; past the cap, fail the response."""
        if self.state in (STATUS, HEADER):
            self.header_seen += len(line) + 1
            if self.header_seen > self.header_cap:
                raise HeadersTooLarge(f"response headers longer than {self.header_cap} bytes")
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes) -> None:
        """One line longer than the cap (the body is read raw, so this is a header or status line)."""
        raise HeadersTooLarge(f"a response header line longer than {self.header_cap} bytes")


class _CappedProtocol(_LenientHTTP11ClientProtocol):
    """Puts a _CappedParser on every request (HTTP11ClientProtocol.request hard-codes its parser class)."""

    header_cap: int

    def request(self, request: TxRequest) -> Deferred[IResponse]:
        """Scrapy's request, with the capped parser."""
        d = super().request(request)
        parser = self._parser
        assert parser is not None
        parser.__class__ = _CappedParser
        assert isinstance(parser, _CappedParser)
        parser.header_cap = self.header_cap
        parser.header_seen = 0
        parser.MAX_LENGTH = self.header_cap
        return d


class _CappedFactory(_LenientHTTP11ClientFactory):
    """Builds _CappedProtocol connections; the handler subclasses it with the run's header cap."""

    header_cap: int

    def buildProtocol(self, addr: Any) -> _CappedProtocol:
        """A protocol carrying the cap."""
        proto = _CappedProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]
        proto.header_cap = self.header_cap
        return proto


class CappedDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the header cap and the time budget (DOWNLOAD_HANDLERS for http, https)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        limits = crawl_limits(crawler)
        cap = limits.header_bytes
        factory: type[_CappedFactory] = type("CappedFactory", (_CappedFactory,), {"header_cap": cap})
        self._pool._factory = factory
        self.budget = limits.response_seconds
        self.timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT")

    async def download_request(self, request: Request) -> Response:
        """Download within what is left of the URL's budget; a header block past the cap is dropped unretried.

        A sitemap of a source whose budget is spent is not downloaded at all (crawler/budget.py).
        """
        refuse_spent_sitemap(self._crawler, request)
        spent = float(request.meta.get(SPENT, 0.0))
        timeout = float(request.meta.setdefault(TIMEOUT, request.meta.get("download_timeout") or self.timeout))
        left = self.budget - spent
        if left <= 0:
            self._count_budget(request)
            raise ResponseBudgetSpent(f"{request.url}: {spent:.1f} s spent of the {self.budget:g} s budget per URL")
        cut = left < timeout
        request.meta["download_timeout"] = min(timeout, left)
        started = monotonic()
        try:
            return await super().download_request(request)
        except DownloadTimeoutError:
            if cut:
                self._count_budget(request)
            raise
        except Exception as exc:
            if headers_too_large(exc):
                request.meta["dont_retry"] = True  # the same server would send the same endless headers
                count_limit(self._crawler, request, "header_bytes")
            raise
        finally:
            request.meta[SPENT] = spent + (monotonic() - started)

    def _count_budget(self, request: Request) -> None:
        if not request.meta.get(COUNTED):
            request.meta[COUNTED] = True
            count_limit(self._crawler, request, "response_seconds")


def headers_too_large(exception: BaseException) -> bool:
    """Whether a download error is (or wraps, as Scrapy's DownloadFailedError wraps ResponseFailed) HeadersTooLarge."""
    seen: set[int] = set()
    todo: list[BaseException] = [exception]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        if isinstance(exc, HeadersTooLarge):
            return True
        todo += [r.value for r in getattr(exc, "reasons", []) if isinstance(getattr(r, "value", None), BaseException)]
        todo += [e for e in (exc.__cause__, exc.__context__) if e is not None]
    return False
