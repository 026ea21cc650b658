"""`govnews reindex`: rebuild the search index from the stored articles with zero downtime."""

from __future__ import annotations

from core.settings import Settings
from indexer.factory import get_backend


class ReindexUnsupported(RuntimeError):
    """The configured backend has no online reindex."""


def reindex(settings: Settings) -> str:
    """Rebuild the index behind the alias and swap it in atomically; return the new index's name.

    Elasticsearch: republishes the template (new mapping/analysis take effect), creates
    `<alias>-<timestamp>`, copies every stored article into it through the indexing pipeline's stages
    (indexer.pipeline: dates judged again, groups kept), swaps the alias in one update_aliases call and
    deletes the old index. Searches keep working throughout.
    """
    if settings.backend != "elasticsearch":
        raise ReindexUnsupported(
            f"reindex applies to the Elasticsearch backend (GOVNEWS_BACKEND=elasticsearch); the embedded "
            f"{settings.backend} index has no alias to swap: delete {settings.index_dir} and load again"
        )
    from indexer.backends.elasticsearch import ElasticsearchBackend
    from indexer.pipeline import open_pipeline

    backend = get_backend(settings)
    assert isinstance(backend, ElasticsearchBackend)
    try:
        backend.ensure_schema()
        pipeline = open_pipeline(settings, backend)
        try:
            return backend.reindex(pipeline.prepare)
        finally:
            pipeline.close()
    finally:
        backend.close()
