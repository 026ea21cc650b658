"""The search parameters every endpoint and the page accept, validated once; one filter parameter per facet.

The filter parameters are generated from core/facets.py (one list parameter per shown facet, at most
MAX_FILTER_VALUES values each); the rest (q, dates, order, paging, facet sizes) is declared here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import date
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator, model_validator

from core.facets import MAX_FILTER_VALUES, SHOWN
from core.search import MAX_WINDOW, SortOrder

FILTERS: tuple[str, ...] = tuple(f.name for f in SHOWN)  # the list parameters, in registry order
LIST_PARAMS = (*FILTERS, "facets", "more")
RESTART = {"page": 1, "cursor": None}  # a changed filter starts again from the first page
FACET_SIZE = 30  # values per facet in the API (the page shows fewer before "xem thêm")
MORE_SIZE = 200  # values per facet after "xem thêm"


class MultiMapping(Protocol):
    """What request.query_params offers: repeated keys read with getlist."""

    def __iter__(self) -> Iterator[str]: ...

    def getlist(self, key: str) -> list[str]: ...


class BaseParams(BaseModel):
    """The parameters that are not facet filters (empty values mean "not set")."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    q: str = Field(
        "",
        max_length=500,
        description='Free text: words (AND), "phrase", -word, -"phrase", OR, (a OR b). Typed with diacritics: '
        "those spellings only; without: every spelling.",
    )
    fold_all: bool = Field(False, description="Match a query typed with diacritics in every spelling (khớp không dấu).")
    date_from: date | None = Field(None, description="First day, YYYY-MM-DD (Vietnam time).")
    date_to: date | None = Field(None, description="Last day, inclusive (swapped with date_from if earlier).")
    sort: SortOrder = Field("relevance", description="relevance | newest | oldest")
    size: int = Field(20, ge=0, le=100, description="Hits per page (0..100); 0 returns counts only (total, facets).")
    page: int = Field(1, ge=1, description=f"1-based page number; page × size ≤ {MAX_WINDOW:,}.")
    cursor: str | None = Field(None, max_length=500, description="next_cursor of a previous page (deep paging).")
    facets: list[str] = Field(default_factory=list, max_length=20, description="Facets to count (default: all).")
    facet_size: int = Field(FACET_SIZE, ge=1, le=MORE_SIZE, description="Values per facet (months, years: all).")
    more: list[str] = Field(
        default_factory=list, max_length=20, description=f"Facets to list in full ('xem thêm'): up to {MORE_SIZE}."
    )
    collapse: bool = Field(
        True, description="One row per story republished on several portals (`duplicates` says how many more);"
        " `total` then counts rows. false: every article. Exports and coverage always count articles.",
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        """A submitted form sends `date_from=`: treat empty values as absent, and trim list items."""
        if not isinstance(data, Mapping):
            return data
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, list | tuple):
                items = [v.strip() if isinstance(v, str) else v for v in value]
                value = list(dict.fromkeys(v for v in items if v not in ("", None)))
            elif isinstance(value, str) and key != "q":
                value = value.strip() or None
            if value is not None:
                out[key] = value
        return out

    @field_validator("page")
    @classmethod
    def _window(cls, value: int, info: ValidationInfo) -> int:
        size = info.data.get("size")
        if size and value * size > MAX_WINDOW:
            raise ValueError(
                f"trang × số bài mỗi trang không được quá {MAX_WINDOW:,}".replace(",", ".")
                + ": hãy dùng next_cursor, hoặc /api/export.csv để lấy tất cả"
            )
        return value

    @field_validator("facets", "more")
    @classmethod
    def _facet_names(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in FILTERS]
        if unknown:
            raise ValueError(f"không có bộ lọc {', '.join(unknown)}; có: {', '.join(FILTERS)}")
        return value

    # -- reading ----------------------------------------------------------------------------------------------

    @classmethod
    def from_query(cls, params: MultiMapping, drop: Collection[str] = ()) -> SearchParams:
        """Validate raw query parameters, leaving out the keys in `drop` (raises pydantic.ValidationError)."""
        data: dict[str, Any] = {}
        for key in params:
            if key in drop or key not in cls.model_fields:  # ignored anyway; getlist is a scan per key
                continue
            values = params.getlist(key)
            data[key] = values if key in LIST_PARAMS else values[-1]
        return SearchParams.model_validate(data)

    @classmethod
    def unknown_keys(cls, keys: Collection[str]) -> list[str]:
        """Query parameters nobody reads (a typo such as `provnce`)."""
        return [k for k in dict.fromkeys(keys) if k not in SearchParams.model_fields]

    def filter(self, name: str) -> list[str]:
        """The values of filter parameter `name`."""
        return list(getattr(self, name))

    def filters(self) -> dict[str, list[str]]:
        """Every filter parameter that has values."""
        return {name: self.filter(name) for name in FILTERS if getattr(self, name)}

    def wanted_facets(self) -> tuple[str, ...]:
        """The facets to count: those asked for, else all shown."""
        return tuple(self.facets) or FILTERS

    # -- links ------------------------------------------------------------------------------------------------

    def is_selected(self, facet: str, value: str) -> bool:
        """Whether a facet value is an active filter."""
        return facet in FILTERS and value in getattr(self, facet)

    def toggled(self, facet: str, value: str) -> dict[str, Any]:
        """The overrides that switch a facet value on or off (multi-select within a facet)."""
        current = self.filter(facet)
        chosen = [v for v in current if v != value] if value in current else [*current, value]
        return {facet: chosen, **RESTART}

    def pairs(self, **override: Any) -> list[tuple[str, str]]:
        """The non-default parameters as (key, value) pairs, lists repeated; `override` replaces values."""
        data = self.model_dump()
        data.update(override)
        out: list[tuple[str, str]] = []
        for key, value in data.items():
            out.extend(_pairs(key, value))
        return out

    def url(self, path: str, extra: Collection[tuple[str, str]] = (), /, **override: Any) -> str:
        """`path` with these parameters (and `extra` pairs) as its query string (links, exports, the feed)."""
        query = urlencode([*self.pairs(**override), *extra])
        return f"{path}?{query}" if query else path


@cache
def _defaults() -> dict[str, Any]:
    """Every parameter's default (what `pairs` leaves out)."""
    return SearchParams().model_dump()


def _pairs(key: str, value: Any) -> list[tuple[str, str]]:
    """One parameter's (key, value) pairs: none when it has its default or no value, lists repeated."""
    if value is None or value == _defaults().get(key) or value == "" or value == []:
        return []
    return [(key, str(v)) for v in (value if isinstance(value, list) else [value])]


class Links:
    """Many links from one parameter set (a facet's toggles): each parameter is encoded once, not once a link.

    `Links(params, path).url(**override)` equals `params.url(path, **override)`.
    """

    def __init__(self, params: BaseParams, path: str) -> None:
        self.path = path
        self._parts = {key: _encoded(key, value) for key, value in params.model_dump().items()}
        self._around: dict[str, tuple[str, str]] = {}  # facet -> the query before and after its own part

    def url(self, **override: Any) -> str:
        parts = {**self._parts, **{key: _encoded(key, value) for key, value in override.items()}}
        query = "&".join(part for part in parts.values() if part)
        return f"{self.path}?{query}" if query else self.path

    def toggle(self, facet: str, chosen: list[str]) -> str:
        """`url(**{facet: chosen, **RESTART})` (a facet value switched on or off: `SearchParams.toggled`): a response
        has hundreds of these, so the parameters around the facet's own are joined once per facet and only its
        values are encoded per link."""
        if facet not in self._around:
            parts = {**self._parts, **{key: _encoded(key, v) for key, v in RESTART.items()}}
            keys = list(parts)
            at = keys.index(facet)
            self._around[facet] = ("&".join(p for p in (parts[k] for k in keys[:at]) if p),
                                   "&".join(p for p in (parts[k] for k in keys[at + 1 :]) if p))  # fmt: skip
        before, after = self._around[facet]
        own = _encoded(facet, chosen)
        query = "&".join(part for part in (before, own, after) if part)
        return f"{self.path}?{query}" if query else self.path


def _encoded(key: str, value: Any) -> str:
    """One parameter's part of a query string, as urlencode writes it."""
    return _encoded_value(key, tuple(value) if isinstance(value, list) else value)


@lru_cache(maxsize=1 << 14)
def _encoded_value(key: str, value: Any) -> str:
    plain = list(value) if isinstance(value, tuple) else value
    return "&".join(_encoded_pair(k, v) for k, v in _pairs(key, plain))


@lru_cache(maxsize=1 << 14)
def _encoded_pair(key: str, value: str) -> str:
    return urlencode([(key, value)])


_FILTER_FIELDS: dict[str, Any] = {
    f.name: (
        list[str],
        Field(default_factory=list, max_length=MAX_FILTER_VALUES, description=f"{f.title}; repeatable (OR)."),
    )
    for f in SHOWN
}

if TYPE_CHECKING:
    SearchParams = BaseParams
else:
    SearchParams = create_model("SearchParams", __base__=BaseParams, __doc__=BaseParams.__doc__, **_FILTER_FIELDS)
