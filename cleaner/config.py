"""CleanerConfig: the cleaner's tables (config directory, boilerplate rules), loaded once by the caller, passed in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.directives import Citations
from cleaner.places import Places
from cleaner.rules import RULES_PATH, Rules, load_rules
from core.config import load_directives, load_provinces
from core.settings import DEFAULT_CONFIG_DIR


@dataclass(frozen=True, eq=False)
class CleanerConfig:
    """The province lookups and directive tables of one config directory (provinces.yaml, directives.yaml), and the
    boilerplate rules (cleaner/rules.yaml, shipped with the cleaner: they change with its code, not per deployment)."""

    config_dir: Path
    places: Places
    citations: Citations
    rules: Rules

    @classmethod
    def load(cls, config_dir: Path, rules_path: Path = RULES_PATH) -> CleanerConfig:
        """Read and compile `config_dir`'s provinces.yaml and directives.yaml, and the rules (once per process)."""
        places = Places(load_provinces(config_dir / "provinces.yaml"))
        citations = Citations.build(load_directives(config_dir / "directives.yaml"), places)
        return cls(config_dir, places, citations, load_rules(rules_path))


@lru_cache(maxsize=1)
def bundled() -> CleanerConfig:
    """The repository's own config/ (Settings' default config_dir), for callers that bring no settings: a bare
    `cleaner.extract(html, url)` in a notebook or a check. Every govnews entry point passes its own config."""
    return CleanerConfig.load(DEFAULT_CONFIG_DIR)
