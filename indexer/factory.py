"""Pick the configured search backend (Elasticsearch is imported only when chosen)."""

from __future__ import annotations

from core.search import SearchBackend
from core.settings import Settings


def get_backend(settings: Settings) -> SearchBackend:
    """The backend `settings.backend` names: embedded tantivy in `settings.index_dir`, or Elasticsearch."""
    if settings.backend == "tantivy":
        from indexer.backends.tantivy_backend import TantivyBackend

        return TantivyBackend(settings.index_dir)
    if settings.backend == "elasticsearch":
        from indexer.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            url=settings.elasticsearch_url,
            alias=settings.es_alias,
            timeout=settings.es_timeout,
            shards=settings.es_shards,
            replicas=settings.es_replicas,
        )
    raise ValueError(f"unknown search backend {settings.backend!r} (expected 'tantivy' or 'elasticsearch')")
