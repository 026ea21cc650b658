"""Display names and vocabularies of facet values, built from the province, directive and source registries.

Callers load the registries (core.config) from the paths their settings name and pass them in: nothing here reads
a file. One `Labels` serves the API, the page, the exports and the filter checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core.article import split_scope
from core.facets import Facet, facet
from core.registry import DirectiveRegistry, ProvinceRegistry
from core.source import Source


@dataclass(frozen=True)
class Labels:
    """Names for facet values, and which values each facet's vocabulary knows."""

    provinces: ProvinceRegistry = field(default_factory=lambda: ProvinceRegistry(current=[], former=[]))
    directives: DirectiveRegistry = field(default_factory=DirectiveRegistry)
    sources: dict[str, str] = field(default_factory=dict)  # source id -> name
    _province_names: dict[str, str] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        """Province names by code, current units over former ones (a response labels hundreds of values)."""
        names = {u.code: u.name for u in self.provinces.former} | {u.code: u.name for u in self.provinces.current}
        object.__setattr__(self, "_province_names", names)

    @classmethod
    def build(
        cls, provinces: ProvinceRegistry, directives: DirectiveRegistry, sources: Iterable[Source] = ()
    ) -> Labels:
        """Labels from loaded registries and the sources' names (id -> name)."""
        return cls(provinces, directives, {s.id: s.name for s in sources})

    # -- names ----------------------------------------------------------------------------------------------

    def province(self, code: str | None) -> str | None:
        """ "dak-lak" -> "Đắk Lắk" (current units first); unknown codes as they are; None stays None."""
        if code is None:
            return None
        return self._province_names.get(code, code)

    def source(self, source_id: str | None) -> str | None:
        """A source's name from sources.yaml; its id when unknown."""
        if source_id is None:
            return None
        return self.sources.get(source_id, source_id)

    def directive_title(self, key: str) -> str | None:
        """ "20-CT/TW" -> "Chỉ thị 20-CT/TW về tăng cường…" for tracked directives; None otherwise."""
        info = self.directives.by_key().get(key)
        if info is None or "not recorded" in info.title:
            return None
        kind = self.directives.doc_types.get(info.doc_type, "")
        return f"{kind} {info.key} {info.title}".strip()

    def label(self, name: str | Facet, value: str) -> str:
        """The display name of one facet value, by the facet's label source."""
        source = (name if isinstance(name, Facet) else facet(name)).labels
        if source == "province":
            return self.province(value) or value
        if source == "source":
            return self.source(value) or value
        if source == "month":
            year, _, month = value.partition("-")
            return f"{month}/{year}" if month else value
        if source == "doc_type":
            return self.directives.doc_types.get(value, value)
        if source == "issuer":
            return self.directives.issuers.get(value, value)
        if source == "directive":
            scope, key = split_scope(value)
            return f"{key} ({self.province(scope)})" if scope else value
        return value

    # -- vocabularies ---------------------------------------------------------------------------------------

    def successor(self, code: str) -> str | None:
        """The current unit a former (pre-2025) unit merged into, when `code` is not itself current."""
        if code in self.provinces.current_by_code():
            return None
        unit = self.provinces.former_by_code().get(code)
        return unit.merged_into if unit else None

    def known(self, name: str) -> set[str] | None:
        """The values facet `name` can take, when a registry lists them; None for open vocabularies."""
        vocabulary = facet(name).vocabulary
        if vocabulary == "current":
            return set(self.provinces.current_by_code())
        if vocabulary == "any_unit":
            return set(self.provinces.current_by_code()) | set(self.provinces.former_by_code())
        if vocabulary == "source" and self.sources:
            return set(self.sources)
        if vocabulary == "doc_type" and self.directives.doc_types:
            return set(self.directives.doc_types)
        if vocabulary == "issuer" and self.directives.issuers:
            return set(self.directives.issuers)
        return None
