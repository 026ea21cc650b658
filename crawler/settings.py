"""Build Scrapy settings from core Settings and the sources' politeness (robots, delays, concurrency, JOBDIR)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.settings import Settings
from core.source import Politeness, Source

AUTOTHROTTLE_TARGET = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 2
DOWNLOAD_HANDLER = "crawler.download.CappedDownloadHandler"  # header cap, time per URL, spent sitemaps
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def source_hosts(source: Source) -> list[str]:
    """Hosts a source is fetched from: its base URL's host, its start/feed/sitemap hosts, aliases, allowed domains."""
    hosts: list[str] = []
    for url in [source.base_url, *source.start_urls, *source.rss, *source.sitemaps]:
        host = (urlsplit(url).hostname or "").lower()
        if host and host not in hosts:
            hosts.append(host)
    for domain in [*source.aliases, *source.allowed_domains]:
        if domain.lower() not in hosts:
            hosts.append(domain.lower())
    return hosts


def host_politeness(sources: list[Source]) -> dict[str, Politeness]:
    """The strictest politeness per host when several sources share one server."""
    by_host: dict[str, list[Politeness]] = defaultdict(list)
    for source in sources:
        for host in source_hosts(source):
            by_host[host].append(source.politeness)
    return {
        host: Politeness(
            download_delay=max(p.download_delay for p in ps),
            concurrency=min(p.concurrency for p in ps),
            autothrottle=any(p.autothrottle for p in ps),
            obey_robots=any(p.obey_robots for p in ps),
        )
        for host, ps in by_host.items()
    }


def job_dir(settings: Settings, name: str = "portal") -> Path:
    """Where Scrapy keeps the pending-request queue so an interrupted crawl resumes."""
    return settings.data_dir / "jobs" / name


def build_scrapy_settings(
    settings: Settings, sources: list[Source], *, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Scrapy settings for one crawl of `sources`: polite per host, robots.txt obeyed, resumable."""
    hosts = host_politeness(sources)
    delays = [p.download_delay for p in hosts.values()] or [1.0]
    concurrency = [p.concurrency for p in hosts.values()] or [1]
    autothrottle = any(p.autothrottle for p in hosts.values())
    result: dict[str, Any] = {
        "BOT_NAME": "govnews",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": settings.user_agent.split("/", 1)[0],
        "CONCURRENT_REQUESTS": max(16, sum(concurrency)),
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(concurrency),
        "DOWNLOAD_DELAY": min(delays),
        "DOWNLOAD_DELAY_JITTER": 0.5,
        "DOWNLOAD_SLOTS": {
            host: {"concurrency": p.concurrency, "delay": p.download_delay, "jitter": 0.5 if p.download_delay else 0.0}
            for host, p in hosts.items()
        },
        "AUTOTHROTTLE_ENABLED": autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delays),
        "AUTOTHROTTLE_MAX_DELAY": AUTOTHROTTLE_MAX_DELAY,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": AUTOTHROTTLE_TARGET,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": RETRY_TIMES,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT,
        "DOWNLOAD_MAXSIZE": settings.limits.download_bytes,
        # the other caps (headers, time per URL, robots.txt, sitemaps, Retry-After) travel in GOVNEWS_SETTINGS
        "DOWNLOAD_HANDLERS": {"http": DOWNLOAD_HANDLER, "https": DOWNLOAD_HANDLER},
        "ROBOTSTXT_PARSER": "crawler.robots.CappedRobotParser",
        # a body cut short of its Content-Length is kept, flagged "dataloss", and cleaned as cut (Article.truncated)
        "DOWNLOAD_FAIL_ON_DATALOSS": False,
        "HTTPERROR_ALLOWED_CODES": [304],
        "REDIRECT_ENABLED": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # Scrapy 2.19 default-on code-execution endpoint: not for a cron job
        "JOBDIR": str(job_dir(settings)),
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "LOG_LEVEL": settings.log_level.upper(),
        "LOGSTATS_INTERVAL": 30.0,
        "ITEM_PIPELINES": {"crawler.pipelines.ExtractPipeline": 300, "crawler.pipelines.IndexPipeline": 400},
        # before RobotsTxtMiddleware (100): an off-source redirect target never even gets its robots.txt fetched
        # Retry-After pauses a slot before RetryMiddleware (550) schedules the retry
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.scope.ScopeMiddleware": 50,
            "crawler.retry_after.RetryAfterMiddleware": 560,
        },
        "EXTENSIONS": {
            "crawler.extensions.WarcArchiveExtension": 100,
            "scrapy.extensions.throttle.AutoThrottle": None,
            "crawler.extensions.SlotAwareAutoThrottle": 0,
            "crawler.robots.RobotsHints": 10,
            "crawler.progress.ProgressExtension": 500,
        },
        "GOVNEWS_SETTINGS": settings.model_dump_json(),
    }
    if overrides:
        result.update(overrides)
    return result
