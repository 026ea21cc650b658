"""Typed loading of the simulator's data files: phrase banks (banks.yaml) and sites (sites.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.config import load_provinces
from core.settings import DEFAULT_CONFIG_DIR

DATA_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Province:
    """A pre-2025 unit as the articles name it."""

    name: str
    code: str
    prefix: str

    @property
    def full(self) -> str:
        """ "tỉnh Đắk Lắk", "thành phố Đà Nẵng"."""
        return f"{self.prefix} {self.name}"


@dataclass(frozen=True)
class Directive:
    """A citable document: its ground-truth key, full first-mention forms and loose later forms."""

    key: str
    valid_from: date
    valid_until: date | None
    topics: tuple[str, ...]
    forms: tuple[str, ...]
    loose: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """Titles, summaries and body sentences about one subject."""

    name: str
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Traps:
    """How often each awkward rendering or page kind occurs."""

    entities: float
    combining: float
    linebreak: float
    old_tones: float
    image: float
    malformed: float
    error: float
    slow_every: int
    slow_offset: int


@dataclass(frozen=True)
class Banks:
    """Everything the text generator draws from."""

    provinces: tuple[Province, ...]
    orgs: tuple[str, ...]
    authors: tuple[str, ...]
    directives: tuple[Directive, ...]
    directive_first: tuple[str, ...]
    directive_again: tuple[str, ...]
    plan_party: tuple[str, ...]
    plan_state: tuple[str, ...]
    topics: tuple[Topic, ...]
    generic: tuple[str, ...]
    phones: tuple[str, ...]
    captions: tuple[str, ...]
    traps: Traps

    def province(self, code: str) -> Province:
        """The province with this code."""
        for p in self.provinces:
            if p.code == code:
                return p
        raise KeyError(code)


@dataclass(frozen=True)
class Category:
    """A listing category of a site (slug as used in its URLs)."""

    slug: str
    name: str


@dataclass(frozen=True)
class SiteSpec:
    """One simulated portal."""

    id: str
    name: str
    short: str
    platform: str
    province: str
    own_province_share: float
    page_size: int
    address: str
    feeds: tuple[str, ...]
    asp_errors: bool
    search: str
    disallow: tuple[str, ...]
    categories: tuple[Category, ...]


def _read(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _tuple(items: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in items or ())


@lru_cache(maxsize=1)
def load_banks() -> Banks:
    """Parse banks.yaml once."""
    raw = _read("banks.yaml")
    directives = tuple(
        Directive(
            key=d["key"],
            valid_from=d["from"],
            valid_until=d.get("until"),
            topics=_tuple(d.get("topics")),
            forms=_tuple(d["forms"]),
            loose=_tuple(d.get("loose")),
        )
        for d in raw["directives"]
    )
    topics = tuple(
        Topic(name, _tuple(t["titles"]), _tuple(t["summaries"]), _tuple(t["sentences"]))
        for name, t in raw["topics"].items()
    )
    return Banks(
        provinces=tuple(Province(**p) for p in raw["provinces"]),
        orgs=_tuple(raw["orgs"]),
        authors=_tuple(raw["authors"]),
        directives=directives,
        directive_first=_tuple(raw["directive_first"]),
        directive_again=_tuple(raw["directive_again"]),
        plan_party=_tuple(raw["plan_party"]),
        plan_state=_tuple(raw["plan_state"]),
        topics=topics,
        generic=_tuple(raw["generic"]),
        phones=_tuple(raw["phones"]),
        captions=_tuple(raw["captions"]),
        traps=Traps(**raw["traps"]),
    )


@lru_cache(maxsize=64)
def current_unit(province: Province) -> Province:
    """The unit a pre-2025 province became on 1 July 2025 (the shipped config/provinces.yaml: the simulator's sites
    are the real units), as articles then name it."""
    registry = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")
    former = registry.former_by_code()[province.code]
    unit = registry.current_by_code()[former.merged_into or province.code]
    return Province(name=unit.name, code=unit.code, prefix="thành phố" if unit.kind == "city" else "tỉnh")


@lru_cache(maxsize=1)
def load_sites() -> tuple[SiteSpec, ...]:
    """Parse sites.yaml once."""
    return tuple(
        SiteSpec(
            id=s["id"],
            name=s["name"],
            short=s["short"],
            platform=s["platform"],
            province=s["province"],
            own_province_share=float(s["own_province_share"]),
            page_size=int(s["page_size"]),
            address=s["address"],
            feeds=_tuple(s.get("feeds")),
            asp_errors=bool(s.get("asp_errors")),
            search=s["search"],
            disallow=_tuple(s.get("disallow")),
            categories=tuple(Category(str(c["slug"]), c["name"]) for c in s["categories"]),
        )
        for s in _read("sites.yaml")["sites"]
    )
