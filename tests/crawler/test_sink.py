"""crawler.sink.extract_page: the extracted article carries its body's MinHash, signed in the worker process."""

from __future__ import annotations

from core.article import Article
from core.limits import Limits
from core.settings import DEFAULT_CONFIG_DIR
from crawler.workers import extract_in_worker, worker_pool
from indexer.neardup import signature
from tests.crawler.hostile import article_html

URL = "http://127.0.0.1:8999/tin/ky.html"


def test_extraction_signs_the_article_in_the_worker_process() -> None:
    page = article_html("Hội nghị triển khai chuyển đổi số", None).encode()
    with worker_pool(1, DEFAULT_CONFIG_DIR) as pool:  # where the crawl extracts: a worker process
        outcome = pool.submit(extract_in_worker, page, URL, None, None, limits=Limits()).result()
    assert isinstance(outcome, Article)
    assert outcome.minhash != ""
    assert outcome.minhash == signature(outcome.body)
