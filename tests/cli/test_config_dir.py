"""GOVNEWS_CONFIG_DIR has one answer: `govnews extract` cleans with the edited copy, and the API labels the article
it yields with the same copy (the review saw the API show the renamed province while the cleaner kept the old)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from core.article import Article
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from search_api.app import create_app
from tests.support.config_copy import NEW_NAME, NEW_PORTAL, NEW_TITLE, edited_config, page

URL = f"https://www.{NEW_PORTAL}/tin/hoi-nghi-tre-em.html"
TITLE = "Hội nghị triển khai kế hoạch bảo vệ trẻ em"


def extracted(tmp_path: Path, config_dir: Path | None) -> dict[str, Any]:
    """The Article `govnews extract` prints for the page, with GOVNEWS_CONFIG_DIR set (or not)."""
    html = tmp_path / "page.html"
    html.write_text(page(TITLE), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "GOVNEWS_CONFIG_DIR"}
    if config_dir is not None:
        env["GOVNEWS_CONFIG_DIR"] = str(config_dir)
    proc = subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(tmp_path / "data"), "extract", str(html), "--url", URL],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def test_extract_cleans_with_the_config_dir_of_the_environment(tmp_path: Path) -> None:
    shipped = extracted(tmp_path, None)
    assert shipped["province"] is None  # the shipped config/ knows no unit behind the copy's portal
    assert shipped["provinces_mentioned"] == []  # nor one called Thăng Long
    edited = edited_config(tmp_path)
    article = extracted(tmp_path, edited)
    assert article["province"] == "ha-noi"  # the copy's portal
    assert article["provinces_mentioned"] == ["ha-noi"]  # "thành phố Thăng Long": the copy's name
    assert [d["key"] for d in article["directives"]] == ["27/QĐ-TTg"]
    assert article["directives"][0]["title"].startswith(NEW_TITLE)  # the copy's title

    settings = Settings(data_dir=tmp_path / "api", config_dir=edited)
    backend = TantivyBackend(settings.index_dir)
    assert backend.upsert([Article.model_validate(article)]).indexed == 1
    backend.close()
    with TestClient(create_app(settings)) as client:
        hits = client.get("/api/search", params={"q": "bảo vệ trẻ em"}).json()["hits"]
    assert [(h["province"], h["province_label"]) for h in hits] == [("ha-noi", NEW_NAME)]  # the API: the same copy
