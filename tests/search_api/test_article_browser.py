"""The article page in headless chromium: the archived copy shows in its sandboxed frame and its scripts never run."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from search_api.app import create_app
from tests.search_api.article_data import EDITED, MARKER, articles, build
from tests.search_api.test_page_browser import browser, served, wait_for

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for this module's tests


@pytest.fixture
def article_server(tmp_path: Path) -> Iterator[str]:
    """The app on the article data under uvicorn on a free loopback port."""
    with served(create_app(build(tmp_path / "data"))) as url:
        yield url


def test_archived_copy_shows_but_its_scripts_do_not_run(
    article_server: str, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    driver = browser
    original = articles()["original"]
    driver.get(f"{article_server}/bai-viet/{original.id}")
    assert driver.find_element(By.ID, "title").text == original.title
    assert driver.title.startswith(original.title)
    reposts = driver.find_elements(By.CSS_SELECTOR, "#duplicates li a")
    assert [a.get_attribute("href") for a in reposts] == [f"{article_server}/bai-viet/{articles()['copy'].id}"]

    frame = driver.find_element(By.ID, "archived")
    assert frame.get_attribute("sandbox") == ""  # nothing allowed: no scripts, no forms, no top navigation
    driver.switch_to.frame(frame)
    state = wait_for(lambda: driver.find_elements(By.ID, "state"), "the archived page in the frame")
    assert EDITED in driver.find_element(By.TAG_NAME, "body").text  # the newest capture
    time.sleep(0.5)  # give any script that could run the time to run
    assert state[0].text == "script chưa chạy"
    driver.switch_to.default_content()
    assert "SCRIPT RAN" not in driver.title
    shot = Path(os.environ.get("GOVNEWS_ARTICLE_SCREENSHOT", tmp_path / "article.png"))
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000

    # the oldest capture, from the article page's list, opened on its own: a govnews banner outside the sandbox
    driver.get(f"{article_server}/bai-viet/{original.id}")
    [old_link] = [a for a in driver.find_elements(By.CSS_SELECTOR, "#captures a") if a.text == "02/01/2026 08:30"]
    old_link.click()
    wait_for(lambda: driver.find_elements(By.ID, "banner"), "the banner page")
    assert driver.current_url == f"{article_server}/bai-viet/{original.id}/ban-luu/20260102013000"
    banner = driver.find_element(By.ID, "banner")
    assert banner.is_displayed()
    assert "Bản lưu của govnews" in banner.text
    assert "02/01/2026 08:30 (giờ Việt Nam)" in banner.text
    assert original.url in banner.text
    assert "200 — trang trả về bình thường" in banner.text
    assert banner.rect["y"] < 10  # at the top of the window
    frame = driver.find_element(By.ID, "archived")
    assert frame.get_attribute("sandbox") == ""
    frame_src = frame.get_attribute("src")
    assert frame.rect["y"] >= banner.rect["y"] + banner.rect["height"]  # the copy sits below the banner
    driver.switch_to.frame(frame)
    state = wait_for(lambda: driver.find_elements(By.ID, "state"), "the archived page under the banner")
    assert MARKER in driver.find_element(By.TAG_NAME, "body").text  # this capture, not the newest
    assert not driver.find_elements(By.ID, "banner")  # the banner is not part of the sandboxed copy
    time.sleep(0.5)
    assert state[0].text == "script chưa chạy"
    driver.switch_to.default_content()
    assert driver.title.startswith("Bản lưu 02/01/2026 08:30")
    assert driver.save_screenshot(str(shot.with_name("banner.png")))

    assert frame_src == f"{article_server}/bai-viet/{original.id}/ban-luu/20260102013000/trang-goc"
    driver.get(frame_src)
    wait_for(lambda: driver.find_elements(By.ID, "state"), f"the copy alone at {frame_src}")
    time.sleep(0.5)
    assert driver.find_element(By.ID, "state").text == "script chưa chạy"  # its CSP header sandboxes it there too
    logged = [e["message"] for e in driver.get_log("browser")]
    assert any("sandboxed" in m or "script" in m for m in logged), "chromium should report the blocked scripts"

    driver.get(f"{article_server}/bai-viet/{articles()['lone'].id}")
    assert "Chưa có bản lưu" in driver.find_element(By.ID, "no-archive").text


def test_the_citation_is_copied_with_one_click(article_server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": article_server, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    original = articles()["original"]
    driver.get(f"{article_server}/bai-viet/{original.id}")
    apa = driver.find_element(By.ID, "citation-apa").text
    assert apa.startswith("Sở Thông tin và Truyền thông Hà Nội. (2024, ngày 3 tháng 6). Hà Nội tổng kết Chỉ thị 20.")
    button = driver.find_element(By.CSS_SELECTOR, 'button.copy[data-copy="citation-apa"]')
    assert button.is_displayed()  # hidden in the HTML, shown by the script
    driver.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    wait_for(lambda: button.text == "Đã sao chép", "the copy button's confirmation")
    read = "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0](String(e)))"
    copied = driver.execute_async_script(read)
    assert copied == apa
