"""The search page in Debian's headless chromium: type, submit, see highlights, toggle a province facet."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

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


@pytest.fixture
def server(corpus_settings: Settings) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a background thread."""
    port = free_port()
    config = uvicorn.Config(create_app(corpus_settings), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not uv.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start in time"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=WAIT)


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
