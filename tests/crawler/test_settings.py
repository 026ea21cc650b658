"""Scrapy settings built from core Settings and per-source politeness."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from core.source import Politeness, Source
from crawler.settings import build_scrapy_settings, host_politeness


def src(sid: str, base: str, **politeness: object) -> Source:
    return Source(id=sid, name=sid, base_url=base, politeness=Politeness.model_validate(politeness))


def test_defaults_are_one_request_per_second_per_host_with_robots(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, user_agent="govnews/9 (+x)")
    s = build_scrapy_settings(settings, [src("a", "https://a.gov.vn/"), src("b", "https://b.gov.vn/")])
    assert s["ROBOTSTXT_OBEY"] is True
    assert s["ROBOTSTXT_USER_AGENT"] == "govnews"
    assert s["USER_AGENT"] == "govnews/9 (+x)"
    assert s["DOWNLOAD_SLOTS"]["a.gov.vn"]["delay"] == 1.0
    assert s["DOWNLOAD_SLOTS"]["b.gov.vn"]["concurrency"] == 1
    assert s["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert s["AUTOTHROTTLE_ENABLED"] is True
    assert s["AUTOTHROTTLE_TARGET_CONCURRENCY"] == 1.0
    assert s["JOBDIR"] == str(tmp_path / "jobs" / "portal")
    assert s["HTTPERROR_ALLOWED_CODES"] == [304]
    assert s["RETRY_TIMES"] >= 1
    assert 0 < s["DOWNLOAD_TIMEOUT"] <= 180


def test_sources_sharing_a_host_get_the_strictest_politeness() -> None:
    hosts = host_politeness(
        [
            src("a", "https://x.gov.vn/a/", download_delay=0.5, concurrency=4),
            src("b", "https://x.gov.vn/b/", download_delay=2.0, concurrency=2, autothrottle=False),
        ]
    )
    assert hosts["x.gov.vn"].download_delay == 2.0
    assert hosts["x.gov.vn"].concurrency == 2
    assert hosts["x.gov.vn"].autothrottle is True


def test_overrides_win(tmp_path: Path) -> None:
    s = build_scrapy_settings(Settings(data_dir=tmp_path), [src("a", "http://h/")], overrides={"DOWNLOAD_TIMEOUT": 3})
    assert s["DOWNLOAD_TIMEOUT"] == 3


def test_no_control_endpoints_are_opened(tmp_path: Path) -> None:
    s = build_scrapy_settings(Settings(data_dir=tmp_path), [src("a", "http://h/")])
    assert s["TELNETCONSOLE_ENABLED"] is False
    assert s["REMOTE_CONTROL_ENABLED"] is False
