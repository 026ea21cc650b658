"""The crawler's network caps against real loopback servers (tests/crawler/network.py), one crawl each:
endless headers, Retry-After, a 10 MB robots.txt, a sitemap index of 1M URLs, a slowloris host."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from archive.reader import iter_archive
from core.source import Politeness
from tests.crawler.network import Conn, RawServer, article, listing, raw_servers, robots, sitemap_index, source
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow

MIB = 1 << 20
SAFETY = 48 * MIB  # a route stops writing here, so a crawl without the cap still ends (and fails the test)


def crawl(tmp_path: Path, sources: list[Any], *args: str, limits: dict[str, Any] | None = None) -> dict[str, Any]:
    path = write_sources_file(tmp_path / "s.yaml", sources)
    env = {"GOVNEWS_LIMITS": json.dumps(limits)} if limits else None
    return crawl_report(govnews("crawl", "--sources", str(path), *args, data_dir=tmp_path / "data", env=env))


# -- headers --------------------------------------------------------------------------------------------------


def endless_headers(conn: Conn, path: str) -> None:
    """A status line, then header lines that never end."""
    batch = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 100) for i in range(600))
    conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    while conn.hit.sent < SAFETY and conn.write(batch):
        pass


def endless_line(conn: Conn, path: str) -> None:
    """A status line, then one header line that never ends."""
    conn.write(b"HTTP/1.1 200 OK\r\nX-Long: ")
    while conn.hit.sent < SAFETY and conn.write(b"a" * 65536):
        pass


def test_endless_headers_are_cut_at_the_cap_dropped_unretried_and_counted(tmp_path: Path) -> None:
    srv = RawServer(
        routes={
            "/robots.txt": robots("User-agent: *\n"),
            "/": listing(["/tin/1.html", "/tin/2.html", "/tin/dau-vo-tan.html", "/tin/dong-dai.html"]),
            "/tin/": article,
            "/tin/dau-vo-tan.html": endless_headers,
            "/tin/dong-dai.html": endless_line,
        }
    )
    with raw_servers(srv):
        report = crawl(tmp_path, [source(srv)])
        endless, long_line = srv.paths("/tin/dau-vo-tan.html"), srv.paths("/tin/dong-dai.html")
    assert report["finish_reason"] == "finished"
    assert report["articles_indexed"] == 2  # the other pages are crawled as usual
    # one request each: a server sending endless headers is not asked three times
    assert len(endless) == 1
    assert len(long_line) == 1
    # bytes taken off the server: the 64 KiB cap plus what the sockets buffered, not 48 MiB (160 MiB in the probe)
    assert endless[0].sent < 16 * MIB, endless[0].sent
    assert long_line[0].sent < 16 * MIB, long_line[0].sent
    assert report["limits_met"]["header_bytes"] == 2
    assert report["by_source"]["net"]["limit_header_bytes"] == 2


# -- Retry-After ----------------------------------------------------------------------------------------------


def test_retry_after_pauses_that_host_only_and_is_counted(tmp_path: Path) -> None:
    slow = RawServer("127.0.0.1")
    other = RawServer("127.0.0.2")
    asked: set[str] = set()

    def too_many(conn: Conn, path: str) -> None:
        if path in asked:
            return article(conn, path)
        asked.add(path)
        when = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
        wait = when if path.endswith("ngay.html") else "3"
        conn.respond("429 Too Many Requests", b"<html><body>Too many</body></html>", Retry_After=wait)

    slow.routes.update(
        {
            "/robots.txt": robots("User-agent: *\n"),
            "/": listing(["/tin/1.html", "/tin/2.html", "/tin/ngay.html"]),
            "/tin/": too_many,
        }
    )
    other.routes.update(
        {
            "/robots.txt": robots("User-agent: *\n"),
            "/": listing([f"/tin/{i}.html" for i in range(1, 16)]),
            "/tin/": article,
        }
    )
    with raw_servers(slow, other):
        paced = Politeness(download_delay=0.3, concurrency=1, autothrottle=False)
        report = crawl(tmp_path, [source(slow, "a"), source(other, "b", politeness=paced)])
        first = {h.path: h for h in reversed(slow.paths("/tin/"))}  # the first hit of each path
        retries = [h for h in slow.paths("/tin/") if h is not first[h.path]]
        other_hits = other.paths("/tin/")
    assert report["finish_reason"] == "finished"
    assert len(first) == 3
    assert len(retries) == 3
    for hit in retries:  # each retry waited for the time its 429 asked (3 s; the date: 3 to 4 s)
        assert hit.started - first[hit.path].ended >= 2.9, (hit.path, hit.started - first[hit.path].ended)
    # after each 429, no retry reached that host for the time it asked, whichever URL it was for (the three first
    # requests went out together, before any 429 came back)
    windows = [(h.ended, h.ended + 2.9) for h in first.values()]
    inside = [(h.path, h.started) for h in retries for lo, hi in windows if lo < h.started < hi]
    assert inside == [], [(h.path, h.started, h.ended) for h in slow.hits]
    lo, hi = min(windows)
    assert sum(lo < h.started < hi for h in other_hits) >= 3, "the other host kept going"
    assert report["retry_after"] == 3
    assert report["by_source"]["a"]["retry_after"] == 3
    assert "b" not in report["by_source"] or "retry_after" not in report["by_source"]["b"]
    assert report["articles_indexed"] == 3 + 15


# -- robots.txt -----------------------------------------------------------------------------------------------


def test_a_10_mb_robots_txt_is_read_to_500_kib_only(tmp_path: Path) -> None:
    filler = "# " + "x" * 98 + "\n"
    text = "User-agent: *\nDisallow: /cam/\n" + filler * (10 * MIB // len(filler)) + "Disallow: /tin/\n"
    srv = RawServer(
        routes={
            "/robots.txt": robots(text),
            "/": listing(["/tin/1.html", "/cam/2.html"]),
            "/tin/": article,
            "/cam/": article,
        }
    )
    with raw_servers(srv):
        report = crawl(tmp_path, [source(srv, article_patterns=[r"/tin/", r"/cam/"])])
        robots_hits, allowed, denied = srv.paths("/robots.txt"), srv.paths("/tin/"), srv.paths("/cam/")
    assert len(robots_hits) == 1
    read = [r.body for r in iter_archive(tmp_path / "data" / "warc") if r.url.endswith("/robots.txt")]
    assert len(read) == 1
    assert 500 * 1024 < len(read[0]) < MIB, len(read[0])  # the download stopped at the cap, not 10 MB read
    assert denied == []  # the rule inside the first 500 KiB is obeyed
    assert len(allowed) == 1  # the rule past 500 KiB is not read (RFC 9309 §2.5)
    assert report["limits_met"]["robots_bytes"] == 1
    assert report["by_source"]["net"]["limit_robots_bytes"] == 1


# -- sitemaps -------------------------------------------------------------------------------------------------

NESTED, PER_SITEMAP = 20, 50_000


def test_a_sitemap_index_of_a_million_urls_stops_at_the_sources_budget(tmp_path: Path) -> None:
    srv = RawServer(routes={**sitemap_index(NESTED, PER_SITEMAP), "/": listing([])})
    with raw_servers(srv):
        started = time.monotonic()
        report = crawl(tmp_path, [source(srv, sitemaps=[f"{srv.base}/sitemap.xml"], max_pages=200)])
        elapsed = time.monotonic() - started
        articles, fetched = srv.paths("/tin/"), srv.paths("/sm/")
    assert report["finish_reason"] == "finished"
    assert len(articles) <= 200
    # once the budget is spent, nested sitemaps still queued are not downloaded (on loopback most are fetched
    # before the first is parsed; at a portal's one request per second, the second one is already refused)
    assert len(fetched) < NESTED
    assert report["by_source"]["net"]["page_capped"] >= 1
    # the parse stopped with the budget: about 200 entries read of 1,000,000 (the probe walked all of them)
    assert report["sitemap_urls"] <= 400, report["sitemap_urls"]
    figures = f"crawl {report['duration_s']} s, {len(fetched)} nested sitemaps, {report['sitemap_urls']} entries"
    print(f"1M-URL index, max_pages 200: {elapsed:.1f} s; {figures}")


# -- slow hosts -----------------------------------------------------------------------------------------------


def test_a_slowloris_host_holds_one_url_for_the_time_budget_not_three_timeouts(tmp_path: Path) -> None:
    def trickle(conn: Conn, path: str) -> None:
        conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\n\r\n<html>")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and conn.write(b" "):
            time.sleep(0.1)

    srv = RawServer(
        routes={
            "/robots.txt": robots("User-agent: *\n"),
            "/": listing(["/tin/1.html", "/tin/cham.html"]),
            "/tin/": article,
            "/tin/cham.html": trickle,
        }
    )
    with raw_servers(srv):
        report = crawl(
            tmp_path,
            [source(srv)],
            "--set",
            "DOWNLOAD_TIMEOUT=2",
            "--set",
            "RETRY_TIMES=2",
            limits={"response_seconds": 3},
        )
        slow = srv.paths("/tin/cham.html")
    # attempt 1 gets the whole 2 s timeout, attempt 2 what is left of the 3 s budget, attempt 3 is never made
    assert len(slow) == 2, [(h.started, h.ended) for h in slow]
    held = slow[-1].ended - slow[0].started
    assert held < 4.5, held  # 3 s budget (+ the server noticing the close); 3 tries x 2 s = 6 s before
    assert report["limits_met"]["response_seconds"] == 1
    assert report["by_source"]["net"]["limit_response_seconds"] == 1
    assert report["articles_indexed"] == 1
