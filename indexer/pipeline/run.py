"""Pipeline: the named stages in order, from a cleaned Article to a stored, searchable document.

    dates (indexer.pipeline.dates)       per-host build stamps, judged over the host's whole history
    signature (indexer.pipeline.signature)   the body's MinHash, reused from extraction when valid
    grouping (indexer.pipeline.grouping)     same-story group from the pipeline store's band keys
    documents (indexer.pipeline.documents)   what a backend stores
    store (indexer.load)                 upsert with retries; what still fails is spooled

The first three run in one transaction of the pipeline store per batch. Built once at the entry point
(`open_pipeline(settings)`) and passed down; crawl, reprocess and reindex call it, nothing else groups or dates.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Protocol, runtime_checkable

from core.article import Article
from core.search import BackendUnavailable, IndexReport, SearchBackend
from core.settings import Settings
from indexer.load import load
from indexer.pipeline.dates import date_batch
from indexer.pipeline.documents import document
from indexer.pipeline.grouping import group, rebuild
from indexer.pipeline.signature import sign
from indexer.pipeline.store import PipelineStore

log = logging.getLogger(__name__)
BATCH = 500  # articles per stage transaction and per upsert unless the caller says otherwise


@runtime_checkable
class Scannable(Protocol):
    """A backend that can read back every stored article (to rebuild a lost pipeline store)."""

    def iter_articles(self) -> Iterator[Article]: ...


class Pipeline:
    """The stages over one backend, one pipeline store and one spool directory."""

    def __init__(self, backend: SearchBackend, store_path: Path, spool_dir: Path, *, batch_size: int = BATCH) -> None:
        self.backend, self.spool_dir, self.batch_size = backend, spool_dir, batch_size
        self.store = PipelineStore(store_path)
        self._pending: dict[str, Article] = {}  # the batch handed to the store stage while the next is prepared
        if self.store.fresh:
            self._rebuild()

    def _rebuild(self) -> None:
        """A new store next to an index that has articles: refill the grouping tables from the index. An index
        that cannot be read now (a node down, a lock) leaves the store empty: grouping starts from this run."""
        if not isinstance(self.backend, Scannable):
            return
        try:
            if not self.backend.count():
                return
            with self.store.batch() as db:
                n = rebuild(db, self.backend.iter_articles())
        except BackendUnavailable as exc:
            log.warning("pipeline store %s not rebuilt: the index cannot be read (%s)", self.store.path, exc)
            return
        log.warning("pipeline store %s rebuilt from %d stored articles", self.store.path, n)

    def _stored(self, ids: list[str]) -> list[Article]:
        """Articles as stored, or as prepared for the store stage and maybe not stored yet (`_pending`)."""
        return [a for i in ids if (a := self._pending.get(i) or self.backend.get(i)) is not None]

    def prepare(self, articles: Iterable[Article]) -> list[Article]:
        """Dates, signature, grouping (one store transaction) and documents for one batch."""
        batch = list({a.id: a for a in articles}.values())
        if not batch:
            return []
        with self.store.batch() as db:
            dated = date_batch(db, batch, self._stored)
            grouped = group(db, sign(dated.articles + dated.earlier))
        return [document(a) for a in grouped]

    def _prepared(self, articles: Iterable[Article], size: int) -> Iterator[Article]:
        """Prepared batches, the next one prepared on a thread while the store stage writes this one (a tantivy
        commit releases the GIL). Articles of the batch being stored are read from `_pending`, not the index."""
        it = iter(articles)
        with ThreadPoolExecutor(1, thread_name_prefix="govnews-pipeline") as ahead:
            job = ahead.submit(self.prepare, list(islice(it, size)))
            try:
                while batch := job.result():
                    self._pending = {a.id: a for a in batch}
                    job = ahead.submit(self.prepare, list(islice(it, size)))
                    yield from batch
            finally:
                self._pending = {}

    def index(self, articles: Iterable[Article], *, batch_size: int | None = None) -> IndexReport:
        """Run every stage over `articles` in batches and store them (indexer.load: retries, spool, session)."""
        size = batch_size or self.batch_size
        return load(self._prepared(articles, size), self.backend, spool_dir=self.spool_dir, batch_size=size)

    def close(self) -> None:
        """Close the store (the backend is the caller's)."""
        self.store.close()


def open_pipeline(settings: Settings, backend: SearchBackend | None = None) -> Pipeline:
    """The pipeline for these settings: the configured backend (or `backend`), the data directory's store."""
    if backend is None:
        from indexer.factory import get_backend

        backend = get_backend(settings)
    return Pipeline(backend, settings.pipeline_store_path, settings.spool_dir)
