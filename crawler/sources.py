"""Load sources files, including templates whose URLs use a `{base_url}` placeholder (fixture site, simulator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.config import ConfigError, load_sources
from core.source import Source


def _fill(value: Any, base_url: str) -> Any:
    if isinstance(value, str):
        return value.replace("{base_url}", base_url.rstrip("/"))
    if isinstance(value, list):
        return [_fill(v, base_url) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, base_url) for k, v in value.items()}
    return value


def load_sources_with_base(path: Path, base_url: str) -> list[Source]:
    """Read a sources file, replacing `{base_url}` in every string value before validation."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    try:
        return [Source.model_validate(_fill(entry, base_url)) for entry in data.get("sources", [])]
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def select_sources(sources: list[Source], ids: list[str] | None) -> list[Source]:
    """Enabled sources, or exactly the named ones (even if disabled); unknown ids are an error."""
    if not ids:
        return [s for s in sources if s.enabled]
    by_id = {s.id: s for s in sources}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ConfigError(f"unknown source id(s): {', '.join(missing)} (known: {', '.join(sorted(by_id))})")
    return [by_id[i] for i in ids]


def write_sources(sources: list[Source], path: Path) -> Path:
    """Write sources as a sources file (what `demo` hands to `crawl`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"sources": [s.model_dump(mode="json", exclude_defaults=True) for s in sources]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


__all__ = ["load_sources", "load_sources_with_base", "select_sources", "write_sources"]
