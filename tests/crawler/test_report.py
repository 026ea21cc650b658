"""Run reports: counts from Scrapy stats, per-source health, files under data_dir/reports."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.report import from_stats, write_report


def test_report_from_stats_flags_sources_that_yield_nothing(tmp_path: Path) -> None:
    stats = {
        "govnews/pages_fetched": 120,
        "govnews/articles_indexed": 90,
        "govnews/not_articles": 5,
        "govnews/http_errors": 2,
        "govnews/fetch_errors": 1,
        "govnews/by_source/a/pages": 60,
        "govnews/by_source/a/articles": 90,
        "govnews/by_source/b/pages": 20,
        "govnews/by_source/b/not_articles": 5,
        "govnews/by_source/c/skipped_known": 40,
        "robotstxt/forbidden": 3,
    }
    started = datetime.now(UTC) - timedelta(seconds=10)
    report = from_stats(stats, started=started, reason="finished", sources=["a", "b", "c", "d"])
    assert report.pages_fetched == 120
    assert report.errors == 3
    assert report.robots_forbidden == 3
    assert report.by_source["b"] == {"pages": 20, "not_articles": 5}
    assert report.silent_sources == ["b", "d"]  # c found only known articles: healthy
    assert "no articles from: b, d" in report.summary()
    assert 10 <= report.duration_s < 60
    assert 2 <= report.pages_per_second <= 12

    first = write_report(report, tmp_path)
    second = write_report(report, tmp_path)
    assert first != second
    assert first.parent == tmp_path / "reports"
    assert json.loads(first.read_text())["by_source"]["a"]["articles"] == 90
