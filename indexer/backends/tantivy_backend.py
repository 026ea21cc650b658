"""Embedded SearchBackend on tantivy: one on-disk index, upserts by id, multi-select facets, highlights."""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy

from core.article import Article
from core.query import Unit, parse
from core.search import (
    BackendBroken,
    BackendUnavailable,
    CrossCounts,
    Hit,
    IndexReport,
    SearchQuery,
    SearchResult,
)
from indexer import collapse
from indexer import cursor as cursor_codec
from indexer.backends.tantivy_facets import (
    COUNTED,
    CROSSED,
    Counted,
    FacetCache,
    Facets,
    count_facets,
    cross_counts,
)
from indexer.backends.tantivy_files import drop_uncommitted_deletes
from indexer.backends.tantivy_query import combine, date_filter, facet_filters, text_query
from indexer.backends.tantivy_results import Page, collapsed, score, top
from indexer.backends.tantivy_schema import build_schema, register_analyzers, to_document
from indexer.backends.tantivy_text import compile_query
from indexer.highlight import query_units, to_hit
from indexer.neardup import oldest_first

log = logging.getLogger(__name__)
WRITER_HEAP = 256_000_000  # split between the writer threads; fewer, larger segments to merge
WRITER_THREADS = 2
FACET_CACHE = 512  # facet results kept per index generation (0: no cache)
CROSS_CACHE = 16  # cross-count tables kept per index generation (each up to units x months cells)
NO_SUCH_ID = "\x00"  # no article id (core.ids: hex digests); a delete of it takes an opstamp and matches nothing


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the hit after `offset` hits."""
    return cursor_codec.encode({"offset": offset})


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor; ValueError when it is not one of ours."""
    return cursor_codec.offset_field(cursor_codec.decode(cursor), "offset", cursor)


def _open_error(path: Path, exc: Exception) -> BackendUnavailable:
    """Why the index did not open: a lock another process holds (retry) or a directory or file that cannot be used
    as it is (read-only mount, no permission, damaged files: retrying will not help)."""
    text = str(exc)
    if (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)) or any(
        marker in text for marker in ("Read-only file system", "Permission denied")
    ):
        return BackendBroken(
            f"tantivy index at {path} is not writable ({text}); tantivy writes a lock file even to read, so serve "
            "it from a writable copy"
        )
    if isinstance(exc, ValueError) and "Lockfile" not in text:
        return BackendBroken(f"tantivy index at {path} is damaged: {text}")
    return BackendUnavailable(f"tantivy index at {path} cannot be opened: {text}")


def _burn_first_opstamp(writer: tantivy.IndexWriter) -> None:
    """Spend a fresh writer's first opstamp on a delete that matches nothing.

    tantivy 0.27 gives that operation the last commit's opstamp K; a merge of committed segments started before the
    writer's first commit (one a killed process left pending) has target K, skips operation K for a segment whose
    deletes are stamped K, and hands the merged segment a cursor past it: an upsert's first delete was lost and the
    old copy came back (docs/upstream/tantivy-deleted-doc-resurrected.md, tests/indexer/test_tantivy_first_delete.py).
    """
    writer.delete_documents_by_term("id", NO_SUCH_ID)


class IndexSchemaMismatch(RuntimeError):
    """The directory holds an index built with an older schema (not retryable: rebuild it)."""


class TantivyBackend:
    """SearchBackend on an embedded tantivy index in `path` (created on first use)."""

    def __init__(
        self,
        path: Path,
        *,
        writer_heap: int = WRITER_HEAP,
        writer_threads: int = WRITER_THREADS,
        facet_cache: int = FACET_CACHE,
    ) -> None:
        self.path = Path(path)
        self.schema = build_schema()
        self.writer_heap, self.writer_threads, self.facet_cache = writer_heap, writer_threads, facet_cache
        self._index: tantivy.Index | None = None
        self._lock = threading.Lock()
        self._writer: tantivy.IndexWriter | None = None  # held between bulk() enter and exit
        self._session_ids: list[str] = []  # upserted in the current bulk() session: checked when it ends
        self._written: set[str] = set()  # upserted through this handle: checked again when it is closed
        self._current: tuple[int, tantivy.Searcher] | None = None
        self._facet_results: FacetCache[Counted] = FacetCache(facet_cache, COUNTED)
        self._cross_results: FacetCache[CrossCounts] = FacetCache(CROSS_CACHE if facet_cache else 0, CROSSED)

    # -- plumbing -------------------------------------------------------------------------------------------

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            self.ensure_schema()
        assert self._index is not None
        return self._index

    def ensure_schema(self) -> None:
        """Create the index directory and index if missing, or open the existing one; idempotent."""
        if self._index is not None:
            return
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError as exc:
            if "schema does not match" in str(exc):
                raise IndexSchemaMismatch(
                    f"tantivy index at {self.path} was built with another schema: delete it and load again"
                ) from exc
            raise _open_error(self.path, exc) from exc
        except OSError as exc:
            raise _open_error(self.path, exc) from exc
        register_analyzers(index)
        self._index = index

    def _open_writer(self) -> tantivy.IndexWriter:
        """A writer (it holds the directory's writer lock), with what an unfinished commit left cleared away."""
        try:
            writer = self.index.writer(heap_size=self.writer_heap, num_threads=self.writer_threads)
        except (OSError, ValueError) as exc:
            raise BackendUnavailable(f"tantivy index at {self.path} is not writable now: {exc}") from exc
        drop_uncommitted_deletes(self.path)
        _burn_first_opstamp(writer)
        return writer

    def _write(self, work: Callable[[tantivy.IndexWriter], object]) -> None:
        """Run `work(writer)`, commit, refresh readers; outside bulk() with a fresh writer released afterwards.

        The writer is not kept between calls: another process (a load while the API serves) may take the lock
        in between. A lock held elsewhere or an unwritable directory is BackendUnavailable: the caller may retry.
        """
        with self._lock:
            writer = self._writer or self._open_writer()
            try:
                work(writer)
                writer.commit()
            except (OSError, ValueError) as exc:
                writer.rollback()  # a fresh writer again: its stamper restarts at the last commit's opstamp
                drop_uncommitted_deletes(self.path)  # the failed commit's own, which the retry would collide with
                _burn_first_opstamp(writer)
                raise BackendUnavailable(f"tantivy commit at {self.path} failed: {exc}") from exc
            finally:
                if writer is not self._writer:
                    writer.wait_merging_threads()
            self.index.reload()

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """One writer for many upserts (a load): each upsert still commits, so it is durable and searchable when
        it returns, but the writer's threads and heap are set up once and merges run in the background until
        the end, where they are waited for and the directory lock is released. Nested sessions join the
        outer one (a reprocess run holds one session around many loads)."""
        with self._lock:
            outer = self._writer is None
            if outer:
                self._writer = self._open_writer()
        if not outer:
            yield
            return
        try:
            yield
        finally:
            with self._lock:
                writer, self._writer = self._writer, None
                if writer is not None:
                    writer.wait_merging_threads()
                self.index.reload()
            ids, self._session_ids = self._session_ids, []
            self._check_stored_once(ids)  # after the session's merges, where a duplicate has been seen to appear

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Reads inside: tantivy's ValueError (a store block that does not decompress, a stored article that does
        not parse) means the index files are damaged, which a retry cannot fix. So does a Rust panic on a block
        index whose offsets are junk: pyo3 raises it as PanicException, a BaseException that would otherwise take
        the server's worker thread down with it."""
        try:
            yield
        except ValueError as exc:
            if "Aborting aggregation" in str(exc):  # a memory or bucket limit: a query too large, not damage
                raise RuntimeError(f"tantivy refused an aggregation: {exc}") from exc
            raise BackendBroken(f"tantivy index at {self.path} is damaged: {exc}") from exc
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            raise BackendBroken(f"tantivy index at {self.path} is damaged: {exc}") from exc

    def _generation(self) -> int:
        """Changes with every commit, by any process: tantivy rewrites meta.json (with a new opstamp) atomically
        on each commit. Reading it (a few kB) costs microseconds; a file's times could repeat within a tick."""
        try:
            return hash((self.path / "meta.json").read_bytes())
        except OSError:  # no index yet, or no directory: opening it says why (BackendUnavailable)
            return 0

    def _snapshot(self) -> tuple[int, tantivy.Searcher]:
        """(generation, searcher) on the latest commit by any handle or process; reused until the next commit.

        The generation is read before reloading, so the searcher is never older than its generation.
        """
        generation = self._generation()
        current = self._current
        if current is None or current[0] != generation:
            self.index.reload()
            current = (generation, self.index.searcher())
            self._current = current
        return current

    def _searcher(self) -> tantivy.Searcher:
        return self._snapshot()[1]

    def _ids_present(self, searcher: tantivy.Searcher, article_id: str) -> list[tantivy.DocAddress]:
        hits = searcher.search(tantivy.Query.term_query(self.schema, "id", article_id), limit=2).hits
        return [addr for _, addr in hits]

    # -- writes ---------------------------------------------------------------------------------------------

    def upsert(self, articles: Iterable[Article]) -> IndexReport:
        """Replace by id (delete the id's term, add the document) in one commit; visible when this returns."""
        report = IndexReport()
        latest: dict[str, Article] = {a.id: a for a in articles}  # last one wins within a batch
        docs: list[tuple[str, tantivy.Document]] = []
        for article_id, article in latest.items():
            try:
                docs.append((article_id, to_document(article)))
            except (ValueError, OverflowError) as exc:
                report.failed += 1
                report.errors[article_id] = f"{type(exc).__name__}: {exc}"[:300]
        if not docs:
            return report

        def work(writer: tantivy.IndexWriter) -> None:
            for article_id, doc in docs:
                writer.delete_documents_by_term("id", article_id)
                writer.add_document(doc)

        self._write(work)
        self._written.update(article_id for article_id, _ in docs)
        if self._writer is not None:  # in a session: checked when it ends, after its merges
            self._session_ids.extend(article_id for article_id, _ in docs)
        else:
            self._stored_once([article_id for article_id, _ in docs])
        report.indexed = len(docs)
        return report

    def _check_stored_once(self, ids: list[str]) -> None:
        """`_stored_once` where a failure must not hide what the caller was doing (a session's end, a close): a locked
        or damaged index is logged and the check waits for the next write."""
        try:
            self._stored_once(ids)
        except (BackendUnavailable, ValueError) as exc:
            log.warning("tantivy index at %s: the stored-once check failed: %s", self.path, exc)

    def _stored_once(self, ids: list[str]) -> list[str]:
        """After upserts and their merges, make sure each of `ids` is stored once; return the ids that were not.

        One count over the ids says whether any is stored twice (a few milliseconds for 10,000 ids); only then are
        they found, and each is written again once (delete by id, add its newest fetched copy) and logged as an
        error. The SIGKILL test's duplicate was tantivy 0.27 losing a fresh writer's first delete in a merge left
        pending by the kill (docs/upstream/tantivy-deleted-doc-resurrected.md); `_burn_first_opstamp` avoids it.
        The guard stays until a tantivy release with the fix is pinned.
        """
        if not ids:
            return []
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.term_set_query(self.schema, "id", ids), limit=1)
        if int(getattr(found, "count", 0) or 0) <= len(set(ids)):
            return []
        twice: dict[str, Article] = {}
        for article_id in dict.fromkeys(ids):
            hits = searcher.search(tantivy.Query.term_query(self.schema, "id", article_id), limit=10).hits
            if len(hits) > 1:
                copies = [self._article(searcher, addr) for _, addr in hits]
                twice[article_id] = max(copies, key=lambda a: a.fetched_at.timestamp() if a.fetched_at else 0.0)

        def rewrite(writer: tantivy.IndexWriter) -> None:
            for article_id, article in twice.items():
                writer.delete_documents_by_term("id", article_id)
                writer.add_document(to_document(article))

        self._write(rewrite)
        log.error("tantivy index at %s held %d upserted articles twice; written again once: %s",
                  self.path, len(twice), sorted(twice)[:20])  # fmt: skip
        return sorted(twice)

    def delete(self, ids: Iterable[str]) -> int:
        """Delete by id; return how many existed."""
        wanted = list(dict.fromkeys(ids))
        searcher = self._searcher()
        existing = [i for i in wanted if self._ids_present(searcher, i)]
        if existing:
            self._write(lambda w: [w.delete_documents_by_term("id", i) for i in existing])
        return len(existing)

    # -- reads ----------------------------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        """The stored article, exactly as upserted, or None."""
        with self._reading():
            searcher = self._searcher()
            found = self._ids_present(searcher, article_id)
            return self._article(searcher, found[0]) if found else None

    def _terms(self, field: str, values: list[str], limit: int) -> list[Article]:
        """Stored articles having any of `values` in the raw keyword `field` (at most `limit`)."""
        if not values:
            return []
        with self._reading():  # a group's other members may sit in a damaged block: BackendBroken, not ValueError
            searcher = self._searcher()
            query = tantivy.Query.term_set_query(self.schema, field, values)
            return [self._article(searcher, addr) for _, addr in searcher.search(query, limit=limit).hits]

    def group(self, group_id: str, limit: int = 100) -> list[Article]:
        """The articles of one near-duplicate group, oldest publication first (undated last), at most `limit`."""
        return oldest_first(self._terms("dup_group", [group_id], limit))

    def iter_articles(self, chunk: int = 10_000) -> Iterator[Article]:
        """Every stored article, `chunk` at a time from one searcher (to rebuild what is derived from the index)."""
        with self._reading():
            searcher = self._searcher()
            everything = tantivy.Query.all_query()
            for offset in range(0, int(searcher.num_docs), chunk):
                hits = searcher.search(everything, limit=chunk, offset=offset, count=False).hits
                yield from (self._article(searcher, addr) for _, addr in hits)

    def count(self) -> int:
        """Number of stored articles (deleted ones excluded)."""
        with self._reading():
            return int(self._searcher().num_docs)

    def _article(self, searcher: tantivy.Searcher, addr: tantivy.DocAddress) -> Article:
        return self._decode(searcher.doc(addr))

    def _decode(self, doc: tantivy.Document) -> Article:
        """The article stored in a document."""
        raw = doc.get_first("article")
        if not isinstance(raw, bytes):
            raise ValueError(f"tantivy index at {self.path}: a document without its stored article")
        return Article.model_validate_json(raw)

    def search(self, query: SearchQuery) -> SearchResult:
        """Text and filters; facets each counted without their own filter (multi-select); page or cursor."""
        started = time.perf_counter()
        # decoded outside _reading: a bad cursor is the caller's error, not a damaged index
        decode = collapse.decode_cursor if query.collapse else decode_cursor
        offset = decode(query.cursor) if query.cursor else (query.page - 1) * query.size
        parsed = parse(query.text, query.fold_all)
        scored = parsed.root is not None  # only exclusions, or no words: newest first, as for no query
        text = compile_query(self.schema, parsed, ranked=False)  # facets, counts and date order need no scores
        ranked = compile_query(self.schema, parsed) if scored and query.sort == "relevance" else text
        dates = date_filter(self.schema, query)
        filters = facet_filters(self.schema, query)
        main = combine([ranked, dates, *filters.values()])
        with self._reading():
            generation, searcher = self._snapshot()
            extra = {"rows": collapse.DISTINCT} if query.collapse else {}
            facets, raw = self._cached_facets(generation, searcher, query, text, dates, filters, extra)
            if query.collapse:
                matching = combine([text, dates, *filters.values()])
                page = Page(searcher, self.schema, main, matching, scored, query, self._decode)
                rows = collapsed(page, parsed, raw, offset)
                return rows.model_copy(update={"facets": facets, "took_ms": (time.perf_counter() - started) * 1000})
            total, found = top(searcher, main, query, offset, scored)
            keys = query_units(parsed) if query.highlight else ()
            hits = [self._hit(searcher, key, addr, keys, scored=scored) for key, addr in found]
        seen = offset + len(hits)
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets,
            next_cursor=encode_cursor(seen) if hits and seen < total else None,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _hit(
        self, searcher: tantivy.Searcher, key: Any, addr: tantivy.DocAddress, keys: tuple[Unit, ...], scored: bool
    ) -> Hit:
        return to_hit(self._article(searcher, addr), keys, score(key, scored))

    def _cached_facets(
        self,
        generation: int,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        text: tantivy.Query | None,
        dates: tantivy.Query | None,
        filters: dict[str, tantivy.Query],
        extra: dict[str, Any],
    ) -> tuple[Facets, dict[str, Any]]:
        """The query's facet counts and the `extra` aggregations' raw results (the distinct near-duplicate groups),
        counted in one request per filter set, or from the cache while the index generation is the same."""
        if not self.facet_cache or not (query.facets or extra):
            return count_facets(searcher, query, text, dates, filters, extra)
        key = FacetCache.key(query)  # the query's collapse flag is part of the key, so `extra` is too
        found = self._facet_results.get(generation, key)
        if found is None:
            found = count_facets(searcher, query, text, dates, filters, extra)
            self._facet_results.put(generation, key, found)
        return found

    def cross_counts(self, query: SearchQuery, rows: str, columns: str) -> CrossCounts:
        """Matches by `rows` x `columns` (two facets) in one nested terms aggregation under every filter; kept while
        the index generation is the same (every coverage table also counts all articles, the same table each time)."""
        text = text_query(self.schema, query.text, query.fold_all, ranked=False)  # counting: no scoring clauses
        scope = combine([text, date_filter(self.schema, query), *facet_filters(self.schema, query).values()])
        key = f"{rows}\t{columns}\t{FacetCache.key(query.model_copy(update={'facets': ()}))}"
        with self._reading():
            generation, searcher = self._snapshot()
            found = self._cross_results.get(generation, key) if self._cross_results.size else None
            if found is None:
                found = cross_counts(searcher, scope, rows, columns)
                self._cross_results.put(generation, key, found)
            return found

    def close(self) -> None:
        """Check once more that every id written through this handle is stored once (a later merge has brought an
        old copy back: `_stored_once`), then drop the index handle and searcher; the next call reopens them."""
        written, self._written = self._written, set()
        if self._writer is None:
            self._check_stored_once(sorted(written))
        self._index = None
        self._current = None
        self._facet_results.clear()
        self._cross_results.clear()
