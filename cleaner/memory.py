"""Site profile: paragraphs repeated across pages of one host are boilerplate (optional for extract)."""

from __future__ import annotations

from collections import Counter, defaultdict

from core.textfold import fold


class BoilerplateMemory:
    """Counts, per host, on how many fed pages each paragraph occurs; frequent ones are dropped by `filter`.

    Feed it several pages of one site (`learn(host, paragraphs)`); a paragraph seen on at least `min_pages` pages
    and on at least `min_share` of that host's pages counts as template text (footer lines, fixed notices).
    """

    def __init__(self, min_pages: int = 3, min_share: float = 0.5) -> None:
        self.min_pages = min_pages
        self.min_share = min_share
        self._pages: Counter[str] = Counter()
        self._seen: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def learn(self, host: str, paragraphs: list[str]) -> None:
        """Record one page's paragraphs for `host`."""
        self._pages[host] += 1
        self._seen[host].update({fold(p) for p in paragraphs if p.strip()})

    def is_repeated(self, host: str, paragraph: str) -> bool:
        """True when the paragraph is template text of this host."""
        pages = self._pages[host]
        count = self._seen[host][fold(paragraph)]
        return pages > 0 and count >= self.min_pages and count >= self.min_share * pages

    def filter(self, host: str, paragraphs: list[str]) -> list[str]:
        """The paragraphs that are not template text of this host."""
        return [p for p in paragraphs if not self.is_repeated(host, p)]
