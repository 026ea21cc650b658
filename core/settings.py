"""Runtime settings, read once from the environment (GOVNEWS_*) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob govnews reads at run time; .env.example lists each with its default."""

    model_config = SettingsConfigDict(env_prefix="GOVNEWS_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    config_dir: Path = REPO_ROOT / "config"
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
    log_level: str = "INFO"

    @property
    def index_dir(self) -> Path:
        """Where the embedded (tantivy) index lives."""
        return self.data_dir / "index"

    @property
    def archive_dir(self) -> Path:
        """Where raw WARC files are written."""
        return self.data_dir / "warc"

    @property
    def state_path(self) -> Path:
        """SQLite crawl state (URL -> last fetch, ETag, hash, article id)."""
        return self.data_dir / "crawl-state.sqlite3"

    @property
    def spool_dir(self) -> Path:
        """Articles that could not be indexed, kept for the next run."""
        return self.data_dir / "spool"

    @property
    def sources_path(self) -> Path:
        """The sources file in force."""
        return self.sources_file or self.config_dir / "sources.yaml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own Settings instead)."""
    return Settings()
