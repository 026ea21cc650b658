"""A story's copies in headless chromium: the first ones listed, the rest opened by "xem thêm", each placed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from search_api.app import create_app
from search_api.article_view import SHOWN_DUPLICATES
from tests.search_api.group_data import build, group
from tests.search_api.test_page_browser import browser, served

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for this module's tests
ORIGINAL, COPIES, _ = group()


@pytest.fixture
def group_server(tmp_path: Path) -> Iterator[str]:
    """The app on the group data under uvicorn on a free loopback port."""
    with served(create_app(build(tmp_path / "data"))) as url:
        yield url


def test_every_copy_is_reachable_and_says_which_portal(group_server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.get(f"{group_server}/")
    split = driver.find_element(By.CSS_SELECTOR, ".reposts")
    assert split.text == "13 bản đăng lại · 3 cùng cổng, 10 cổng khác"
    split.find_element(By.TAG_NAME, "a").click()
    assert driver.current_url == f"{group_server}/bai-viet/{COPIES[-1].id}#duplicates"

    driver.get(f"{group_server}/bai-viet/{ORIGINAL.id}")
    assert driver.find_element(By.ID, "dup-count").text == "13 bản đăng lại: 4 cùng cổng, 9 cổng khác"
    links = driver.find_elements(By.CSS_SELECTOR, "#duplicates li a")
    visible = [a.get_attribute("href") for a in links if a.is_displayed()]
    assert visible == [f"{group_server}/bai-viet/{c.id}" for c in COPIES[:SHOWN_DUPLICATES]]
    places = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "#duplicates li .where") if p.is_displayed()]
    assert places == ["cùng cổng" if c.source_id == "portal-a" else "cổng khác" for c in COPIES[:SHOWN_DUPLICATES]]
    more = driver.find_element(By.CSS_SELECTOR, "#more-duplicates summary")
    assert more.text == f"xem thêm {len(COPIES) - SHOWN_DUPLICATES} bản"
    more.click()
    visible = [a.get_attribute("href") for a in links if a.is_displayed()]
    assert visible == [f"{group_server}/bai-viet/{c.id}" for c in COPIES]  # every member, oldest first
