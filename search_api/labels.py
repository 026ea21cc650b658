"""Display names for the API (transitional: read config/ once, as before; the app will receive them instead)."""

from __future__ import annotations

from functools import lru_cache

from core.config import ConfigError, load_directives, load_provinces
from core.labels import Labels


@lru_cache(maxsize=1)
def labels() -> Labels:
    """Labels from config/provinces.yaml and directives.yaml; empty when they cannot be read."""
    try:
        return Labels.build(load_provinces(), load_directives())
    except ConfigError:
        return Labels()


def province_label(code: str | None) -> str | None:
    """ "dak-lak" -> "Đắk Lắk"; unknown codes are shown as they are; None stays None."""
    return labels().province(code)


def directive_title(key: str) -> str | None:
    """ "20-CT/TW" -> "Chỉ thị 20-CT/TW về tăng cường…" for tracked directives; None otherwise."""
    return labels().directive_title(key)
