"""IndexPipeline's timed flush: a partial batch is indexed GOVNEWS_INDEX_FLUSH_SECONDS after its first article,
its pages marked done only then; a full batch first cancels the timer (built through get_crawler); and a real
crawl of the simulator has its articles durable while a slow page still holds the crawl open."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.items import RawPage
from crawler.pipelines import ExtractPipeline, IndexPipeline
from crawler.state import CrawlState
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.components import open_pipelines
from tests.crawler.support import write_sources_file
from tests.crawler.test_components import BASE, _page, portal, stat

FLUSH = 0.4  # seconds


def pipelines(tmp_path: Path, batch: int) -> tuple[ExtractPipeline, IndexPipeline, CrawlState]:
    core = {"index_flush_seconds": FLUSH, "extract_workers": 0, "index_batch": batch}
    return open_pipelines(tmp_path, [portal()], core)


async def feed(extract: ExtractPipeline, index: IndexPipeline, path: str) -> None:
    item: RawPage = await extract.process_item(_page(path))
    await index.process_item(item)


async def until_done(state: CrawlState, path: str, limit: float = 10.0) -> float:
    """Seconds until the page is marked done (fails after `limit`)."""
    start = time.monotonic()
    while state.get(BASE + path) is None:
        assert time.monotonic() - start < limit, f"{path} never marked done"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


def test_a_partial_batch_is_indexed_when_it_is_due_and_only_then_marked_done(tmp_path: Path) -> None:
    extract, index, state = pipelines(tmp_path, batch=50)
    assert index.backend is not None

    async def crawl() -> tuple[float, float]:
        started = time.monotonic()
        await feed(extract, index, "/tin/1.html")
        await feed(extract, index, "/tin/2.html")
        assert state.get(f"{BASE}/tin/1.html") is None, "marked done before its article was indexed"
        assert index.backend is not None
        assert index.backend.count() == 0
        await until_done(state, "/tin/2.html")
        first = time.monotonic() - started
        assert state.get(f"{BASE}/tin/1.html") is not None
        assert index.backend.count() == 2  # searchable while the crawl goes on
        started = time.monotonic()
        await feed(extract, index, "/tin/3.html")  # the next partial batch arms the timer again
        await until_done(state, "/tin/3.html")
        return first, time.monotonic() - started

    first, second = asyncio.run(crawl())
    assert first >= FLUSH * 0.9  # not before it is due (the timer's clock may round a little)
    assert second >= FLUSH * 0.9
    assert stat(index.crawler, "index_timed_flushes") == 2
    assert stat(index.crawler, "articles_indexed") == 3
    index.close_spider()
    extract.close_spider()


def test_a_full_batch_cancels_the_timer(tmp_path: Path) -> None:
    extract, index, state = pipelines(tmp_path, batch=2)

    async def crawl() -> None:
        await feed(extract, index, "/tin/1.html")
        await feed(extract, index, "/tin/2.html")  # full: indexed now, by the item path
        assert state.get(f"{BASE}/tin/1.html") is not None
        assert index.due is None
        await asyncio.sleep(FLUSH * 2)

    asyncio.run(crawl())
    assert stat(index.crawler, "index_timed_flushes") == 0
    assert stat(index.crawler, "articles_indexed") == 2
    index.close_spider()
    extract.close_spider()


def test_close_indexes_a_batch_not_yet_due(tmp_path: Path) -> None:
    extract, index, state = pipelines(tmp_path, batch=50)
    asyncio.run(feed(extract, index, "/tin/1.html"))
    assert index.due is not None
    index.close_spider()  # before the timer: the close flush takes it, the timer is cancelled
    extract.close_spider()
    assert state.get(f"{BASE}/tin/1.html") is not None
    assert index.due is None
    assert stat(index.crawler, "articles_indexed") == 1


SLOW = 12.0  # seconds the simulator holds its slow article (number 13 of the corpus)


def durable_articles(state_db: Path) -> int:
    """Article pages the crawl has marked done (read-only, beside the running crawl)."""
    if not state_db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{state_db}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM pages WHERE article_id IS NOT NULL").fetchone()[0])
    except sqlite3.OperationalError:  # the crawl is creating the schema
        return 0


@pytest.mark.slow
def test_a_real_crawl_indexes_its_articles_while_a_slow_page_holds_it_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with SimulatorServer(count=30, seed=2, slow_delay=SLOW) as sim:
        sources = write_sources_file(tmp_path / "sources.yaml", sources_for(sim.base_url))
        env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_INDEX_FLUSH_SECONDS": "1",
               "GOVNEWS_INDEX_BATCH": "10000", "GOVNEWS_EXTRACT_WORKERS": "0"}
        command = [sys.executable, "-m", "cli.main", "--data-dir", str(data), "crawl", "--sources", str(sources)]
        started = time.monotonic()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first_durable: float | None = None
        while proc.poll() is None and time.monotonic() - started < 120:
            if first_durable is None and durable_articles(data / "crawl-state.sqlite3"):
                first_durable = time.monotonic()
            time.sleep(0.1)
        out, err = proc.communicate(timeout=60)
        ended = time.monotonic()
    assert proc.returncode == 0, err[-4000:]
    assert first_durable is not None, "no article was durable before the crawl ended"
    # A batch of 10,000 is never full here: without the timer every article would wait for the close, after the
    # slow page. The slow page alone keeps the crawl open SLOW seconds after it is asked for.
    assert ended - first_durable >= SLOW / 3, (first_durable - started, ended - started)
    assert durable_articles(data / "crawl-state.sqlite3") == 30  # nothing lost: every article page settled
    assert '"articles_indexed": 30' in out
