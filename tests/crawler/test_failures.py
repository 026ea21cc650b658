"""crawler.failures: error kinds from real twisted/Scrapy exceptions; the per-source URL cap; the report's key."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import exceptions
from twisted.internet import error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.failures import FailureLog, error_kind
from crawler.report import from_stats


def test_error_kinds_by_exception_and_status() -> None:
    assert error_kind(error.ConnectionRefusedError()) == "connection_refused"
    assert error_kind(error.DNSLookupError("no such host")) == "dns"
    assert error_kind(error.TimeoutError()) == "timeout"  # what Scrapy's DOWNLOAD_TIMEOUT raises
    assert error_kind(error.TCPTimedOutError()) == "timeout"
    assert error_kind(error.ConnectionLost()) == "connection_lost"
    wrapped = ResponseNeverReceived([Failure(error.ConnectionRefusedError())])
    assert error_kind(wrapped) == "connection_refused"  # the reason inside wins over the wrapper
    assert error_kind(exceptions.DownloadConnectionRefusedError("refused")) == "connection_refused"  # Scrapy 2.13+
    assert error_kind(exceptions.CannotResolveHostError("x.invalid")) == "dns"
    assert error_kind(exceptions.DownloadTimeoutError("timed out")) == "timeout"
    assert error_kind(exceptions.DownloadFailedError("lost")) == "connection_lost"
    assert error_kind(ValueError("?")) == "other"
    assert error_kind(None) == "other"
    assert error_kind(ValueError("?"), 404) == "http_4xx"
    assert error_kind(ValueError("?"), 503) == "http_5xx"


def test_urls_are_capped_per_source_and_counted_beyond_it() -> None:
    log = FailureLog(max_urls=3)
    for n in range(5):
        log.add("a", url=f"http://a/{n}", page="article", kind="http_4xx", status=404, message="404 " * 100)
    log.add("a", url="http://a/", page="start", kind="timeout", status=None, message="timed out")
    log.add("b", url="http://b/", page="start", kind="connection_refused", status=None, message="refused")
    a = log.data["a"]
    assert (a["count"], a["kinds"], a["pages"]) == (6, {"http_4xx": 5, "timeout": 1}, {"article": 5, "start": 1})
    assert [u["url"] for u in a["urls"]] == ["http://a/0", "http://a/1", "http://a/2"]
    assert a["urls_dropped"] == 3
    assert len(a["urls"][0]["message"]) == 200
    assert log.data["b"]["urls"] == [
        {"url": "http://b/", "page": "start", "kind": "connection_refused", "status": None, "message": "refused"}
    ]
    report = from_stats({}, started=datetime.now(UTC), reason="finished", sources=["a"], failures=log.data)
    assert report.failures["a"].urls_dropped == 3
    assert report.model_dump(mode="json")["failures"]["b"]["kinds"] == {"connection_refused": 1}
    assert from_stats({}, started=datetime.now(UTC), reason="finished", sources=[]).failures == {}
