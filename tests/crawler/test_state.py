"""SQLite crawl state: validators, change detection, errors that keep what was known."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from crawler.state import CrawlState


def test_record_fetch_detects_change_and_keeps_validators(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "s.sqlite3")
    url = "HTTP://Example.VN:80/a.html?utm_source=x#frag"
    assert state.get(url) is None
    assert state.record_fetch(
        url,
        source_id="s",
        kind="article",
        status=200,
        etag='"e1"',
        last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
        content_hash="h1",
    )
    assert not state.record_fetch(url, source_id="s", kind="article", status=200, etag='"e1"', content_hash="h1")
    assert state.record_fetch(url, source_id="s", kind="article", status=200, etag='"e2"', content_hash="h2")
    page = state.get("http://example.vn/a.html")  # same canonical URL
    assert page is not None
    assert page.etag == '"e2"'
    assert page.fetch_count == 3
    assert page.conditional_headers() == {"If-None-Match": '"e2"'}
    assert page.is_known_article
    assert page.fetched_within(timedelta(hours=1))
    assert not page.fetched_within(timedelta(0))


def test_errors_and_not_modified_keep_what_was_known(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    state = CrawlState(path)
    state.record_fetch("http://h/a", source_id="s", kind="article", status=200, etag='"e"', content_hash="h")
    state.set_article_id("http://h/a", "abc123")
    state.record_error("http://h/a", source_id="s", kind="article", error="timeout")
    state.record_not_modified("http://h/a")
    state.record_error("http://h/new", source_id="s", kind="article", error="HTTP 404", status=404)
    state.close()
    reopened = CrawlState(path)  # persisted
    page = reopened.get("http://h/a")
    assert page is not None
    assert (page.content_hash, page.article_id, page.etag, page.status) == ("h", "abc123", '"e"', 200)
    assert page.error is None  # the 304 after the timeout cleared it
    new = reopened.get("http://h/new")
    assert new is not None
    assert new.status == 404
    assert not new.is_known_article
    assert reopened.count() == 2
    assert reopened.count("article") == 2
