"""Display names: province codes and directive titles, read once from config/provinces.yaml and directives.yaml."""

from __future__ import annotations

from functools import lru_cache

from core.config import ConfigError, load_directives
from core.labels import province_names


def province_label(code: str | None) -> str | None:
    """ "dak-lak" -> "Đắk Lắk"; unknown codes are shown as they are; None stays None."""
    if code is None:
        return None
    return province_names().get(code, code)


@lru_cache(maxsize=1)
def _directive_titles() -> dict[str, str]:
    try:
        registry = load_directives()
    except ConfigError:
        return {}
    titles = {}
    for d in registry.directives:
        if "not recorded" in d.title:
            continue
        kind = registry.doc_types.get(d.doc_type, "")
        titles[d.key] = f"{kind} {d.key} {d.title}".strip()
    return titles


def directive_title(key: str) -> str | None:
    """ "20-CT/TW" -> "Chỉ thị 20-CT/TW về tăng cường…" for tracked directives; None otherwise."""
    return _directive_titles().get(key)
