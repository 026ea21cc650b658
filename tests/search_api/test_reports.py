"""/api/reports, /api/reports/latest and the Nguồn page over real report files written by crawler/report.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from crawler.report import CrawlReport, write_report
from search_api.app import create_app

T0 = datetime(2026, 11, 20, 19, 0, tzinfo=UTC)


def crawl_report(day: int, by_source: dict[str, dict[str, int]]) -> CrawlReport:
    started = T0 + timedelta(days=day)
    return CrawlReport(
        started=started,
        finished=started + timedelta(seconds=42),
        duration_s=42.0,
        sources=sorted(by_source),
        pages_fetched=sum(v.get("pages", 0) for v in by_source.values()),
        articles_indexed=sum(v.get("articles", 0) for v in by_source.values()),
        by_source=by_source,
    )


@pytest.fixture
def reports_dir(tmp_path: Path) -> Path:
    """Five ordinary nights, a reprocess, then a night where `quangninh` found a tenth of its usual volume and
    `dienbien` nothing; the last report carries a counter this code has never heard of (`refused_private`)."""
    data_dir = tmp_path / "elsewhere"  # not under the served data_dir: the app must read the directory it is given
    for day in range(5):
        steady = {
            "quangninh": {"pages": 120, "articles": 8, "skipped_known": 92},
            "dienbien": {"pages": 30, "articles": 3},
        }
        write_report(crawl_report(day, steady), data_dir)
    write_report(crawl_report(5, {"quangninh": {"pages": 1, "articles": 100}}), data_dir, kind="reprocess")
    last = crawl_report(6, {"quangninh": {"pages": 15, "articles": 1, "skipped_known": 9}, "dienbien": {"pages": 2}})
    path = write_report(last, data_dir)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["by_source"]["quangninh"]["refused_private"] = 7  # as branch `crawl` adds refused counters
    raw["refused_offsite"] = 4
    path.write_text(json.dumps(raw), encoding="utf-8")
    (data_dir / "reports" / "zzz-broken.json").write_text("{not json", encoding="utf-8")
    return data_dir / "reports"


@pytest.fixture
def reports_client(corpus_settings: Settings, reports_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, reports_dir=reports_dir)) as client:
        yield client


def test_reports_are_listed_newest_first_and_a_broken_file_is_skipped(reports_client: TestClient) -> None:
    body = reports_client.get("/api/reports").json()
    assert [r["kind"] for r in body] == ["crawl", "reprocess", "crawl", "crawl", "crawl", "crawl", "crawl"]
    assert body[0]["name"] == "20261126T190000Z.json"
    assert body[1]["name"] == "20261125T190000Z-reprocess.json"
    assert reports_client.get("/api/reports", params={"limit": 2}).json()[1]["kind"] == "reprocess"
    assert reports_client.get("/api/reports", params={"limit": 0}).status_code == 422


def test_latest_flags_the_volume_drop_and_the_silent_source(reports_client: TestClient) -> None:
    latest = reports_client.get("/api/reports/latest").json()
    assert latest["name"] == "20261126T190000Z.json"
    assert latest["report"]["by_source"]["quangninh"]["refused_private"] == 7
    [silent, drop] = latest["warnings"]  # in source order (sorted ids)
    assert drop.startswith("quangninh: lượng bài giảm mạnh — 10 bài")
    assert "trung vị 100" in drop
    assert silent.startswith("dienbien: không tìm thấy bài nào")
    older = reports_client.get("/api/reports").json()[2]
    assert older["warnings"] == []  # steady nights raise nothing


def test_the_page_shows_every_counter_including_unknown_ones(reports_client: TestClient) -> None:
    page = reports_client.get("/nguon")
    assert page.status_code == 200
    html = page.text
    assert "Lần thu thập gần nhất" in html
    assert "Từ chối: địa chỉ nội bộ" in html  # by_source counter added by another branch, labelled
    assert "Từ chối: ngoài trang" in html  # top-level counter
    assert "lượng bài giảm mạnh" in html
    assert 'class="flagged"' in html
    assert "20261125T190000Z-reprocess.json" in html
    assert "Bắt đầu 27/11/2026 02:00" in html  # 19:00 UTC is 02:00 the next day in Vietnam
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_no_reports_yet(corpus_settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(corpus_settings, reports_dir=tmp_path / "none")) as client:
        assert client.get("/api/reports").json() == []
        missing = client.get("/api/reports/latest")
        assert missing.status_code == 404
        page = client.get("/nguon")
    assert page.status_code == 200
    assert "Chưa có lần thu thập nào" in page.text


def test_the_default_reports_dir_comes_from_settings(tmp_path: Path, corpus_settings: Settings) -> None:
    settings = corpus_settings.model_copy(update={"data_dir": tmp_path})
    write_report(crawl_report(0, {"moh": {"pages": 3, "articles": 2}}), tmp_path)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/reports/latest").json()["report"]["by_source"]["moh"]["articles"] == 2


def test_damaged_data_a_run_skipped_is_a_warning(corpus_settings: Settings, tmp_path: Path) -> None:
    report = crawl_report(0, {"quangninh": {"pages": 10, "articles": 2}})
    report.damaged = ["govnews-1.warc.gz@4096-8192", "spool-1.jsonl:3"]
    write_report(report, tmp_path)
    with TestClient(create_app(corpus_settings, reports_dir=tmp_path / "reports")) as client:
        latest = client.get("/api/reports/latest").json()
        page = client.get("/nguon").text
    warning = "bỏ qua 2 phần dữ liệu bị hỏng: govnews-1.warc.gz@4096-8192, spool-1.jsonl:3"
    assert warning in latest["warnings"]
    assert warning in page
