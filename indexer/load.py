"""Load articles into a backend in batches, retrying failures and spooling what still fails to disk."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, nullcontext
from itertools import islice
from pathlib import Path
from typing import Protocol, runtime_checkable

from core.article import Article
from core.search import BackendUnavailable, IndexReport, SearchBackend
from indexer.spool import SPOOL_GLOB, SpoolWriter, claim, read

log = logging.getLogger(__name__)


@runtime_checkable
class BulkLoading(Protocol):
    """A backend with a loading session: upserts inside `bulk()` are durable when they return and searchable at
    the latest when the session ends (tantivy: one writer kept across commits; Elasticsearch: refresh off)."""

    def bulk(self) -> AbstractContextManager[None]: ...


def session(backend: SearchBackend) -> AbstractContextManager[None]:
    """The backend's loading session, or nothing for a backend without one."""
    return backend.bulk() if isinstance(backend, BulkLoading) else nullcontext()


def enter_session(stack: ExitStack, backend: SearchBackend) -> None:
    """Enter the backend's loading session on `stack`; when it cannot start now (the index is locked by another
    writer, the node is down, the index is refused) go on without one: each batch meets the fault again and is
    retried or spooled as usual."""
    try:
        stack.enter_context(session(backend))
    except Exception as exc:
        log.warning("no loading session (%s: %s): batch by batch", type(exc).__name__, exc)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


class _Loader:
    def __init__(self, backend: SearchBackend, spool: SpoolWriter, retries: int, backoff: float) -> None:
        self.backend, self.spool, self.retries, self.backoff = backend, spool, retries, backoff
        self.report = IndexReport()

    def batch(self, articles: list[Article]) -> None:
        """Upsert, retry what failed with exponential backoff, spool what still fails."""
        pending = {a.id: a for a in articles}
        reasons: dict[str, str] = {}
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                result = self.backend.upsert(list(pending.values()))
            except BackendUnavailable as exc:
                log.warning("backend unavailable (attempt %d/%d): %s", attempt + 1, self.retries + 1, exc)
                reasons = dict.fromkeys(pending, f"backend unavailable: {exc}")
                continue
            except Exception as exc:  # not transient (a bug, a refused schema): keep the batch, do not retry
                log.exception("upsert of %d articles failed", len(pending))
                reasons = dict.fromkeys(pending, f"{type(exc).__name__}: {exc}")
                break
            failed = {i: r for i, r in result.errors.items() if i in pending}
            self.report.indexed += len(pending) - len(failed)
            pending = {i: pending[i] for i in failed}
            reasons = failed
            if not pending:
                return
        for article_id, article in pending.items():
            self.spool.write(article)
            self.report.errors[article_id] = reasons.get(article_id, "failed")[:300]
        self.report.failed += len(pending)
        self.report.spooled += len(pending)
        log.error("%d articles spooled to %s", len(pending), self.spool.path)


def load(
    articles: Iterable[Article],
    backend: SearchBackend,
    *,
    spool_dir: Path,
    batch_size: int = 500,
    retries: int = 5,
    backoff: float = 0.5,
) -> IndexReport:
    """Index `articles`, first re-indexing what earlier runs spooled. Nothing is lost, nothing duplicated.

    Each batch is upserted by id; failed articles (BackendUnavailable, or per-document errors) are retried
    `retries` times, waiting backoff, 2*backoff, 4*backoff...; any other exception from the backend is not
    retried but does not lose the batch either. Articles that still fail are appended to this
    run's spool file (`spool_dir/spool-<UTC time>-<pid>.jsonl`) and counted in `spooled`. An earlier spool
    file is removed only after each of its articles was indexed or written (and synced) to this run's file;
    a file with unreadable lines is kept, renamed to `.bad`. Spool files are locked (flock) while a run writes
    or replays them, so concurrent loads (a crawl and a manual load) skip each other's files.
    The whole load runs in the backend's loading session (`BulkLoading.bulk`) when it has one and can open it.
    """
    spool_dir.mkdir(parents=True, exist_ok=True)
    earlier = sorted(spool_dir.glob(SPOOL_GLOB))
    spool = SpoolWriter(spool_dir)
    loader = _Loader(backend, spool, retries, backoff)
    try:
        with ExitStack() as stack:
            enter_session(stack, backend)
            for path in earlier:
                with claim(path) as fh:
                    if fh is None:
                        continue
                    spooled, clean = read(fh, path.name, loader.report)
                    log.info("re-indexing %d spooled articles from %s", len(spooled), path)
                    for batch in _batches(spooled, batch_size):
                        loader.batch(batch)
                    spool.sync()
                    if clean:
                        path.unlink()
                    else:
                        path.rename(path.with_suffix(".bad"))
            for batch in _batches(articles, batch_size):
                loader.batch(batch)
    finally:
        spool.close()
    return loader.report
