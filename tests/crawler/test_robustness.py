"""Against the simulator: robots.txt obeyed; slow, malformed and HTTP-200 error pages never crash the crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.reader import iter_archive
from core.settings import Settings
from crawler.state import CrawlState
from indexer.factory import get_backend
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow


def test_robots_txt_is_obeyed_even_when_patterns_would_follow_disallowed_links(tmp_path: Path) -> None:
    with SimulatorServer(count=40, seed=1) as sim:
        # follow every same-host link as a listing: the crawl reaches the disallowed search/admin links
        greedy = [s.model_copy(update={"listing_patterns": [".*"], "max_pages": 80}) for s in sources_for(sim.base_url)]
        sources = write_sources_file(tmp_path / "sources.yaml", greedy)
        report = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=tmp_path / "data"))
        assert sim.hits["/robots.txt"] == 1
        assert report["robots_forbidden"] > 0
        assert sum(sim.disallowed_hits.values()) == 0, dict(sim.disallowed_hits)


def test_slow_malformed_and_error_pages_do_not_crash_and_nothing_fetched_is_lost(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with SimulatorServer(count=160, seed=0, slow_delay=8.0) as sim:
        articles = {sim.base_url + a.url_path: a for a in sim.corpus.iter_articles()}
        kinds = {a.kind for a in articles.values()}
        assert {"slow", "error", "malformed"} <= kinds, "the corpus must contain every trap"
        sources = write_sources_file(tmp_path / "sources.yaml", sources_for(sim.base_url))
        proc = govnews(
            "crawl",
            "--sources",
            str(sources),
            "--set",
            "DOWNLOAD_TIMEOUT=3",
            "--set",
            "RETRY_TIMES=0",
            data_dir=data,
        )
        report = crawl_report(proc)
    assert report["finish_reason"] == "finished"
    assert report["fetch_errors"] >= sum(1 for a in articles.values() if a.kind == "slow")
    # every article page the server answered with 200 is in the archive and the state DB
    archived = {r.url for r in iter_archive(data / "warc") if r.kind == "article" and r.status == 200}
    slow = {u for u, a in articles.items() if a.kind == "slow"}
    assert set(articles) - slow <= archived
    assert not slow & archived
    state = CrawlState(data / "crawl-state.sqlite3")
    try:
        for url in slow:
            page = state.get(url)
            assert page is not None
            assert page.error
            assert "took longer" in page.error
        for url in set(articles) - slow:
            page = state.get(url)
            assert page is not None
            assert page.content_hash
    finally:
        state.close()
    # every handed-over page is accounted for, and the index holds exactly what the report says
    assert report["article_pages"] == len(articles) - len(slow)
    assert report["articles_indexed"] + report["not_articles"] + report["extract_errors"] == report["article_pages"]
    backend = get_backend(Settings(data_dir=data))
    try:
        assert backend.count() == report["articles_indexed"]
        from core.ids import article_id

        for url, art in articles.items():
            if art.kind == "error":
                assert backend.get(article_id(url)) is None, f"HTTP-200 error page indexed: {url}"
    finally:
        backend.close()
