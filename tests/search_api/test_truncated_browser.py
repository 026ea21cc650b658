"""A page cut mid-article says so in the browser: its search hit and its article page read "bản có thể bị cắt";
a whole article's do not (issue 15, "Data a reader can trust"). The articles are cleaned from seed 004's page,
once whole and once cut mid-number, and indexed in a real tantivy index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from cleaner import extract
from core.article import Article
from search_api.app import create_app
from tests.cleaner.test_truncation import cut_after, page, seed_004
from tests.search_api.conftest import seeded
from tests.search_api.test_page_browser import browser, served, wait_for

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for this module's tests
NOTE = "bản có thể bị cắt"


def cleaned() -> tuple[Article, Article]:
    """(whole, cut): seed 004's page cleaned as sent, and cut where the connection dropped mid-number."""
    html = page(seed_004())
    whole = extract(html.encode(), "https://haugiang.gov.vn/tin/ca-bai.html")
    cut = extract(cut_after(html, "Nghị định số 20/2021/N"), "https://haugiang.gov.vn/tin/bi-cat.html", cut=True)
    assert cut.truncated
    assert not whole.truncated
    return whole, cut


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Article, Article]]:
    whole, cut = cleaned()
    with served(create_app(seeded(tmp_path / "data", [whole, cut]))) as url:
        yield url, whole, cut


def test_a_cut_page_says_so_in_its_hit_and_on_its_page(
    server: tuple[str, Article, Article], browser: webdriver.Chrome
) -> None:
    url, whole, cut = server
    browser.get(f"{url}/?q=Hậu+Giang&collapse=false")  # whole and cut are one story: list both articles
    hits = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "li.hit"), "the search hits")
    by_link = {h.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href"): h for h in hits}
    assert NOTE in by_link[f"{url}/bai-viet/{cut.id}"].text
    assert NOTE not in by_link[f"{url}/bai-viet/{whole.id}"].text
    browser.get(f"{url}/bai-viet/{cut.id}")
    assert NOTE in wait_for(lambda: browser.find_elements(By.ID, "truncated"), "the note")[0].text
    browser.get(f"{url}/bai-viet/{whole.id}")
    wait_for(lambda: browser.find_elements(By.ID, "title"), "the article")
    assert not browser.find_elements(By.ID, "truncated")
    assert NOTE not in browser.find_element(By.TAG_NAME, "body").text
