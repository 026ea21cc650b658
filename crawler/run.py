"""Run one crawl of the given sources in this process (Scrapy's reactor runs once per process)."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import CrawlerProcess

from core.settings import Settings
from core.source import Source
from crawler.jobdir import drop_unsealed, seal
from crawler.lock import crawl_lock
from crawler.reconcile import end_run, start_run
from crawler.report import CrawlReport, from_stats, write_report
from crawler.settings import build_scrapy_settings
from crawler.spiders.portal import PortalSpider
from crawler.state_recovery import recover_state, recover_warc_index

log = logging.getLogger(__name__)
DEFAULT_REVISIT = timedelta(days=30)


def crawl(
    settings: Settings,
    sources: list[Source],
    *,
    limit: int | None = None,
    revisit_after: timedelta | None = DEFAULT_REVISIT,
    overrides: dict[str, Any] | None = None,
    write: bool = True,
) -> CrawlReport:
    """Crawl `sources` politely, archive every response, clean and index articles; return the run report.

    `limit` caps the article pages fetched this run. Known articles are re-fetched (conditionally) only when
    older than `revisit_after` or when a sitemap says they changed. An interrupted run leaves its queue in
    data_dir/jobs/ and the next run resumes it; a finished run clears it. A killed run is recovered: its queue
    is dropped and its known articles missing from the index are fetched again. Only one crawl runs per data
    directory (CrawlLocked). Call once per process.
    """
    with crawl_lock(settings.data_dir):
        return _crawl(settings, sources, limit, revisit_after, overrides, write)


def learn_sites(settings: Settings, sources: list[Source], report: CrawlReport) -> dict[str, str]:
    """Learn each source's URL templates from the pages classified so far and judge its yield; the drifted ones."""
    from crawler import templates
    from crawler.state import CrawlState

    drift: dict[str, str] = {}
    state = CrawlState(settings.state_path)
    try:
        for source in sources:
            old = templates.load(settings.data_dir, source.id)
            site = templates.learn(state.page_kinds(source.id), old)
            counts = report.by_source.get(source.id, {})
            found = counts.get("articles", 0) + counts.get("skipped_known", 0)
            templates.judge_run(site, found, hinted=bool(source.article_patterns) and not old.fallback)
            templates.save(settings.data_dir, source.id, site)
            if site.drift:
                drift[source.id] = site.drift
                log.warning("source %s drifted: %s", source.id, site.drift)
    finally:
        state.close()
    return drift


def _crawl(
    settings: Settings,
    sources: list[Source],
    limit: int | None,
    revisit_after: timedelta | None,
    overrides: dict[str, Any] | None,
    write: bool,
) -> CrawlReport:
    _check_index(settings)
    enabled = [s for s in sources if s.enabled]
    scrapy_settings = build_scrapy_settings(settings, enabled, overrides=overrides)
    jobdir = scrapy_settings.get("JOBDIR")
    # a damaged crawl state or WARC index is set aside and rebuilt before anything opens it (WARC index first: the
    # crawl state is rebuilt from it)
    damaged = recover_warc_index(settings) + recover_state(settings)
    damaged += drop_unsealed(Path(jobdir)) if jobdir else []  # a killed run's queue, or one cut since it stopped
    reconciled = start_run(settings)
    process = CrawlerProcess(scrapy_settings)
    crawler = process.create_crawler(PortalSpider)
    started = datetime.now(UTC)
    outcome: dict[str, Any] = {"reason": "not started", "stats": {}}

    def on_closed(spider: Spider, reason: str) -> None:
        outcome["reason"] = reason
        outcome["stats"] = dict(crawler.stats.get_stats()) if crawler.stats is not None else {}
        outcome["failures"] = spider.failures.data if isinstance(spider, PortalSpider) else {}

    crawler.signals.connect(on_closed, signal=signals.spider_closed)
    process.crawl(crawler, sources=enabled, limit=limit, revisit_after=revisit_after)
    process.start()
    end_run(settings)
    if jobdir:
        seal(Path(jobdir))  # the next run resumes this queue only if every file is still as Scrapy left it
    report = from_stats(
        outcome["stats"],
        started=started,
        reason=str(outcome["reason"]),
        sources=[s.id for s in enabled],
        reconciled=reconciled,
        failures=outcome.get("failures"),
        damaged=damaged,
    )
    if report.finish_reason == "finished":
        report.drift = learn_sites(settings, enabled, report)
        if jobdir:
            shutil.rmtree(jobdir, ignore_errors=True)
    if write:
        path = write_report(report, settings.data_dir)
        log.info("report written to %s", path)
    return report


def _check_index(settings: Settings) -> None:
    """Refuse, before fetching anything, an index that cannot be used as it is (damaged files, another schema): a
    retry cannot fix it, so the crawl stops with one line (BackendBroken) instead of tracebacks from each stage. An
    index that is only unreachable now (Elasticsearch down, a lock held) is the crawl's to ride out: it spools."""
    from core.search import BackendBroken, BackendUnavailable
    from indexer.factory import get_backend

    backend = get_backend(settings)
    try:
        backend.ensure_schema()
    except BackendBroken as exc:
        raise BackendBroken(f"{exc}; move the index away and run `govnews reprocess` to rebuild it") from exc
    except BackendUnavailable:
        pass
    except RuntimeError as exc:  # IndexSchemaMismatch: the message says what to do
        raise BackendBroken(str(exc)) from exc
    finally:
        backend.close()
