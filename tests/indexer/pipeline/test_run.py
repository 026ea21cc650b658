"""indexer.pipeline.Pipeline: the stages in order over a real backend; a store it cannot rebuild now starts empty."""

from __future__ import annotations

import time
from pathlib import Path

from indexer.backends.elasticsearch import ElasticsearchBackend
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.pipeline import Pipeline
from tests.indexer.neardup_corpus import article, republished, story
from tests.support.es_node import free_port


def test_every_stage_runs_before_the_backend_stores(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    pipeline = Pipeline(backend, tmp_path / "pipeline.sqlite3", tmp_path / "spool")
    first, copy = article("goc", story(2), day=1), article("ban", republished(story(2), 4), day=2, source="portal-b")
    report = pipeline.index([first, copy.model_copy(update={"minhash": "hong"})], batch_size=1)
    assert (report.indexed, report.failed) == (2, 0)
    stored = backend.get(copy.id)
    assert stored is not None
    assert stored.dup_group == first.id  # grouped across two batches
    assert len(stored.minhash) > 100  # the malformed signature was computed again
    pipeline.close()
    backend.close()


def test_a_store_next_to_an_index_it_cannot_read_starts_empty(tmp_path: Path) -> None:
    """A real refusal: nothing listens on the port (another host on loopback)."""
    backend = ElasticsearchBackend(f"http://127.0.0.2:{free_port()}", alias="nobody", timeout=2)
    started = time.monotonic()
    pipeline = Pipeline(backend, tmp_path / "pipeline.sqlite3", tmp_path / "spool")
    assert pipeline.store.fresh
    assert time.monotonic() - started < 30
    pipeline.close()
    backend.close()
