"""The real tantivy backend, counting the calls a view makes (search, cross_counts, get)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from core.article import Article
from core.search import CrossCounts, SearchQuery, SearchResult
from indexer.backends.tantivy_backend import TantivyBackend


class CountingBackend(TantivyBackend):
    """TantivyBackend whose `calls` counts each search, cross_counts and get."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.calls: Counter[str] = Counter()

    def search(self, query: SearchQuery) -> SearchResult:
        self.calls["search"] += 1
        return super().search(query)

    def cross_counts(self, query: SearchQuery, rows: str, columns: str) -> CrossCounts:
        self.calls["cross_counts"] += 1
        return super().cross_counts(query, rows, columns)

    def get(self, article_id: str) -> Article | None:
        self.calls["get"] += 1
        return super().get(article_id)
