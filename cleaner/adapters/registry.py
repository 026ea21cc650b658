"""Platform detection from cleaner/platforms.yaml fingerprints, and the platform -> adapter class table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from cleaner.adapters.base import Adapter
from cleaner.adapters.lacviet import LacVietAdapter
from cleaner.adapters.liferay import LiferayAdapter
from cleaner.adapters.others import AspNetAdapter, DotNetNukeAdapter, NukeVietAdapter, WordPressAdapter
from cleaner.adapters.sharepoint import SharePointTrangAdapter, TanDanAdapter

PLATFORMS_PATH = Path(__file__).resolve().parent.parent / "platforms.yaml"

DECISIVE_WINDOW = 400_000
SCORE_WINDOW = 60_000

ADAPTERS: dict[str, type[Adapter]] = {
    cls.platform: cls
    for cls in (LacVietAdapter, LiferayAdapter, SharePointTrangAdapter, TanDanAdapter, NukeVietAdapter,
                WordPressAdapter, DotNetNukeAdapter, AspNetAdapter)
}


@dataclass(frozen=True)
class Fingerprint:
    """URL regexes and markup markers of one platform."""

    name: str
    decisive: tuple[str, ...]
    url: tuple[re.Pattern[str], ...]
    markup: tuple[str, ...]
    strong: tuple[str, ...]
    strong_weight: int

    def score(self, html_text: str, url: str) -> int:
        """One point per matching URL regex and per markup marker present; more per family-only marker."""
        return (sum(1 for rx in self.url if rx.search(url)) + sum(1 for m in self.markup if m in html_text)
                + self.strong_weight * sum(1 for m in self.strong if m in html_text))


@lru_cache(maxsize=1)
def fingerprints(path: Path = PLATFORMS_PATH) -> tuple[int, tuple[Fingerprint, ...]]:
    """The minimum score and the fingerprints, in tie-break order."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    weight = int(data.get("strong_weight", 1))
    prints = tuple(
        Fingerprint(p["name"], tuple(p.get("decisive", [])), tuple(re.compile(rx) for rx in p.get("url", [])),
                    tuple(p.get("markup", [])),
                    tuple(p.get("strong", [])), weight)
        for p in data["platforms"]
    )
    return int(data["min_score"]), prints


def detect_platform(html_text: str | bytes, url: str) -> str:
    """The platform family (core.source.Platform value) by URL shape and markup; "generic" when unsure.

    The first decisive marker found (platforms.yaml order) settles it; they are looked for in the first
    DECISIVE_WINDOW characters (a Wayback toolbar can push a page's frame far down). Pages with none are scored on
    every marker in the first SCORE_WINDOW, where every family's head and page frame sit.
    """
    if isinstance(html_text, bytes):
        html_text = html_text[:DECISIVE_WINDOW].decode("utf-8", errors="replace")
    else:
        html_text = html_text[:DECISIVE_WINDOW]
    min_score, prints = fingerprints()
    for fp in prints:
        if any(m in html_text for m in fp.decisive):
            return fp.name
    head = html_text[:SCORE_WINDOW]
    best, best_score = "generic", min_score - 1
    for fp in prints:
        score = fp.score(head, url)
        if score > best_score:
            best, best_score = fp.name, score
    return best


def adapter_for(platform: str) -> type[Adapter] | None:
    """The adapter class for a platform, None for generic."""
    return ADAPTERS.get(platform)
