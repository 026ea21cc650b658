"""Load and validate config/*.yaml into typed objects; every loader takes its path (cached per path)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.registry import DirectiveRegistry, ProvinceRegistry
from core.source import Source


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


def load_sources(path: Path) -> list[Source]:
    """Read a sources file: a mapping with a `sources:` list of Source entries."""
    data = _read_yaml(path) or {}
    try:
        return [Source.model_validate(entry) for entry in data.get("sources", [])]
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


@lru_cache(maxsize=4)
def load_provinces(path: Path) -> ProvinceRegistry:
    """Read a provinces file (config/provinces.yaml: 34 current units, 63 former ones)."""
    try:
        return ProvinceRegistry.model_validate(_read_yaml(path))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


@lru_cache(maxsize=4)
def load_directives(path: Path) -> DirectiveRegistry:
    """Read a directives file (config/directives.yaml: tracked directives and abbreviation tables)."""
    try:
        return DirectiveRegistry.model_validate(_read_yaml(path) or {})
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
