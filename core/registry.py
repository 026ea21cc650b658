"""Typed models for config/provinces.yaml and config/directives.yaml (the data lives in config/)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MERGER_DATE = date(2025, 7, 1)


class Unit(BaseModel):
    """A provincial-level unit: one of the 34 current units or one of the 63 pre-2025 units."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description='Stable ASCII code, e.g. "dak-lak", "ha-giang".')
    name: str = Field(description='Official short name with diacritics: "Đắk Lắk".')
    kind: Literal["province", "city"] = "province"
    gso: str | None = Field(default=None, description="GSO administrative code, when known.")
    aliases: list[str] = Field(default_factory=list, description="Spellings in prose, with and without diacritics.")
    valid_from: date | None = None
    valid_to: date | None = Field(default=None, description="Last day the unit existed (inclusive).")
    merged_into: str | None = Field(default=None, description="Pre-2025 units: the current unit's code.")
    formed_from: list[str] = Field(default_factory=list, description="Current units: the former units' codes.")
    portal: str | None = None


class ProvinceRegistry(BaseModel):
    """The 34 current units and the 63 pre-2025 units."""

    model_config = ConfigDict(frozen=True)

    current: list[Unit]
    former: list[Unit]

    def current_by_code(self) -> dict[str, Unit]:
        """Current units keyed by code."""
        return {u.code: u for u in self.current}

    def former_by_code(self) -> dict[str, Unit]:
        """Pre-2025 units keyed by code."""
        return {u.code: u for u in self.former}


class DirectiveInfo(BaseModel):
    """A tracked document in config/directives.yaml."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description='"20-CT/TW", "27/QĐ-TTg", "20/2021/NĐ-CP".')
    doc_type: str
    issuer: str
    issuer_name: str | None = None
    issued: date | None = None
    title: str
    term: str | None = Field(default=None, description='Party term where numbers restart: "XI".')
    aliases: list[str] = Field(default_factory=list, description='Loose citations: "Chỉ thị 20".')


class DirectiveRegistry(BaseModel):
    """Tracked directives plus the abbreviation tables the extractor uses."""

    model_config = ConfigDict(frozen=True)

    directives: list[DirectiveInfo] = Field(default_factory=list)
    doc_types: dict[str, str] = Field(default_factory=dict, description='"CT" -> "Chỉ thị".')
    issuers: dict[str, str] = Field(default_factory=dict, description='"TW" -> "Ban Chấp hành Trung ương".')

    def by_key(self) -> dict[str, DirectiveInfo]:
        """Tracked directives keyed by normalised key."""
        return {d.key: d for d in self.directives}
