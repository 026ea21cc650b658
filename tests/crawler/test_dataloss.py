"""A body cut short of its Content-Length (the server drops the connection mid-article) is crawled, kept, and
indexed as truncated; a whole page beside it is not (issue 15). A real `govnews crawl` of a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.ids import article_id
from core.settings import Settings
from core.source import Politeness, Source
from indexer.factory import get_backend
from tests.cleaner.test_truncation import page, seed_004
from tests.crawler.support import crawl_report, govnews, write_sources_file
from tests.support.loopback import QuietHandler, serving

pytestmark = pytest.mark.slow
CUT_AT = "Nghị định số 20/2021/N"


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        links = '<a href="/tin/ca-bai.html">Cả bài</a> <a href="/tin/bi-cat.html">Bị cắt</a>'
        body = page(seed_004()).encode()
        sent = body
        if self.path == "/":
            body = sent = f"<html><body>{links}</body></html>".encode()
        elif self.path == "/tin/bi-cat.html":
            sent = body[: body.index(CUT_AT.encode()) + len(CUT_AT.encode())]  # then the connection drops
        elif self.path != "/tin/ca-bai.html":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(sent)
        self.wfile.flush()
        self.close_connection = True


@contextmanager
def portal() -> Iterator[str]:
    with serving(_Handler) as base:
        yield base


def test_a_body_short_of_its_content_length_is_indexed_as_truncated(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with portal() as base:
        source = Source(id="cat", name="Cổng bị cắt", province="hau-giang", base_url=f"{base}/",
                        article_patterns=[r"/tin/"], allow_private=True,
                        politeness=Politeness(download_delay=0.0, concurrency=2, autothrottle=False))
        report = crawl_report(govnews("crawl", "--sources", str(write_sources_file(tmp_path / "s.yaml", [source])),
                                      data_dir=data))
    assert report["finish_reason"] == "finished"
    assert report["truncated"] == 1  # counted in the run's report, per source too
    assert report["by_source"]["cat"]["truncated"] == 1
    backend = get_backend(Settings(data_dir=data))
    try:
        whole = backend.get(article_id(f"{base}/tin/ca-bai.html"))
        cut = backend.get(article_id(f"{base}/tin/bi-cat.html"))
    finally:
        backend.close()
    assert whole is not None
    assert cut is not None  # kept: the reader gets what arrived, marked
    assert not whole.truncated
    assert cut.truncated
    assert cut.body.endswith(CUT_AT)
    assert not any(d.key.startswith("20/2021") for d in cut.directives)
