"""crawler.sink.extract_page: the extracted article carries its body's MinHash, signed in the worker process."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from core.article import Article
from crawler.sink import extract_page
from indexer.neardup import signature
from tests.crawler.hostile import article_html

URL = "http://127.0.0.1:8999/tin/ky.html"


def test_extraction_signs_the_article_in_the_worker_process() -> None:
    page = article_html("Hội nghị triển khai chuyển đổi số", None).encode()
    with ProcessPoolExecutor(1) as pool:  # where the crawl extracts: a worker process
        outcome = pool.submit(extract_page, page, URL, None).result()
    assert isinstance(outcome, Article)
    assert outcome.minhash != ""
    assert outcome.minhash == signature(outcome.body)
