"""Load articles into a backend in batches, retrying failures and spooling what still fails to disk."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from core.article import Article
from core.search import BackendUnavailable, IndexReport, SearchBackend

log = logging.getLogger(__name__)
SPOOL_GLOB = "spool-*.jsonl"


class _Spool:
    """This run's spool file, created on the first article written to it."""

    def __init__(self, spool_dir: Path) -> None:
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        self.path = spool_dir / f"spool-{stamp}-{os.getpid()}.jsonl"
        self._fh: IO[str] | None = None

    def write(self, article: Article) -> None:
        if self._fh is None:
            self._fh = self.path.open("a", encoding="utf-8")
        self._fh.write(article.model_dump_json() + "\n")

    def sync(self) -> None:
        """Flush to disk: called before an earlier spool file is removed."""
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self.sync()
            self._fh.close()
            self._fh = None


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def _read_spool(path: Path, report: IndexReport) -> tuple[list[Article], bool]:
    """Articles in an earlier spool file; False when some line could not be read back."""
    out: list[Article] = []
    clean = True
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(Article.model_validate_json(line))
        except ValidationError as exc:
            clean = False
            report.errors[f"{path.name}:{n}"] = f"unreadable spool line: {exc.error_count()} errors"
    return out, clean


class _Loader:
    def __init__(self, backend: SearchBackend, spool: _Spool, retries: int, backoff: float) -> None:
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
    a file with unreadable lines is kept, renamed to `.bad`.
    """
    spool_dir.mkdir(parents=True, exist_ok=True)
    earlier = sorted(spool_dir.glob(SPOOL_GLOB))
    spool = _Spool(spool_dir)
    loader = _Loader(backend, spool, retries, backoff)
    try:
        for path in earlier:
            spooled, clean = _read_spool(path, loader.report)
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
