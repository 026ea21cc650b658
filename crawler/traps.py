"""Calendar and facet traps: one URL template with endless variants, most of which bring nothing new."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from core.limits import Limits

_DIGITS = re.compile(r"\d+")
DEFAULTS = Limits()


def template(url: str) -> str:
    """Host, path with digit runs as 0, and the sorted query keys: `/lich?thang=5&nam=2024` ~ `/lich?nam&thang`."""
    parts = urlsplit(url)
    keys = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{(parts.hostname or '').lower()}{_DIGITS.sub('0', parts.path)}?{'&'.join(keys)}"


@dataclass
class _Template:
    variants: int = 0
    barren: int = 0


@dataclass
class TrapGuard:
    """Bounds listing URLs per template: at most `max_variants`, and none once `max_barren` of them were barren.

    A listing page is barren when it links to no article not seen before in this run. Pagination keeps bringing
    new articles; a calendar (next month, next month…) or a facet combination (?a=1&b=2&c=…) only brings more
    listings and the same articles.
    """

    max_variants: int = DEFAULTS.trap_variants  # settings.limits.trap_variants in a crawl
    max_barren: int = DEFAULTS.trap_barren
    templates: dict[str, _Template] = field(default_factory=lambda: defaultdict(_Template))
    trapped: set[str] = field(default_factory=set)

    def admit(self, url: str) -> bool:
        """Count a new listing URL; False when its template is (now) a trap."""
        key = template(url)
        t = self.templates[key]
        if t.variants >= self.max_variants or t.barren >= self.max_barren:
            self.trapped.add(key)
            return False
        t.variants += 1
        return True

    def fetched(self, url: str, new_articles: int) -> None:
        """Record what a fetched listing page brought."""
        if new_articles == 0:
            self.templates[template(url)].barren += 1
