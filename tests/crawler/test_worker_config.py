"""The crawl's cleaner, in the reactor thread or in the worker processes, uses settings.config_dir (each worker loads
it once, in the pool's initializer), not the config/ shipped with govnews."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.article import Article
from crawler.items import RawPage
from crawler.pipelines import ExtractPipeline
from tests.crawler.components import crawler_for
from tests.crawler.test_components import BASE, portal
from tests.support.config_copy import NEW_TITLE, edited_config, page


@pytest.mark.parametrize("workers", [0, 1])
def test_the_crawls_cleaner_reads_the_settings_config_dir(tmp_path: Path, workers: int) -> None:
    core = {"config_dir": edited_config(tmp_path), "extract_workers": workers}
    crawler, _ = crawler_for(tmp_path, [portal()], core)
    extract = ExtractPipeline.from_crawler(crawler)
    assert extract.workers == workers
    extract.open_spider()
    try:
        item = RawPage(url=f"{BASE}/tin/1.html", body=page("Hội nghị triển khai kế hoạch bảo vệ trẻ em").encode(),
                       source_id="p", fetched_at=datetime.now(UTC), etag=None, content_hash="h1")
        done: RawPage = asyncio.run(extract.process_item(item))
    finally:
        extract.close_spider()
    assert (extract.pool is not None) == (workers > 0)
    article = done.article
    assert isinstance(article, Article)
    assert article.provinces_mentioned == ["ha-noi"]  # "thành phố Thăng Long": the copy's name for Hà Nội
    assert [d.key for d in article.directives] == ["27/QĐ-TTg"]
    assert (article.directives[0].title or "").startswith(NEW_TITLE)  # the copy's title
