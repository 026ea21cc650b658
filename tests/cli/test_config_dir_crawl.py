"""GOVNEWS_CONFIG_DIR reaches the crawl's extraction worker processes and `govnews reprocess`: a crawl with an
edited copy stores the copy's directive titles; reprocess with the shipped config/ stores the shipped ones again."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.search import SearchQuery
from core.settings import DEFAULT_CONFIG_DIR, Settings
from indexer.factory import get_backend
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file
from tests.support.config_copy import NEW_TITLE, edited_config

pytestmark = pytest.mark.slow


def titles_of(data: Path) -> list[str]:
    """The registry titles the indexed articles give the documents they cite."""
    backend = get_backend(Settings(data_dir=data))
    try:
        hits = backend.search(SearchQuery(size=200, facets=())).hits
        articles = [backend.get(hit.id) for hit in hits]
    finally:
        backend.close()
    return [ref.title for a in articles if a is not None for ref in a.directives if ref.title]


def test_a_crawl_and_a_reprocess_clean_with_the_config_dir_they_are_given(tmp_path: Path) -> None:
    data = tmp_path / "data"
    edited = {"GOVNEWS_CONFIG_DIR": str(edited_config(tmp_path)), "GOVNEWS_EXTRACT_WORKERS": "1"}
    with SimulatorServer(count=160, seed=5) as sim:
        sources = write_sources_file(tmp_path / "sources.yaml", sources_for(sim.base_url)[:2])
        report = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data, env=edited))
    assert report["articles_indexed"] > 20
    titles = titles_of(data)
    assert len(titles) >= 5
    assert all(t.startswith(NEW_TITLE) for t in titles)  # the worker processes read the copy

    shipped = {"GOVNEWS_CONFIG_DIR": str(DEFAULT_CONFIG_DIR), "GOVNEWS_EXTRACT_WORKERS": "1"}
    proc = govnews("reprocess", "--sources", str(sources), data_dir=data, env=shipped)
    assert proc.returncode == 0, proc.stderr[-3000:]
    again = titles_of(data)
    assert len(again) == len(titles)
    assert not any(t.startswith(NEW_TITLE) for t in again)  # reprocess read the config it was given
