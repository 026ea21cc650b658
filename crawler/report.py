"""The run report: what one crawl fetched, extracted, indexed and failed, written as JSON under data_dir/reports."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from crawler.failures import SourceFailures


class CrawlReport(BaseModel):
    """Counts for one crawl (or one reprocess) run."""

    started: datetime
    finished: datetime
    duration_s: float
    finish_reason: str = "finished"
    sources: list[str] = Field(default_factory=list)
    pages_fetched: int = Field(default=0, description="Responses received (listings, articles, feeds, robots, errors).")
    article_pages: int = Field(default=0, description="Article pages handed to the cleaner.")
    articles_indexed: int = 0
    not_articles: int = Field(default=0, description="Pages the cleaner rejected (error or listing pages).")
    extract_errors: int = Field(default=0, description="Pages the cleaner crashed on (kept in the archive).")
    http_errors: int = 0
    fetch_errors: int = Field(default=0, description="Timeouts, refused connections, DNS failures.")
    not_modified: int = Field(default=0, description="Conditional requests answered 304.")
    unchanged: int = Field(default=0, description="Re-fetched articles whose body hash did not change.")
    skipped_known: int = Field(default=0, description="Known articles not re-fetched at all.")
    robots_forbidden: int = 0
    not_html: int = Field(default=0, description="Article-shaped links that served a PDF, image… (archived only).")
    index_failed: int = 0
    spooled: int = Field(default=0, description="Articles kept on disk for the next run after index failures.")
    refused_offsite: int = Field(
        default=0, description="Redirects, sitemap/feed entries and nested sitemaps to a host outside the source."
    )
    refused_private: int = Field(
        default=0, description="Requests to private, loopback, link-local or metadata addresses (after DNS)."
    )
    refused_too_large: int = Field(default=0, description="Bodies over the size cap, gzip bombs included.")
    trap_urls: int = Field(default=0, description="Listing URLs dropped as a calendar or facet trap.")
    depth_capped: int = Field(default=0, description="Listing URLs deeper than the source's max_depth.")
    page_capped: int = Field(default=0, description="URLs dropped because the source reached max_pages.")
    canonical_ignored: int = Field(
        default=0, description="Articles whose canonical (home page, listing, shared) was ignored."
    )
    robots_sitemaps: int = Field(default=0, description="Sitemaps taken from robots.txt for sources without one.")
    sitemap_urls: int = Field(default=0, description="Sitemap <loc> entries read (reading stops at the budget).")
    retry_after: int = Field(default=0, description="429/503 answers whose Retry-After paused their host.")
    limits_met: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "Caps of core.limits.Limits met this run, by name (header_bytes, robots_bytes, sitemap_urls, "
            "response_seconds, download_bytes, retry_after_seconds); per source as limit_<name> in by_source."
        ),
    )
    truncated: int = Field(
        default=0, description="Articles cleaned from a cut page (cut in transport or at a cleaner cap, or text "
        "stopping mid-sentence): indexed, marked \"bản có thể bị cắt\"."
    )
    reconciled: int = Field(
        default=0, description="Known articles missing from the index after a crash, fetched again."
    )
    damaged: list[str] = Field(
        default_factory=list,
        description=(
            "Damaged data skipped and the run went on: WARC byte ranges (file@start-end), spool records "
            "(file:line), a crawl-state file moved aside. Counted in errors; the run still exits 0."
        ),
    )
    page_kinds: dict[str, int] = Field(
        default_factory=dict,
        description="Pages the cleaner classified, by kind: article, notice, listing, other, duplicate, error.",
    )
    drift: dict[str, str] = Field(
        default_factory=dict, description="Sources whose hints matched nothing or whose yield collapsed, and why."
    )
    pages_per_second: float = 0.0
    by_source: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description=(
            "Per source: pages, articles (extracted, new or changed), changed (known articles whose page changed), "
            "not_articles, skipped_known, errors, sitemap_urls, retry_after, truncated, the refusals offsite, "
            "private, too_large, trap, depth_capped, page_capped, canonical_ignored, and limit_<name> for each cap met."
        ),
    )
    failures: dict[str, SourceFailures] = Field(
        default_factory=dict,
        description="Per source: failed fetches by error kind and page kind, and the first failing URLs.",
    )

    @property
    def silent_sources(self) -> list[str]:
        """Sources that yielded no article, new or known: the portal may be down or may have changed its CMS."""
        return sorted(
            sid
            for sid in self.sources
            if not self.by_source.get(sid, {}).get("articles") and not self.by_source.get(sid, {}).get("skipped_known")
        )

    @property
    def errors(self) -> int:
        """Every kind of failure together."""
        return self.extract_errors + self.http_errors + self.fetch_errors + self.index_failed + len(self.damaged)

    def damage_line(self) -> str:
        """ "" or one line naming the damaged data this run skipped."""
        if not self.damaged:
            return ""
        shown = ", ".join(self.damaged[:5]) + (f" and {len(self.damaged) - 5} more" if len(self.damaged) > 5 else "")
        return f"skipped {len(self.damaged)} damaged: {shown}"

    def summary(self) -> str:
        """One human line for the terminal."""
        return (
            f"crawl {self.finish_reason}: {self.pages_fetched} pages in {self.duration_s:.1f}s "
            f"({self.pages_per_second:.1f}/s), {self.articles_indexed} articles indexed, "
            f"{self.not_articles} not-articles, {self.errors} errors "
            f"(extract {self.extract_errors}, http {self.http_errors}, fetch {self.fetch_errors}), "
            f"{self.not_modified} not modified, {self.skipped_known} known skipped, {self.spooled} spooled, "
            f"refused {self.refused_offsite} off-site, {self.refused_private} private, "
            f"{self.refused_too_large} too large, {self.trap_urls} trap"
            + (f", {self.canonical_ignored} canonicals ignored" if self.canonical_ignored else "")
            + (f", {self.truncated} truncated" if self.truncated else "")
            + (f"; caps met: {', '.join(f'{k} {v}' for k, v in self.limits_met.items())}" if self.limits_met else "")
            + (f"; no articles from: {', '.join(self.silent_sources)}" if self.silent_sources else "")
            + (f"; {self.damage_line()}" if self.damaged else "")
            + "".join(f"; drift {sid}: {why}" for sid, why in sorted(self.drift.items()))
        )


def from_stats(
    stats: dict[str, Any],
    *,
    started: datetime,
    reason: str,
    sources: list[str],
    reconciled: int = 0,
    failures: dict[str, Any] | None = None,
    damaged: list[str] | None = None,
) -> CrawlReport:
    """Build a report from Scrapy's stats (keys `govnews/...`) and the spider's failure log (crawler.failures)."""
    finished = datetime.now(UTC)
    duration = max((finished - started).total_seconds(), 1e-6)

    def g(key: str) -> int:
        return int(stats.get(f"govnews/{key}", 0))

    pages = g("pages_fetched")
    by_source: dict[str, dict[str, int]] = {}
    limits_met: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith("govnews/limit/"):
            limits_met[key.removeprefix("govnews/limit/")] = int(value)
        elif key.startswith("govnews/by_source/"):
            sid, _, metric = key.removeprefix("govnews/by_source/").rpartition("/")
            by_source.setdefault(sid, {})[metric] = int(value)
    return CrawlReport(
        started=started,
        finished=finished,
        duration_s=round(duration, 3),
        finish_reason=reason,
        sources=sources,
        pages_fetched=pages,
        article_pages=g("article_pages"),
        articles_indexed=g("articles_indexed"),
        not_articles=g("not_articles"),
        extract_errors=g("extract_errors"),
        http_errors=g("http_errors"),
        fetch_errors=g("fetch_errors"),
        not_modified=g("not_modified"),
        unchanged=g("unchanged"),
        skipped_known=g("skipped_known"),
        not_html=g("not_html"),
        robots_forbidden=int(stats.get("robotstxt/forbidden", 0)),
        index_failed=g("index_failed"),
        spooled=g("spooled"),
        refused_offsite=g("refused/offsite"),
        refused_private=g("refused/private"),
        refused_too_large=g("refused/too_large"),
        trap_urls=g("trap"),
        depth_capped=g("depth_capped"),
        page_capped=g("page_capped"),
        canonical_ignored=g("canonical_ignored"),
        robots_sitemaps=g("robots_sitemaps"),
        sitemap_urls=g("sitemap_urls"),
        retry_after=g("retry_after"),
        limits_met=dict(sorted(limits_met.items())),
        truncated=g("truncated"),
        reconciled=reconciled,
        damaged=[*(damaged or []), *stats.get("govnews/damaged", [])],
        page_kinds={k.removeprefix("govnews/page_kinds/"): int(v) for k, v in stats.items()
                    if k.startswith("govnews/page_kinds/")},
        pages_per_second=round(pages / duration, 2),
        by_source=by_source,
        failures=failures or {},
    )


def write_report(report: CrawlReport, data_dir: Path, *, kind: str = "crawl") -> Path:
    """Write `data_dir/reports/<timestamp>[-kind].json` and return its path."""
    directory = data_dir / "reports"
    directory.mkdir(parents=True, exist_ok=True)
    stamp = report.started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / (f"{stamp}.json" if kind == "crawl" else f"{stamp}-{kind}.json")
    n = 1
    while path.exists():
        n += 1
        path = directory / f"{path.stem.split('.')[0]}-{n}.json"
    tmp = path.with_name(path.name + ".tmp")  # written whole, then renamed: a kill or a full disk leaves no half report
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(report.model_dump_json(indent=2) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path
