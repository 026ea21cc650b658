"""Start-of-crawl recovery: after a crash, known articles missing from the index are fetched again (a killed
run's half-saved queue: tests/crawler/test_jobdir.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.ids import article_id
from core.settings import Settings
from crawler.reconcile import MARKER, spooled_ids
from indexer.factory import get_backend
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file


def test_spooled_ids_skip_broken_lines(tmp_path: Path) -> None:
    (tmp_path / "spool-1-2.jsonl").write_text('{"id": "a"}\nnot json\n{"id": "b"}\n{"x": 1}\n')
    assert spooled_ids(tmp_path) == {"a", "b"}


@pytest.mark.slow
def test_known_articles_missing_from_the_index_after_a_crash_are_fetched_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with SimulatorServer(count=60, seed=4, slow_delay=0.3) as sim:
        sources = write_sources_file(tmp_path / "s.yaml", sources_for(sim.base_url))
        first = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
        assert first["reconciled"] == 0
        paths = [a.url_path for a in sim.corpus.iter_articles()]
        backend = get_backend(Settings(data_dir=data))
        try:
            present = [p for p in paths if backend.get(article_id(sim.base_url + p)) is not None]
            lost = present[:5]
            assert backend.delete(article_id(sim.base_url + p) for p in lost) == 5
        finally:
            backend.close()
        # as a crash leaves it: the run's marker still there (here: dated before the first run)
        (data / MARKER).write_text((datetime.now(UTC) - timedelta(hours=1)).isoformat())
        before = {p: sim.hits[p] for p in lost}
        second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
        refetched = {p: sim.hits[p] - before[p] for p in lost}
    assert second["reconciled"] == 5
    assert refetched == dict.fromkeys(lost, 1)
    assert not (data / MARKER).exists()
    backend = get_backend(Settings(data_dir=data))
    try:
        assert all(backend.get(article_id(sim.base_url + p)) is not None for p in lost)
        assert backend.count() == first["articles_indexed"]
    finally:
        backend.close()
