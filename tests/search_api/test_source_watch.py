"""Nguồn an operator can watch: a dead portal is flagged even when its sitemap answered, its failing URLs and error
kinds are named, each source keeps 30 runs of history; all in Vietnamese. Real report files, the app, no mocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from crawler.failures import FailureLog
from crawler.report import CrawlReport, write_report
from search_api.app import create_app
from search_api.history import band

T0 = datetime(2026, 10, 1, 19, 0, tzinfo=UTC)
NIGHTS = 33  # more than the 30 runs of history
SOURCES = """sources:
  - id: tandan-dienbien
    name: Cổng thông tin điện tử tỉnh Điện Biên
    base_url: http://127.0.0.2:9/
  - id: nukeviet-binhphuoc
    name: Cổng thông tin điện tử tỉnh Bình Phước
    base_url: http://127.0.0.1:9/
"""
DEAD_URLS = ["http://127.0.0.2:9/", *(f"http://127.0.0.2:9/portal/Pages/muc-{n}.aspx" for n in range(4))]


def night(day: int, by_source: dict[str, dict[str, int]], failures: FailureLog | None = None) -> CrawlReport:
    started = T0 + timedelta(days=day)
    return CrawlReport.model_validate(
        {
            "started": started,
            "finished": started + timedelta(seconds=30),
            "duration_s": 30.0,
            "sources": sorted(by_source),
            "by_source": by_source,
            "failures": failures.data if failures else {},
        }
    )


def dead_host_failures() -> FailureLog:
    """What the spider logs when a host refuses every connection: its start page and its four sections."""
    log = FailureLog()
    for n, url in enumerate(DEAD_URLS):
        log.add("tandan-dienbien", url=url, page="start", kind="connection_refused", status=None, message="refused")
        if n < 2:
            log.add("nukeviet-binhphuoc", url=f"http://127.0.0.1:9/tin/{n}.html", page="article", kind="http_4xx",
                    status=404, message="404")  # fmt: skip
    return log


@pytest.fixture
def watch_dir(tmp_path: Path) -> Path:
    """33 ordinary nights, then one where Điện Biên's host refused every connection while its sitemap still listed
    its 600 known articles (so the counts alone look like a quiet night) and Bình Phước lost two article pages."""
    data_dir = tmp_path / "data"
    for day in range(NIGHTS):
        steady = {
            "tandan-dienbien": {"pages": 40, "articles": 4 + day % 3, "changed": 1, "skipped_known": 600},
            "nukeviet-binhphuoc": {"pages": 50, "articles": 5, "skipped_known": 590 + day},
        }
        write_report(night(day, steady), data_dir)
    last = {
        "tandan-dienbien": {"pages": 2, "skipped_known": 600, "errors": 5},
        "nukeviet-binhphuoc": {"pages": 50, "articles": 6, "changed": 2, "skipped_known": 640, "errors": 2},
    }
    write_report(night(NIGHTS, last, dead_host_failures()), data_dir)
    (data_dir / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return data_dir


@pytest.fixture
def watch_client(corpus_settings: Settings, watch_dir: Path) -> Iterator[TestClient]:
    settings = corpus_settings.model_copy(update={"sources_file": watch_dir / "sources.yaml"})
    with TestClient(create_app(settings, reports_dir=watch_dir / "reports")) as client:
        yield client


def test_a_dead_host_is_flagged_even_when_its_sitemap_answered(watch_client: TestClient) -> None:
    latest = watch_client.get("/api/reports/latest").json()
    [dead] = [w for w in latest["warnings"] if w.startswith("tandan-dienbien:")]
    assert "5 trang bắt đầu/chuyên mục/RSS/sitemap không tải được (từ chối kết nối: 5) — lỗi mới từ lần này;" in dead
    assert not [w for w in latest["warnings"] if w.startswith("nukeviet-binhphuoc:")]  # two dead links: no alarm
    assert latest["report"]["failures"]["tandan-dienbien"]["urls"][0] == {
        "url": DEAD_URLS[0], "page": "start", "kind": "connection_refused", "status": None, "message": "refused",
    }  # fmt: skip


def test_the_page_names_the_failing_urls_and_error_kinds_in_vietnamese(watch_client: TestClient) -> None:
    html = watch_client.get("/nguon").text
    warnings = html[html.index('id="warnings"') : html.index("</ul>", html.index('id="warnings"'))]
    assert "<strong>Cổng thông tin điện tử tỉnh Điện Biên</strong> — tandan-dienbien: 5 trang bắt đầu" in warnings
    failed = html[html.index('id="failures"') :]
    for url in DEAD_URLS:
        assert f"<code>{url}</code>" in failed
    assert "từ chối kết nối: 5" in failed
    assert "lỗi HTTP 4xx (trang không còn, bị chặn…) (404)" in failed  # Bình Phước's two dead links, named too
    assert '<strong id="finish">hoàn tất</strong>' in html
    assert "finished" not in html
    flagged = '<tr class="flagged"><th scope="row"><a href="/nguon/tandan-dienbien">'
    assert f"{flagged}Cổng thông tin điện tử tỉnh Điện Biên" in html


def test_each_source_keeps_its_last_30_runs_with_yield_against_the_median(watch_client: TestClient) -> None:
    history = watch_client.get("/api/reports/history").json()
    dead = history["tandan-dienbien"]
    assert len(dead["runs"]) == 30
    assert dead["runs"][0]["name"] == "20261103T190000Z.json"  # newest first
    assert dead["median_seen"] == 605  # 600 known + 4..6 new on ordinary nights
    newest, before = dead["runs"][0], dead["runs"][1]
    assert (newest["new"], newest["changed"], newest["seen"], newest["errors"]) == (0, 0, 600, 5)
    assert newest["error_kinds"] == {"connection_refused": 5}
    assert (before["new"], before["changed"]) == (before["seen"] - 600 - 1, 1)
    binhphuoc = history["nukeviet-binhphuoc"]["runs"][0]
    assert (binhphuoc["new"], binhphuoc["changed"], binhphuoc["errors"]) == (4, 2, 2)
    page = watch_client.get("/nguon/tandan-dienbien")
    assert page.status_code == 200
    assert "<h1>Cổng thông tin điện tử tỉnh Điện Biên" in page.text
    assert page.text.count('<tr><th scope="row">') == 30
    assert "từ chối kết nối: 5" in page.text
    assert f"<code>{DEAD_URLS[-1]}</code>" in page.text
    missing = watch_client.get("/nguon/khong-co")
    assert missing.status_code == 404
    assert "Không có nguồn «khong-co» trong 30 lần thu thập gần nhất" in missing.text


def test_a_strip_shows_each_source_at_a_glance(watch_client: TestClient) -> None:
    html = watch_client.get("/nguon").text
    row = html[html.index('href="/nguon/nukeviet-binhphuoc"') :]
    row = row[: row.index("</tr>")]
    assert row.count('<span class="run ') == 30
    assert row.count('<span class="run ok err"') == 1  # the newest run had errors


def test_a_hand_edited_failures_block_does_not_break_the_page(corpus_settings: Settings, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = write_report(night(0, {"a": {"pages": 1, "errors": 3}, "b": {"pages": 1}}), data_dir)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["failures"] = {
        "a": {"count": "many", "kinds": ["x"], "pages": {"start": 2, "odd": "?"}, "urls": [
            {"url": "http://a/1"}, {"url": 7}, "http://a/2", {"url": "http://a/3", "status": True, "kind": None},
        ]},
        "b": "refused",
    }  # fmt: skip
    path.write_text(json.dumps(raw), encoding="utf-8")
    with TestClient(create_app(corpus_settings, reports_dir=data_dir / "reports")) as client:
        page = client.get("/nguon")
        assert page.status_code == 200
        assert "<code>http://a/1</code>" in page.text
        assert "<code>http://a/3</code>" in page.text
        warnings = client.get("/api/reports/latest").json()["warnings"]
        assert [w for w in warnings if w.startswith("a: 2 trang bắt đầu")]
        assert client.get("/nguon/a").status_code == 200
        assert client.get("/api/reports/history").status_code == 200


def test_the_warning_says_whether_the_portal_broke_last_night_or_earlier(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    counts = {"tandan-dienbien": {"pages": 2, "skipped_known": 600, "errors": 5}}
    write_report(night(0, {"tandan-dienbien": {"pages": 40, "articles": 5, "skipped_known": 600}}), data_dir)
    for day in (1, 2, 3):
        write_report(night(day, counts, dead_host_failures()), data_dir)
    with TestClient(create_app(corpus_settings, reports_dir=data_dir / "reports")) as client:
        runs = client.get("/api/reports").json()
    said = [[w for w in r["warnings"] if w.startswith("tandan-dienbien:")] for r in runs]
    assert [len(w) for w in said] == [1, 1, 1, 0]
    assert "— đã lỗi 3 lần liên tiếp;" in said[0][0]
    assert "— đã lỗi 2 lần liên tiếp;" in said[1][0]
    assert "— lỗi mới từ lần này;" in said[2][0]


def test_yield_bands() -> None:
    assert [band(r, v) for r, v in ((None, 0), (0.0, 0), (0.3, 3), (0.7, 7), (0.95, 9.5), (None, 5))] == [
        "none", "none", "low", "dip", "ok", "ok",
    ]  # fmt: skip


def test_a_drifted_portal_is_named_on_the_page(corpus_settings: Settings, tmp_path: Path) -> None:
    """crawler.templates' drift (the portal changed; the next run rediscovers it) is a warning on Nguồn."""
    data_dir = tmp_path / "data"
    report = night(0, {"a": {"pages": 3, "articles": 1}}).model_copy(
        update={"drift": {"a": "1 bài, so với trung vị 40 của 5 lần gần nhất"}}
    )
    write_report(report, data_dir)
    with TestClient(create_app(corpus_settings, reports_dir=data_dir / "reports")) as client:
        warnings = client.get("/api/reports/latest").json()["warnings"]
        assert "a: cổng có vẻ đã thay đổi (1 bài, so với trung vị 40 của 5 lần gần nhất); lần thu thập sau sẽ dò " \
               "lại toàn bộ cổng" in warnings
        assert "cổng có vẻ đã thay đổi" in client.get("/nguon").text
