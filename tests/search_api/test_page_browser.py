"""The search page in Debian's headless chromium: type, submit, see highlights, toggle a province facet."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from fastapi import FastAPI
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from core.settings import Settings
from search_api.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver (or: make system-deps)"
WAIT = 15.0
T = TypeVar("T")

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """`app` under uvicorn on a free loopback port, in a background thread; its base URL while inside."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not uv.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start in time"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=WAIT)


@pytest.fixture
def server(merger_settings: Settings) -> Iterator[str]:
    """The app (corpus + a 2012 Bình Phước article) served on loopback."""
    with served(create_app(merger_settings)) as url:
        yield url


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Headless chromium through chromedriver; a missing install fails with how to install it."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(binary):
            pytest.fail(f"{binary} is missing: install Debian's chromium with `{INSTALL}`")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--window-size=1280,1000", "--lang=vi-VN",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(predicate: Callable[[], T], what: str) -> T:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_search_highlight_and_toggle_a_province(server: str, browser: webdriver.Chrome, tmp_path: Path) -> None:
    driver = browser
    driver.get(server + "/")
    everything = int(driver.find_element(By.CSS_SELECTOR, "#total strong").text.replace(".", ""))

    box = driver.find_element(By.ID, "q")
    box.send_keys("tre em")
    driver.find_element(By.ID, "submit").click()
    wait_for(lambda: "q=tre+em" in driver.current_url, "the query in the URL")
    url = urlsplit(driver.current_url)
    assert "date_from" not in url.query, "empty fields are dropped from the shareable URL"

    marks = [m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".hit mark")]
    assert "trẻ" in marks
    assert "em" in marks
    hits = driver.find_elements(By.CSS_SELECTOR, ".hit")
    total = int(driver.find_element(By.CSS_SELECTOR, "#total strong").text.replace(".", ""))
    assert 0 < total < everything
    assert len(hits) == total
    assert "/bai-viet/" in (hits[0].find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href") or "")
    assert (hits[0].find_element(By.CSS_SELECTOR, "h3 a.original").get_attribute("href") or "").startswith("https://")

    facet = driver.find_element(By.CSS_SELECTOR, "#facet-province a[aria-checked='false']")
    name = facet.find_element(By.CSS_SELECTOR, ".label").text
    count = int(facet.find_element(By.CSS_SELECTOR, ".count").text)
    facet.click()
    wait_for(lambda: "province=" in driver.current_url, "the province in the URL")
    state = parse_qs(urlsplit(driver.current_url).query)
    assert state["q"] == ["tre em"]
    assert len(state["province"]) == 1
    total_after = int(driver.find_element(By.CSS_SELECTOR, "#total strong").text.replace(".", ""))
    assert total_after == count < total
    checked = driver.find_element(By.CSS_SELECTOR, "#facet-province a[aria-checked='true'] .label")
    assert checked.text == name
    assert all(
        h.find_element(By.CSS_SELECTOR, ".province").text == name for h in driver.find_elements(By.CSS_SELECTOR, ".hit")
    )

    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], "the page logged errors (CSP violations, failed loads)"

    shot = Path(os.environ.get("GOVNEWS_SCREENSHOT", tmp_path / "page.png"))
    driver.get(server + "/?q=tr%E1%BA%BB+em")
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def severe_errors(driver: webdriver.Chrome) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_phone_shows_results_on_the_first_screen(server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
    )
    driver.get(server + "/?q=tre+em")
    assert driver.execute_script("return window.innerWidth") == 390
    filters = driver.find_element(By.ID, "filters")
    assert filters.get_attribute("open") is None, "the filter panel starts folded on a phone"
    first = driver.find_element(By.CSS_SELECTOR, ".hit h3 a")
    assert first.is_displayed()
    top = driver.execute_script("return arguments[0].getBoundingClientRect().bottom", first)
    assert top < 844, f"the first result ends {top}px down, below the first screen"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    driver.find_element(By.CSS_SELECTOR, "#filters > summary").click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#facet-province li a")
    assert rows
    heights = [driver.execute_script("return arguments[0].getBoundingClientRect().height", r) for r in rows]
    assert min(heights) >= 44, heights
    assert severe_errors(driver) == []


def test_coverage_table_lists_every_unit_and_the_unit_at_publication(server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.get(server + "/do-phu?directive=20-ct%2Ftw&period=year")
    rows = driver.find_elements(By.CSS_SELECTOR, "#coverage-table tbody tr")
    assert len(rows) == 34
    zeros = [r for r in rows if r.find_element(By.CSS_SELECTOR, "td.total").text.startswith("0")]
    assert len(zeros) == 34 - 4  # Đắk Lắk, Lào Cai, Tuyên Quang, Đồng Nai (Bình Phước's 2012 article)
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#coverage-table thead th")]
    assert headers[2:4] == ["Lần đầu", "2012"]  # the first-mention column, then the years

    Select(driver.find_element(By.ID, "group")).select_by_value("province_at_publication")  # submits (app.js)
    wait_for(lambda: "group=province_at_publication" in driver.current_url, "the grouping in the URL")
    rows = driver.find_elements(By.CSS_SELECTOR, "#coverage-table tbody tr")
    assert len(rows) >= 63
    binh_phuoc = driver.find_element(By.CSS_SELECTOR, "tr[data-unit='binh-phuoc']")
    assert binh_phuoc.find_element(By.CSS_SELECTOR, "th").text == "Bình Phước"
    assert binh_phuoc.find_element(By.CSS_SELECTOR, "td.first").text == "20/12/2012"
    cell = binh_phuoc.find_element(By.CSS_SELECTOR, "td.heat-5 a")  # its only article, the table's top share
    assert cell.text.startswith("1")
    cell.click()
    wait_for(lambda: "province_at_publication=binh-phuoc" in driver.current_url, "the cell's search")
    assert driver.find_element(By.CSS_SELECTOR, "#total strong").text == "1"
    title = driver.find_element(By.CSS_SELECTOR, ".hit h3").text
    assert title.startswith("Bình Phước quán triệt Chỉ thị 20-CT/TW")
    assert "(khi đăng: Bình Phước)" in driver.find_element(By.CSS_SELECTOR, ".hit .meta").text
    assert severe_errors(driver) == []


def test_api_docs_render_offline(server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.get(server + "/docs")
    try:
        title = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".swagger-ui .info .title"), "swagger-ui")
    except AssertionError:
        raise AssertionError(
            f"{severe_errors(driver)} {driver.find_element(By.ID, 'swagger-ui').text[:1500]}"
        ) from None
    assert title[0].text.startswith("govnews search API")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"), "the operations")
    paths = {e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/api/search", "/api/coverage"} <= paths
    loaded = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert loaded
    assert all(url.startswith(server) for url in loaded), loaded  # nothing from a CDN


def test_the_fold_switch_and_the_syntax_help(server: str, browser: webdriver.Chrome) -> None:
    driver = browser
    driver.get(server + "/?q=h%C3%B2a")  # "hòa": typed with marks, those spellings only

    def total() -> int:
        return int(driver.find_element(By.CSS_SELECTOR, "#total strong").text.replace(".", ""))

    exact = total()
    assert {m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".hit mark")} == {"hòa"}
    switch = driver.find_element(By.ID, "fold_all")
    assert not switch.is_selected()
    switch.click()  # the switch re-runs the search at once
    wait_for(lambda: "fold_all=1" in driver.current_url, "the switch in the URL")
    assert total() > exact
    marks = {m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".hit mark")}
    assert {"hòa", "hoa"} <= marks
    assert driver.find_element(By.ID, "fold_all").is_selected()

    help_box = driver.find_element(By.ID, "syntax-help")
    popover = help_box.find_element(By.CSS_SELECTOR, ".popover")
    assert not popover.is_displayed()
    help_box.find_element(By.TAG_NAME, "summary").click()
    assert popover.is_displayed()
    assert "-tết" in popover.text
    assert "OR" in popover.text
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
