"""Runtime settings, read once from the environment (GOVNEWS_*) or a .env file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.limits import Limits

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_DIR = REPO_ROOT / "config"  # the config/ shipped with govnews
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class Settings(BaseSettings):
    """Every knob govnews reads at run time; .env.example lists each with its default."""

    model_config = SettingsConfigDict(env_prefix="GOVNEWS_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    config_dir: Path = DEFAULT_CONFIG_DIR
    sources_file: Path | None = None
    backend: Literal["tantivy", "elasticsearch"] = "tantivy"
    elasticsearch_url: str | None = None
    es_alias: str = "govnews-articles"
    es_timeout: float = 30.0
    es_shards: int = 1
    es_replicas: int = 0
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    user_agent: str = "govnews/0.1 (+https://github.com/govnews; research crawler)"
    public_base_url: str = "http://127.0.0.1:8000"
    index_flush_seconds: float = Field(30.0, gt=0)  # a crawl's partial index batch waits at most this long
    # Articles per upsert. A crawl's batch is small (what a kill can leave unindexed, how soon a portal's articles are
    # searchable); reprocess has no network to wait on and commits fewer, larger batches.
    index_batch: int = Field(200, gt=0)
    reprocess_batch: int = Field(2_000, gt=0)
    extract_workers: int | None = Field(None, ge=0)  # cleaner processes; None: cores - 1 (1..4); 0: in-process
    log_level: str = "INFO"
    progress_interval: float = Field(5.0, ge=0)  # seconds between a crawl's progress lines; 0: none
    limits: Limits = Field(default_factory=Limits)  # GOVNEWS_LIMITS='{"page_bytes": 4194304}' overrides some

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        """Any case ("warning", "Warning"); stored upper case, as logging wants it."""
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"unknown log level {value!r}; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("public_base_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        """An absolute http(s) URL, stored without a trailing slash (feed links are built on it)."""
        url = value.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"public_base_url must look like https://host[:port][/prefix], got {value!r}")
        return url

    @property
    def workers(self) -> int:
        """Extraction processes in force: extract_workers, else one core stays with the crawl's reactor (1..4)."""
        if self.extract_workers is not None:
            return self.extract_workers
        return max(1, min(4, (os.cpu_count() or 2) - 1))

    @property
    def index_dir(self) -> Path:
        """Where the embedded (tantivy) index lives."""
        return self.data_dir / "index"

    @property
    def archive_dir(self) -> Path:
        """Where raw WARC files are written."""
        return self.data_dir / "warc"

    @property
    def reports_dir(self) -> Path:
        """One JSON report per crawl or reprocess run (crawler/report.py writes, the API's /api/reports reads)."""
        return self.data_dir / "reports"

    @property
    def source_checks_dir(self) -> Path:
        """One JSON file per `govnews sources check` run."""
        return self.data_dir / "checks"

    @property
    def warc_index_path(self) -> Path:
        """SQLite index of the archive: URL -> (WARC file, offset) of each response (archive.index)."""
        return self.archive_dir / "index.sqlite3"

    @property
    def state_path(self) -> Path:
        """SQLite crawl state (URL -> last fetch, ETag, hash, article id)."""
        return self.data_dir / "crawl-state.sqlite3"

    @property
    def pipeline_store_path(self) -> Path:
        """SQLite store of the indexing pipeline's stages: same-story groups, shown dates (indexer.pipeline)."""
        return self.data_dir / "pipeline.sqlite3"

    @property
    def spool_dir(self) -> Path:
        """Articles that could not be indexed, kept for the next run."""
        return self.data_dir / "spool"

    @property
    def sources_path(self) -> Path:
        """The sources file in force."""
        return self.sources_file or self.config_dir / "sources.yaml"

