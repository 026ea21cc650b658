"""Display labels for facet values: province names from config/provinces.yaml, months as MM/YYYY."""

from __future__ import annotations

from functools import lru_cache

from core.config import ConfigError, load_provinces


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Unit code -> name, current and pre-2025 units; empty when provinces.yaml cannot be read."""
    try:
        registry = load_provinces()
    except ConfigError:
        return {}
    return {u.code: u.name for u in [*registry.former, *registry.current]}


def facet_label(facet: str, value: str) -> str:
    """Province names (the code when unknown), months "2024-03" as "03/2024", anything else as it is."""
    if facet in ("province", "province_at_publication"):
        return province_names().get(value, value)
    if facet == "month":
        year, _, month = value.partition("-")
        return f"{month}/{year}"
    return value
