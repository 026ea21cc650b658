"""The index is unavailable during a crawl: articles are spooled, the crawl finishes, the next run indexes them."""

from __future__ import annotations

from pathlib import Path

import pytest
import tantivy

from core.settings import Settings
from indexer.backends.tantivy_schema import build_schema
from indexer.factory import get_backend
from tests.crawler.support import crawl_report, fixture_source, govnews, serve_directory, write_sources_file

pytestmark = pytest.mark.slow


def test_spooled_during_an_outage_and_indexed_by_the_next_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data)
    settings.index_dir.mkdir(parents=True)
    # another writer holds tantivy's lock: a real outage for the crawl's backend
    index = tantivy.Index(build_schema(), path=str(settings.index_dir), reuse=True)
    writer = index.writer(15_000_000, 1)
    with serve_directory() as server:
        sources = write_sources_file(tmp_path / "s.yaml", [fixture_source(server.base_url, ("ke-hoach-tai-chinh",))])
        first = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
        assert first["finish_reason"] == "finished"
        extracted = first["article_pages"] - first["not_articles"] - first["extract_errors"]
        assert extracted > 40
        assert first["articles_indexed"] == 0
        assert first["spooled"] == extracted
        assert list((data / "spool").glob("spool-*.jsonl"))

        writer.wait_merging_threads()  # the outage ends
        second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
    assert second["article_pages"] == 0  # nothing re-fetched…
    assert second["articles_indexed"] == extracted  # …the spool was replayed
    backend = get_backend(settings)
    try:
        assert backend.count() == extracted
    finally:
        backend.close()
