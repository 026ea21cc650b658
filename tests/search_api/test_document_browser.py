"""The document page in headless chromium: open /van-ban/20-CT%2FTW, read the chain and a first-mention day, follow a
chip's link from a search hit, pick a unit for the timeline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from search_api.app import create_app
from tests.search_api.conftest import seeded
from tests.search_api.document_data import articles
from tests.search_api.test_page_browser import browser, served, wait_for

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for this module's tests


@pytest.fixture
def document_server(tmp_path: Path) -> Iterator[str]:
    """The app on the document corpus under uvicorn on a free loopback port."""
    with served(create_app(seeded(tmp_path / "data", list(articles().values())))) as url:
        yield url


def test_chain_first_mention_and_chip_link(document_server: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    driver = browser
    driver.get(f"{document_server}/van-ban/20-CT%2FTW")
    assert driver.find_element(By.ID, "title").text == "Chỉ thị 20-CT/TW"
    assert driver.find_element(By.ID, "doc-issued").text == "05/11/2012"

    plans = driver.find_elements(By.CSS_SELECTOR, "#chain-tree li.plan")
    levels = {p.get_attribute("data-key"): p.get_attribute("data-level") for p in plans}
    assert levels == {"nghe-an:48-KH/TU": "1", "nghe-an:12-KH/HU": "2", "dak-lak:30-KH/TU": "1"}
    district = driver.find_element(By.CSS_SELECTOR, 'li.plan[data-key="nghe-an:12-KH/HU"]')
    assert district.is_displayed()
    assert "Huyện ủy ban hành Kế hoạch số 12-KH/HU" in district.text

    first = driver.find_element(By.CSS_SELECTOR, 'tr[data-unit="nghe-an"] td.first a')
    assert first.text == "01/03/2013"
    silent = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#silent li")]
    assert any(t.startswith("Hà Nội") for t in silent)
    assert "Cà Mau" in driver.find_element(By.ID, "no-source").text
    bar = driver.find_element(By.CSS_SELECTOR, "#timeline-table .tbar.bar-10")
    assert bar.size["width"] > 0  # the tallest month's bar is drawn (CSS class, no inline style)
    shot = Path(os.environ.get("GOVNEWS_DOCUMENT_SCREENSHOT", tmp_path / "document.png"))
    assert driver.save_screenshot(str(shot))

    first.click()  # the first mention's article
    wait_for(lambda: "/bai-viet/" in driver.current_url, "the first article's page")
    assert driver.current_url.endswith(articles()["nghe_an_plan"].id)

    driver.get(f"{document_server}/?q=S%C6%A1+k%E1%BA%BFt")  # "Sơ kết": one hit citing 20-CT/TW
    link = driver.find_element(By.CSS_SELECTOR, ".hit .chips a.doc-link")
    link.click()
    wait_for(lambda: "/van-ban/" in driver.current_url, "the document page from the chip")
    assert unquote(urlsplit(driver.current_url).path) == "/van-ban/20-CT/TW"
    assert driver.find_elements(By.CSS_SELECTOR, "#chain-tree li.plan")

    driver.find_element(By.CSS_SELECTOR, '#pick-units input[value="nghe-an"]').click()
    driver.find_element(By.CSS_SELECTOR, "#pick-units button").click()
    wait_for(lambda: "unit=nghe-an" in driver.current_url, "the unit in the URL")
    heads = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#timeline-table thead th")]
    assert heads == ["Tháng", "Cả nước", "Đơn vị đã chọn"]
    logged = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not logged, logged
