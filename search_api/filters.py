"""The filters a page carries, shown where they are set: each with its facet's title, its label and a link that
removes it (hidden form fields must never filter unseen)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from core.facets import facet
from core.labels import Labels
from search_api.params import RESTART, SearchParams


@dataclass(frozen=True)
class ActiveFilter:
    """One active filter value: "Văn bản: 20-CT/TW", and the link to the same page without it."""

    name: str
    title: str
    value: str
    label: str
    clear_href: str


def active_filters(
    params: SearchParams, labels: Labels, extra: Collection[tuple[str, str]] = (), path: str = "/do-phu"
) -> list[ActiveFilter]:
    """Every filter value in `params`, in facet order; `extra` (the page's own parameters) stays in each link."""
    out = []
    for name, values in params.filters().items():
        for value in values:
            rest = [v for v in values if v != value]
            href = params.url(path, extra, **{name: rest}, **RESTART)
            out.append(ActiveFilter(name, facet(name).title, value, labels.label(name, value), href))
    if params.fold_all:
        out.append(ActiveFilter("fold_all", "Khớp không dấu", "1", "bật", params.url(path, extra, fold_all=False)))
    return out
