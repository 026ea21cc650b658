"""CleanerConfig: what the cleaner reads from the config directory, loaded once by the caller and passed in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.directives import Citations
from cleaner.places import Places
from core.config import load_directives, load_provinces
from core.settings import DEFAULT_CONFIG_DIR


@dataclass(frozen=True, eq=False)
class CleanerConfig:
    """The province lookups and directive tables of one config directory (provinces.yaml, directives.yaml)."""

    config_dir: Path
    places: Places
    citations: Citations

    @classmethod
    def load(cls, config_dir: Path) -> CleanerConfig:
        """Read and compile `config_dir`'s provinces.yaml and directives.yaml (done once per process)."""
        places = Places(load_provinces(config_dir / "provinces.yaml"))
        return cls(config_dir, places, Citations.build(load_directives(config_dir / "directives.yaml"), places))


@lru_cache(maxsize=1)
def bundled() -> CleanerConfig:
    """The repository's own config/ (Settings' default config_dir), for callers that bring no settings: a bare
    `cleaner.extract(html, url)` in a notebook or a check. Every govnews entry point passes its own config."""
    return CleanerConfig.load(DEFAULT_CONFIG_DIR)
