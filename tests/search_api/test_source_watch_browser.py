"""Nguồn in headless chromium: the broken portal is the first thing the operator sees, its failing URLs are listed,
the 30-run strips render, and a source's own history page is one click away."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from core.settings import Settings
from search_api.app import create_app
from tests.search_api.test_page_browser import browser, served, wait_for
from tests.search_api.test_source_watch import DEAD_URLS, watch_dir

pytestmark = pytest.mark.browser
__all__ = ["browser", "watch_dir"]  # the fixtures, imported for this module's tests


@pytest.fixture
def watch_server(corpus_settings: Settings, watch_dir: Path) -> Iterator[str]:
    settings = corpus_settings.model_copy(update={"sources_file": watch_dir / "sources.yaml"})
    with served(create_app(settings, reports_dir=watch_dir / "reports")) as url:
        yield url


def test_the_broken_portal_is_seen_at_a_glance(watch_server: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    driver = browser
    driver.get(f"{watch_server}/nguon")
    warnings = driver.find_element(By.ID, "warnings")
    table = driver.find_element(By.ID, "by-source")
    assert warnings.is_displayed()
    assert warnings.rect["y"] < table.rect["y"] < 1000  # above the table, inside the first screen
    assert "Cổng thông tin điện tử tỉnh Điện Biên" in warnings.text
    assert "từ chối kết nối: 5" in warnings.text
    flagged = driver.find_element(By.CSS_SELECTOR, "#by-source tr.flagged")
    assert flagged.find_element(By.TAG_NAME, "th").text.startswith("Cổng thông tin điện tử tỉnh Điện Biên")
    assert flagged.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"  # the row is highlighted
    runs = flagged.find_elements(By.CSS_SELECTOR, ".strip .run")
    assert len(runs) == 30
    assert all(r.size["width"] > 0 and r.size["height"] > 0 for r in runs)
    assert "lỗi" in (runs[-1].get_attribute("title") or "")  # the newest run, rightmost
    failed = driver.find_element(By.ID, "failed-tandan-dienbien")
    assert [c.text for c in failed.find_elements(By.CSS_SELECTOR, "td.url")] == DEAD_URLS
    assert "finished" not in driver.find_element(By.TAG_NAME, "body").text
    shot = Path(os.environ.get("GOVNEWS_NGUON_SCREENSHOT", tmp_path / "nguon.png"))
    assert driver.save_screenshot(str(shot))

    flagged.find_element(By.TAG_NAME, "a").click()
    wait_for(lambda: driver.find_elements(By.ID, "history"), "the source's history page")
    assert driver.current_url == f"{watch_server}/nguon/tandan-dienbien"
    rows = driver.find_elements(By.CSS_SELECTOR, "#history tbody tr")
    assert len(rows) == 30
    assert "từ chối kết nối: 5" in rows[0].text
