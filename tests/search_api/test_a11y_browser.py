"""Keyboard and screen-reader use in headless chromium: the "/" shortcut, Space on facets, the skip link, one h1,
and axe-core's serious and critical findings on the search page, /do-phu, the article page and its archived copy,
/van-ban and /nguon."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from core.settings import Settings
from search_api.app import create_app
from tests.search_api.article_data import articles, build
from tests.search_api.axe import describe, violations
from tests.search_api.test_page_browser import browser, served, wait_for
from tests.search_api.test_reports import reports_dir

pytestmark = pytest.mark.browser
__all__ = ["browser", "reports_dir"]  # the fixtures, imported for this module's tests


@pytest.fixture
def server(merger_settings: Settings, reports_dir: Path) -> Iterator[str]:
    """The app (corpus + a 2012 Bình Phước article, seven run reports) served on loopback."""
    with served(create_app(merger_settings, reports_dir=reports_dir)) as url:
        yield url


def active_id(driver: webdriver.Chrome) -> str:
    return str(driver.execute_script("return document.activeElement.id || document.activeElement.tagName"))


def test_slash_types_a_slash_in_every_field_and_focuses_the_box_only_from_the_page(
    server: str, browser: webdriver.Chrome
) -> None:
    driver = browser
    driver.get(server + "/do-phu?q=tre+em")
    key = driver.find_element(By.ID, "directive")
    key.send_keys("20-CT/TW")
    assert key.get_attribute("value") == "20-CT/TW"
    assert driver.find_element(By.ID, "q").get_attribute("value") == "tre em"
    key.send_keys(Keys.ENTER)
    wait_for(lambda: "directive=" in driver.current_url, "the directive in the URL")
    state = parse_qs(urlsplit(driver.current_url).query)
    assert state["directive"] == ["20-CT/TW"]
    assert state["q"] == ["tre em"]
    assert driver.find_element(By.ID, "directive").get_attribute("value") == "20-CT/TW"  # shown where it is set

    driver.get(server + "/?q=tre+em")
    date = driver.find_element(By.CSS_SELECTOR, "input[name=date_from]")
    date.send_keys("01/15/2024")  # typed with slashes, in the field order headless chromium shows (en-US)
    assert driver.execute_script("return document.activeElement.name") == "date_from"  # focus stayed
    assert date.get_attribute("value") == "2024-01-15"
    assert driver.find_element(By.ID, "q").get_attribute("value") == "tre em"
    driver.execute_script("document.activeElement.blur()")
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    assert active_id(driver) == "q"  # from the page itself, "/" still jumps to the box


def test_space_toggles_a_facet_and_the_skip_link_reaches_the_results(server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.get(server + "/?q=tre+em")
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = driver.switch_to.active_element
    assert skip.text == "Chuyển đến kết quả"
    assert skip.is_displayed()  # shown when focused
    skip.send_keys(Keys.ENTER)
    wait_for(lambda: active_id(driver) == "results", "focus on the results")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "export-csv"  # the next stop is in the results

    facet = driver.find_element(By.CSS_SELECTOR, "#facet-province a[aria-checked='false']")
    name = facet.find_element(By.CSS_SELECTOR, ".label").text
    driver.execute_script("arguments[0].focus()", facet)
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    wait_for(lambda: "province=" in driver.current_url, "the province in the URL")
    checked = driver.find_element(By.CSS_SELECTOR, "#facet-province a[aria-checked='true'] .label")
    assert checked.text == name


@pytest.mark.parametrize(
    "path",
    ["/", "/?q=tr%E1%BA%BB+em&directive=20-ct%2Ftw", "/do-phu?directive=20-ct%2Ftw&period=year",
     "/do-phu?q=tre+em&heat=share", "/do-phu", "/nguon", "/bai-viet/khong-co", "/van-ban/20-CT%2FTW",
     "/van-ban/20-CT%2FTW?group=province_at_publication&period=year", "/van-ban/khong-co"],
)  # fmt: skip
def test_axe_finds_nothing_serious(server: str, browser: webdriver.Chrome, path: str) -> None:
    browser.get(server + path)
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    found = violations(browser)
    assert found == [], describe(found)


def test_axe_on_the_article_page(browser: webdriver.Chrome, tmp_path: Path) -> None:
    with served(create_app(build(tmp_path / "data"))) as url:
        browser.get(f"{url}/bai-viet/{articles()['original'].id}")
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
        found = violations(browser)
        browser.get(f"{url}/bai-viet/{articles()['original'].id}/ban-luu")  # the archived copy under its banner
        assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
        found += violations(browser)
    assert found == [], describe(found)
