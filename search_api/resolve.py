"""Turn checked parameters into a SearchQuery, reporting (never silently ignoring) what could not be used as given.

Filter values are matched to the known values case-insensitively ("20-ct/tw" -> "20-CT/TW"); known values come
from the registries (core.labels.Labels) or, for open vocabularies such as directive keys, from the index itself.
A former province in `province` is replaced by the unit it merged into, and said so. A bare local document number
("377/KH-UBND") stands for every unit's document of that number ("lao-cai:377/KH-UBND", "ha-noi:…"), and the units
are named. Unknown values stay in the filter (they match nothing) and are reported; so are unknown parameters and a
reversed date range (swapped).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from core.article import split_scope
from core.facets import MAX_FILTER_VALUES, facet
from core.labels import Labels
from core.limits import Limits
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
    more: int = 0  # notices left out past the cap; the last notice then says how many


def more_notice(count: int) -> Notice:
    """The notice that ends a capped list: how many more there were."""
    return Notice(param="", value="", message=f"… và {count} cảnh báo khác.")


def capped(notices: list[Notice], cap: int) -> tuple[list[Notice], int]:
    """The first `cap` notices, plus one saying how many more there were; and that count."""
    if len(notices) <= cap:
        return notices, 0
    more = len(notices) - cap
    return [*notices[:cap], more_notice(more)], more


class _Vocabulary:
    """Known values per facet, looked up lazily: the registries first, then the index (one aggregation)."""

    def __init__(self, labels: Labels, backend: SearchBackend) -> None:
        self.labels, self.backend = labels, backend
        self._values: dict[str, list[str]] = {}
        self._index: dict[str, dict[str, str]] = {}

    def _index_values(self, name: str) -> list[str]:
        """The facet's values in the index, most articles first."""
        if name not in self._values:
            found = self.backend.search(SearchQuery(size=0, facets=(name,), facet_sizes={name: INDEX_VALUES}))
            self._values[name] = [b.value for b in found.facets.get(name, [])]
        return self._values[name]

    def _from_index(self, name: str) -> dict[str, str]:
        if name not in self._index:
            self._index[name] = {v.casefold(): v for v in self._index_values(name)}
        return self._index[name]

    def scoped(self, name: str, key: str) -> list[str]:
        """The index's unit-scoped keys whose number is `key` ("lao-cai:377/KH-UBND" for "377/kh-ubnd")."""
        folded = key.casefold()
        return [v for v in self._index_values(name) if (s := split_scope(v))[0] and s[1].casefold() == folded]

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


def _local_number(
    name: str, value: str, values: list[str], vocabulary: _Vocabulary, labels: Labels, room: int
) -> tuple[list[str], Notice] | None:
    """Every unit's document numbered `value` (a bare local number), at most `room` of them, and the notice naming
    the units; None when `value` is scoped, when `values` already pick units of that number (the bare value then
    means the unscoped document: how unticking a unit narrows), or when no unit's document has that number."""
    if facet(name).vocabulary != "directive" or split_scope(value)[0] is not None:
        return None
    if any(s[0] and s[1].casefold() == value.casefold() for s in map(split_scope, values)):
        return None
    scoped = vocabulary.scoped(name, value)
    if not scoped:
        return None
    unscoped = vocabulary.canonical(name, value)
    found = ([unscoped] if unscoped else []) + scoped
    kept = found[:room]
    key = split_scope(scoped[0])[1]
    units = [labels.province(split_scope(v)[0]) or v for v in kept if v != unscoped]
    named = ", ".join(units) + (", bài không rõ đơn vị ban hành" if unscoped in kept else "")
    capped = f" (chỉ {len(kept)} trong {len(found)} đơn vị, nhiều bài nhất trước)" if len(kept) < len(found) else ""
    message = (f"{key} là số văn bản địa phương: khớp {named}{capped} — chọn một tỉnh để thu hẹp "
               f"(ví dụ {name}={scoped[0]}).")  # fmt: skip
    return kept, Notice(param=name, value=value, message=message)


def resolve(
    params: SearchParams, labels: Labels, backend: SearchBackend, raw_keys: Collection[str] = (), *,
    max_notices: int = Limits().api_warnings, **override: Any
) -> Resolved:
    """The SearchQuery for `params` (fields in `override` win) and the notices about how it was read: at most
    `max_notices` (`Limits.api_warnings`), then one saying how many more there were."""
    unknown = SearchParams.unknown_keys(raw_keys)
    notices = [  # 10,000 unknown parameters make one count, not 10,000 notices
        Notice(param=key, value="", message=f"Tham số «{key}» không được hỗ trợ nên đã bị bỏ qua.")
        for key in unknown[: max_notices + 1]
    ]
    dropped = len(unknown) - len(notices)
    vocabulary = _Vocabulary(labels, backend)
    filters: dict[str, list[str]] = {}
    for name, values in params.filters().items():
        out: list[str] = []
        for i, value in enumerate(values):
            successor = labels.successor(value) if facet(name).vocabulary == "current" else None
            if successor:
                old, new = labels.province(value), labels.province(successor)
                notices.append(Notice(param=name, value=value, message=(
                    f"{old} đã sáp nhập vào {new} từ 1/7/2025: đang lọc theo {new}. Để chỉ lấy bài đăng khi còn là "
                    f"{old}, dùng bộ lọc «Tỉnh/thành khi đăng» (province_at_publication={value}).")))  # fmt: skip
                out.append(successor)
                continue
            room = max(1, MAX_FILTER_VALUES - len(out) - (len(values) - i - 1))  # links must stay valid requests
            local = _local_number(name, value, values, vocabulary, labels, room)
            if local:
                out.extend(local[0])
                notices.append(local[1])
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
    notices, more = capped(notices, max_notices)
    more += dropped if more else 0
    if more:
        notices[-1] = more_notice(more)
    return Resolved(params=params, query=SearchQuery(**fields), notices=notices, more=more)
