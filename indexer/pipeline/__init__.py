"""The one indexing pipeline: dates -> signature -> grouping -> documents -> store (crawl, reprocess, reindex)."""

from indexer.pipeline.run import Pipeline, open_pipeline

__all__ = ["Pipeline", "open_pipeline"]
