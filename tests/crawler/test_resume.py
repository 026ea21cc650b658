"""An interrupted crawl keeps its queue (JOBDIR) and the next run resumes it without re-fetching articles."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.source import Politeness
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow
SLOWISH = Politeness(download_delay=0.03, concurrency=1, autothrottle=False, obey_robots=True)


def test_sigint_then_rerun_resumes_the_queue(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with SimulatorServer(count=200, seed=5, slow_delay=0.5) as sim:
        sources = [s.model_copy(update={"politeness": SLOWISH}) for s in sources_for(sim.base_url)]
        path = write_sources_file(tmp_path / "sources.yaml", sources)
        article_paths = {a.url_path for a in sim.corpus.iter_articles()}
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "--data-dir", str(data), "crawl", "--sources", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "GOVNEWS_BACKEND": "tantivy"},
        )
        deadline = time.monotonic() + 120
        while sum(sim.hits[p] for p in article_paths) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)  # Scrapy: graceful shutdown, queue kept in JOBDIR
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, err[-3000:]
        assert '"finish_reason": "shutdown"' in out
        assert any((data / "jobs" / "portal").iterdir()), "the pending queue was not kept"
        fetched_before = {p for p in article_paths if sim.hits[p]}
        assert 40 <= len(fetched_before) < len(article_paths)

        report = crawl_report(govnews("crawl", "--sources", str(path), data_dir=data))
        assert report["finish_reason"] == "finished"
        assert not (data / "jobs" / "portal").exists(), "a finished crawl clears its queue"
        assert {p for p in article_paths if sim.hits[p]} == article_paths
        twice = {p: sim.hits[p] for p in article_paths if sim.hits[p] > 1}
        assert not twice, f"articles fetched more than once: {twice}"
