"""IndexPipeline's timed flush: a partial batch is indexed GOVNEWS_INDEX_FLUSH_SECONDS after its first article,
its pages marked done only then; a full batch first cancels the timer (built through get_crawler)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from core.settings import Settings
from crawler.items import RawPage
from crawler.pipelines import ExtractPipeline, IndexPipeline
from crawler.state import CrawlState
from tests.crawler.components import crawler_for
from tests.crawler.test_components import BASE, _page, portal, stat

FLUSH = 0.4  # seconds


def pipelines(tmp_path: Path, batch: int) -> tuple[ExtractPipeline, IndexPipeline, CrawlState]:
    settings = Settings(data_dir=tmp_path, index_flush_seconds=FLUSH)
    crawler, spider = crawler_for(
        tmp_path, [portal()], GOVNEWS_EXTRACT_WORKERS=0, GOVNEWS_INDEX_BATCH=batch,
        GOVNEWS_SETTINGS=settings.model_dump_json(),
    )  # fmt: skip
    extract, index = ExtractPipeline.from_crawler(crawler), IndexPipeline.from_crawler(crawler)
    extract.open_spider()
    index.open_spider()
    state: CrawlState = spider.crawl_state  # type: ignore[assignment]
    return extract, index, state


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
