"""The search parameters every endpoint and the page accept, validated once, mapped to a core SearchQuery."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from core.search import FacetName, SearchQuery, SortOrder

LIST_FIELDS = ("province", "directive", "doc_type", "issuer", "source")
MAX_WINDOW = 10_000  # deepest hit reachable by page number (Elasticsearch's max_result_window); then the cursor
RESTART = {"page": 1, "cursor": None}  # a changed filter starts again from the first page


def month_range(value: str) -> tuple[date, date]:
    """ "2024-03" -> (2024-03-01, 2024-03-31)."""
    year, month = (int(p) for p in value.split("-", 1))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


class MultiMapping(Protocol):
    """What request.query_params offers: repeated keys read with getlist."""

    def __iter__(self) -> Iterator[str]: ...

    def getlist(self, key: str) -> list[str]: ...


class SearchParams(BaseModel):
    """Query-string parameters of /api/search, the exports and the page (empty values mean "not set")."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    q: str = Field("", max_length=500, description='Free text; diacritics optional; "quoted words" adjacent.')
    province: list[str] = Field(default_factory=list, description="Province code, repeatable (OR).")
    directive: list[str] = Field(default_factory=list, description='Directive key such as "20-CT/TW", repeatable.')
    doc_type: list[str] = Field(default_factory=list, description='Cited document type: "CT", "QĐ", "NĐ"…')
    issuer: list[str] = Field(default_factory=list, description='Cited document issuer: "TW", "TTg", "CP"…')
    source: list[str] = Field(default_factory=list, description="Source (portal) id.")
    date_from: date | None = Field(None, description="First day, YYYY-MM-DD (Vietnam time).")
    date_to: date | None = Field(None, description="Last day, inclusive, YYYY-MM-DD.")
    sort: SortOrder = Field("relevance", description="relevance | newest | oldest")
    size: int = Field(20, ge=1, le=100, description="Hits per page (1..100).")
    page: int = Field(1, ge=1, description=f"1-based page number; page × size ≤ {MAX_WINDOW:,}.")
    cursor: str | None = Field(None, max_length=500, description="next_cursor of a previous page (deep paging).")
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

    @field_validator("date_to")
    @classmethod
    def _range_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("date_from")
        if value is not None and start is not None and value < start:
            raise ValueError(f"date_to ({value}) is before date_from ({start})")
        return value

    @field_validator("page")
    @classmethod
    def _window(cls, value: int, info: ValidationInfo) -> int:
        size = info.data.get("size")
        if size is not None and value * size > MAX_WINDOW:
            raise ValueError(
                f"page × size may not exceed {MAX_WINDOW:,}: follow next_cursor, or use /api/export.csv for everything"
            )
        return value

    @classmethod
    def from_query(cls, params: MultiMapping, drop: Collection[str] = ()) -> SearchParams:
        """Validate raw query parameters, leaving out the keys in `drop` (raises pydantic.ValidationError)."""
        data: dict[str, Any] = {}
        for key in params:
            if key in drop:
                continue
            values = params.getlist(key)
            data[key] = values if key in LIST_FIELDS else values[-1]
        return cls.model_validate(data)

    def to_query(self, *, facets: tuple[FacetName, ...] | None = None, **override: Any) -> SearchQuery:
        """The core SearchQuery for these parameters; `override` replaces fields such as size or sort."""
        fields: dict[str, Any] = {
            "text": self.q,
            "province": self.province,
            "directive": self.directive,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "source": self.source,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "sort": self.sort,
            "page": self.page,
            "size": self.size,
            "cursor": self.cursor,
            "collapse": self.collapse,
        }
        if facets is not None:
            fields["facets"] = facets
        fields.update(override)
        return SearchQuery(**fields)

    def is_selected(self, facet: str, value: str) -> bool:
        """Whether a facet value is an active filter (a month is selected when the dates span exactly it)."""
        if facet == "month":
            return (self.date_from, self.date_to) == month_range(value)
        return facet in LIST_FIELDS and value in getattr(self, facet)

    def toggled(self, facet: str, value: str) -> dict[str, Any]:
        """The overrides that switch a facet value on or off (multi-select within a list facet)."""
        if facet == "month":
            start, end = month_range(value)
            on = self.is_selected(facet, value)
            return {"date_from": None if on else start, "date_to": None if on else end, **RESTART}
        current: list[str] = list(getattr(self, facet))
        chosen = [v for v in current if v != value] if value in current else [*current, value]
        return {facet: chosen, **RESTART}

    def pairs(self, **override: Any) -> list[tuple[str, str]]:
        """The non-default parameters as (key, value) pairs, lists repeated; `override` replaces values."""
        data = self.model_dump()
        data.update(override)
        defaults = SearchParams().model_dump()
        out: list[tuple[str, str]] = []
        for key, value in data.items():
            if value is None or value == defaults.get(key) or value == "" or value == []:
                continue
            values = value if isinstance(value, list) else [value]
            out.extend((key, str(v)) for v in values)
        return out

    def url(self, path: str, **override: Any) -> str:
        """`path` with these parameters as its query string (for links, exports and the feed)."""
        query = urlencode(self.pairs(**override))
        return f"{path}?{query}" if query else path
