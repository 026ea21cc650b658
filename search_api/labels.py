"""Display names for province codes, read once from config/provinces.yaml."""

from __future__ import annotations

from functools import lru_cache

from core.config import ConfigError, load_provinces


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    try:
        registry = load_provinces()
    except ConfigError:
        return {}
    return {u.code: u.name for u in [*registry.former, *registry.current]}


def province_label(code: str | None) -> str | None:
    """ "dak-lak" -> "Đắk Lắk"; unknown codes are shown as they are; None stays None."""
    if code is None:
        return None
    return _names().get(code, code)
