"""`govnews extract` on real pages of the Liferay mirror: JSON for an article, a clear error otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.crawler.support import FIXTURE_SITE

ARTICLE_DIR = FIXTURE_SITE / "vi" / "thanh-tra" / "-" / "view_content"


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(tmp_path), "extract", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_extract_prints_the_article_as_json(tmp_path: Path) -> None:
    page = next(p for p in sorted(ARTICLE_DIR.glob("*.html")) if p.name.startswith("4409747-"))
    url = f"https://sotttt.hanoi.gov.vn/vi/thanh-tra/-/view_content/{page.name}"
    proc = run(str(page), "--url", url, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    article = json.loads(proc.stdout)
    assert article["url"] == url
    assert "Vingroup" in article["title"]
    assert article["published"].startswith("20")
    assert len(article["body"]) > 200
    assert "In bài viết" not in article["body"]
    assert article["kind"] == "article"
    assert "govnews extract: article: " in proc.stderr  # what the page is, by its content


def test_extract_rejects_a_listing_page_with_a_clear_message(tmp_path: Path) -> None:
    proc = run(
        str(FIXTURE_SITE / "vi" / "thanh-tra.html"),
        "--url",
        "https://sotttt.hanoi.gov.vn/vi/thanh-tra",
        tmp_path=tmp_path,
    )
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert "not an article (listing)" in proc.stderr


def test_extract_says_a_home_page_showing_an_articles_lead_is_a_listing(tmp_path: Path) -> None:
    proc = run(str(FIXTURE_SITE / "index.html"), "--url", "https://sotttt.hanoi.gov.vn/vi/", tmp_path=tmp_path)
    assert proc.returncode == 3
    assert "not an article (listing)" in proc.stderr
    assert "the title links to another page" in proc.stderr


def test_extract_missing_file_is_an_error(tmp_path: Path) -> None:
    proc = run(str(tmp_path / "nope.html"), "--url", "http://h/x", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
