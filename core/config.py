"""Load and validate config/*.yaml into typed objects (cached per path)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.registry import DirectiveRegistry, ProvinceRegistry
from core.settings import REPO_ROOT
from core.source import Source

CONFIG_DIR = REPO_ROOT / "config"


class ConfigError(ValueError):
    """A config file is missing or invalid; the message names the file and the problem."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc


def load_sources(path: Path | None = None) -> list[Source]:
    """Read a sources file: a mapping with a `sources:` list of Source entries."""
    path = path or CONFIG_DIR / "sources.yaml"
    data = _read_yaml(path) or {}
    try:
        return [Source.model_validate(entry) for entry in data.get("sources", [])]
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


@lru_cache(maxsize=4)
def load_provinces(path: Path | None = None) -> ProvinceRegistry:
    """Read config/provinces.yaml (34 current units, 63 former ones)."""
    path = path or CONFIG_DIR / "provinces.yaml"
    try:
        return ProvinceRegistry.model_validate(_read_yaml(path))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


@lru_cache(maxsize=4)
def load_directives(path: Path | None = None) -> DirectiveRegistry:
    """Read config/directives.yaml (tracked directives and abbreviation tables)."""
    path = path or CONFIG_DIR / "directives.yaml"
    try:
        return DirectiveRegistry.model_validate(_read_yaml(path) or {})
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
