"""The Nguồn page's "Giới hạn đã chạm" block: caps met per source, from a report crawler/report.py built."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from core.settings import Settings
from crawler.report import from_stats, write_report
from search_api.app import create_app


def test_the_page_lists_the_caps_each_source_met(corpus_settings: Settings, tmp_path: Path) -> None:
    stats = {
        "govnews/pages_fetched": 30,
        "govnews/by_source/quangninh/pages": 20,
        "govnews/by_source/quangninh/articles": 12,
        "govnews/by_source/dienbien/pages": 10,
        "govnews/by_source/dienbien/articles": 4,
        "govnews/limit/header_bytes": 2,
        "govnews/limit/robots_bytes": 1,
        "govnews/by_source/quangninh/limit_header_bytes": 2,
        "govnews/by_source/quangninh/limit_robots_bytes": 1,
        "govnews/retry_after": 3,
        "govnews/by_source/dienbien/retry_after": 3,
    }
    report = from_stats(
        stats, started=datetime.now(UTC) - timedelta(seconds=5), reason="finished", sources=["dienbien", "quangninh"]
    )
    assert report.limits_met == {"header_bytes": 2, "robots_bytes": 1}
    assert "caps met: header_bytes 2, robots_bytes 1" in report.summary()
    write_report(report, tmp_path)
    with TestClient(create_app(corpus_settings, reports_dir=tmp_path / "reports")) as client:
        html = client.get("/nguon").text
        latest = client.get("/api/reports/latest").json()
    assert latest["report"]["limits_met"] == {"header_bytes": 2, "robots_bytes": 1}
    block = html[html.index('id="limits"') : html.index("</table>", html.index('id="limits"'))]
    assert "Giới hạn đã chạm" in html
    assert block.count("<tr>") == 3  # the header row and quangninh's two caps; dienbien met none
    assert "Tiêu đề HTTP quá dài (bỏ trang)</td><td>2</td>" in block
    assert "robots.txt quá lớn (chỉ đọc phần đầu)</td><td>1</td>" in block
    assert "dienbien" not in block
    assert "Chờ theo Retry-After" in html  # the per-source counter, labelled, in the table above


def test_no_block_when_no_cap_was_met(corpus_settings: Settings, tmp_path: Path) -> None:
    report = from_stats(
        {"govnews/by_source/a/articles": 3}, started=datetime.now(UTC), reason="finished", sources=["a"]
    )
    write_report(report, tmp_path)
    with TestClient(create_app(corpus_settings, reports_dir=tmp_path / "reports")) as client:
        assert 'id="limits"' not in client.get("/nguon").text
