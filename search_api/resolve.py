"""Turn checked parameters into a SearchQuery, reporting (never silently ignoring) what could not be used as given.

Filter values are matched to the known values case-insensitively ("20-ct/tw" -> "20-CT/TW"); known values come
from the registries (core.labels.Labels) or, for open vocabularies such as directive keys, from the index itself.
A former province in `province` is replaced by the unit it merged into, and said so. Unknown values stay in the
filter (they match nothing) and are reported; so are unknown parameters and a reversed date range (swapped).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from core.facets import facet
from core.labels import Labels
from core.search import SearchBackend, SearchQuery
from search_api.params import MORE_SIZE, SearchParams

INDEX_VALUES = 10_000  # values read from the index to check an open vocabulary


class Notice(BaseModel):
    """Something about the request the user should know: the parameter, the value, what was done (Vietnamese)."""

    param: str
    value: str
    message: str


@dataclass
class Resolved:
    """The query to run, the parameters as they were understood, and the notices to show."""

    params: SearchParams
    query: SearchQuery
    notices: list[Notice] = field(default_factory=list)


class _Vocabulary:
    """Known values per facet, looked up lazily: the registries first, then the index (one aggregation)."""

    def __init__(self, labels: Labels, backend: SearchBackend) -> None:
        self.labels, self.backend = labels, backend
        self._index: dict[str, dict[str, str]] = {}

    def _from_index(self, name: str) -> dict[str, str]:
        if name not in self._index:
            found = self.backend.search(SearchQuery(size=0, facets=(name,), facet_sizes={name: INDEX_VALUES}))
            self._index[name] = {b.value.casefold(): b.value for b in found.facets.get(name, [])}
        return self._index[name]

    def canonical(self, name: str, value: str) -> str | None:
        """The known spelling of `value` for facet `name`, or None when nothing knows it."""
        known = self.labels.known(name) or set()
        if value in known:
            return value
        folded = {k.casefold(): k for k in known}
        return folded.get(value.casefold()) or self._from_index(name).get(value.casefold())


def _unknown_message(name: str, value: str) -> str:
    vocabulary = facet(name).vocabulary
    if vocabulary in ("current", "any_unit"):
        return f"Không có tỉnh/thành nào mã «{value}»; bộ lọc này không khớp bài nào."
    if vocabulary == "directive":
        return f"Không có bài viết nào trích dẫn văn bản «{value}»."
    if vocabulary == "source":
        return f"Không có nguồn tin «{value}»."
    return f"Không có bài viết nào có {facet(name).title.lower()} «{value}»."


def resolve(
    params: SearchParams, labels: Labels, backend: SearchBackend, raw_keys: Collection[str] = (), **override: Any
) -> Resolved:
    """The SearchQuery for `params` (fields in `override` win) and the notices about how it was read."""
    notices = [
        Notice(param=key, value="", message=f"Tham số «{key}» không được hỗ trợ nên đã bị bỏ qua.")
        for key in SearchParams.unknown_keys(raw_keys)
    ]
    vocabulary = _Vocabulary(labels, backend)
    filters: dict[str, list[str]] = {}
    for name, values in params.filters().items():
        out: list[str] = []
        for value in values:
            successor = labels.successor(value) if facet(name).vocabulary == "current" else None
            if successor:
                old, new = labels.province(value), labels.province(successor)
                notices.append(Notice(param=name, value=value, message=(
                    f"{old} đã sáp nhập vào {new} từ 1/7/2025: đang lọc theo {new}. Để chỉ lấy bài đăng khi còn là "
                    f"{old}, dùng bộ lọc «Tỉnh/thành khi đăng» (province_at_publication={value}).")))  # fmt: skip
                out.append(successor)
                continue
            known = vocabulary.canonical(name, value)
            if known is None:
                notices.append(Notice(param=name, value=value, message=_unknown_message(name, value)))
            out.append(known or value)
        filters[name] = list(dict.fromkeys(out))
    if filters != params.filters():
        params = params.model_copy(update=filters)
    if params.date_from and params.date_to and params.date_to < params.date_from:
        notices.append(Notice(param="date_to", value=params.date_to.isoformat(), message=(
            f"Ngày kết thúc ({params.date_to:%d/%m/%Y}) trước ngày bắt đầu ({params.date_from:%d/%m/%Y}): "
            "đã đổi chỗ hai ngày.")))  # fmt: skip
        params = params.model_copy(update={"date_from": params.date_to, "date_to": params.date_from})
    fields: dict[str, Any] = {
        "text": params.q,
        "fold_all": params.fold_all,
        "filters": filters,
        "date_from": params.date_from,
        "date_to": params.date_to,
        "sort": params.sort,
        "page": params.page,
        "size": params.size,
        "cursor": params.cursor,
        "collapse": params.collapse,
        "facets": params.wanted_facets(),
        "facet_size": params.facet_size,
        "facet_sizes": dict.fromkeys(params.more, MORE_SIZE),
    }
    fields.update(override)
    return Resolved(params=params, query=SearchQuery(**fields), notices=notices)
