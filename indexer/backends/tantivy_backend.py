"""Embedded SearchBackend on tantivy: one on-disk index, upserts by id, multi-select facets, highlights."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy

from core.article import Article
from core.labels import facet_label
from core.search import BackendUnavailable, FacetBucket, Hit, IndexReport, SearchQuery, SearchResult
from indexer.backends.tantivy_query import combine, date_filter, facet_filters, text_query
from indexer.backends.tantivy_schema import FACET_FIELDS, build_schema, register_analyzers, to_document
from indexer.highlight import query_keys, to_hit

WRITER_HEAP = 256_000_000  # split between the writer threads; fewer, larger segments to merge
WRITER_THREADS = 2
FACET_CACHE = 512  # facet results kept per index generation (0: no cache)
MONTHS_MAX = 1200  # the month facet lists every month (a century), newest first


def _buckets(query: SearchQuery, name: str, raw: list[dict[str, Any]]) -> list[FacetBucket]:
    """Buckets by count then value (months: newest first), labelled, selected when an active filter."""
    pairs = [(str(b["key"]), int(b["doc_count"])) for b in raw]
    if name == "month":
        pairs.sort(key=lambda p: p[0], reverse=True)
    else:
        pairs.sort(key=lambda p: (-p[1], p[0]))
    attr = FACET_FIELDS[name][0]
    selected = set(getattr(query, attr)) if attr else set()
    return [FacetBucket(value=v, label=facet_label(name, v), count=c, selected=v in selected) for v, c in pairs]


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the hit after `offset` hits."""
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor; ValueError when it is not one of ours."""
    try:
        return max(0, int(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["offset"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"invalid cursor: {cursor!r}") from exc


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
        self._current: tuple[int, tantivy.Searcher] | None = None
        self._cache_lock = threading.Lock()
        self._facets_generation: int | None = None
        self._facets_seen: OrderedDict[str, dict[str, list[FacetBucket]]] = OrderedDict()

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
            raise BackendUnavailable(f"tantivy index at {self.path} cannot be opened: {exc}") from exc
        except OSError as exc:
            raise BackendUnavailable(f"tantivy index at {self.path} cannot be opened: {exc}") from exc
        register_analyzers(index)
        self._index = index

    def _open_writer(self) -> tantivy.IndexWriter:
        try:
            return self.index.writer(heap_size=self.writer_heap, num_threads=self.writer_threads)
        except (OSError, ValueError) as exc:
            raise BackendUnavailable(f"tantivy index at {self.path} is not writable now: {exc}") from exc

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
                writer.rollback()
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
        report.indexed = len(docs)
        return report

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
        searcher = self._searcher()
        found = self._ids_present(searcher, article_id)
        return self._article(searcher, found[0]) if found else None

    def count(self) -> int:
        """Number of stored articles (deleted ones excluded)."""
        return int(self._searcher().num_docs)

    def _article(self, searcher: tantivy.Searcher, addr: tantivy.DocAddress) -> Article:
        raw = searcher.doc(addr).get_first("article")
        if not isinstance(raw, bytes):
            raise ValueError(f"tantivy index at {self.path}: a document without its stored article")
        return Article.model_validate_json(raw)

    def search(self, query: SearchQuery) -> SearchResult:
        """Text and filters; facets each counted without their own filter (multi-select); page or cursor."""
        started = time.perf_counter()
        generation, searcher = self._snapshot()
        text = text_query(self.schema, query.text)
        dates = date_filter(self.schema, query)
        filters = facet_filters(self.schema, query)
        main = combine([text, dates, *filters.values()])
        offset = decode_cursor(query.cursor) if query.cursor else (query.page - 1) * query.size
        total, found = self._top(searcher, main, query, offset, scored=text is not None)
        keys = set(query_keys(query.text))
        hits = [self._hit(searcher, key, addr, keys, scored=text is not None) for key, addr in found]
        seen = offset + len(hits)
        facets = self._cached_facets(generation, searcher, query, text, dates, filters)
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets,
            next_cursor=encode_cursor(seen) if hits and seen < total else None,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _top(
        self, searcher: tantivy.Searcher, main: tantivy.Query, query: SearchQuery, offset: int, scored: bool
    ) -> tuple[int, list[tuple[Any, tantivy.DocAddress]]]:
        """Total matches and the page's (sort key, address) pairs; relevance order only for a text query."""
        limit = max(query.size, 1)
        past_end = offset >= searcher.num_docs  # tantivy allocates offset+limit slots: a huge page would abort
        if past_end:
            offset, limit = 0, 1
        if query.sort == "oldest":
            found = searcher.search(main, limit, offset=offset, order_by_field="ts_asc", order=tantivy.Order.Asc)
        elif query.sort == "newest" or not scored:
            found = searcher.search(main, limit, offset=offset, order_by_field="ts_desc", order=tantivy.Order.Desc)
        else:
            found = searcher.search(main, limit, offset=offset)
        total = int(getattr(found, "count", 0) or 0)
        return total, [] if past_end else list(found.hits)[: query.size]

    def _hit(self, searcher: tantivy.Searcher, key: Any, addr: tantivy.DocAddress, keys: set[str], scored: bool) -> Hit:
        score = float(key) if scored and isinstance(key, float) else 0.0
        return to_hit(self._article(searcher, addr), keys, score)

    def _cached_facets(
        self,
        generation: int,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        text: tantivy.Query | None,
        dates: tantivy.Query | None,
        filters: dict[str, tantivy.Query],
    ) -> dict[str, list[FacetBucket]]:
        """Facet counts depend only on the index generation and the query's text, dates, filters and facets (not
        on page, size, cursor or order): repeated and paged queries reuse them until the next commit."""
        if not self.facet_cache or not query.facets:
            return self._facets(searcher, query, text, dates, filters)
        key = query.model_dump_json(exclude={"page", "size", "cursor", "sort"})
        with self._cache_lock:
            if self._facets_generation != generation:  # a commit: every cached count may have changed
                self._facets_seen.clear()
                self._facets_generation = generation
            found = self._facets_seen.get(key)
            if found is not None:
                self._facets_seen.move_to_end(key)
                return found
        found = self._facets(searcher, query, text, dates, filters)
        with self._cache_lock:
            if self._facets_generation == generation:
                self._facets_seen[key] = found
                while len(self._facets_seen) > self.facet_cache:
                    self._facets_seen.popitem(last=False)
        return found

    def _facets(
        self,
        searcher: tantivy.Searcher,
        query: SearchQuery,
        text: tantivy.Query | None,
        dates: tantivy.Query | None,
        filters: dict[str, tantivy.Query],
    ) -> dict[str, list[FacetBucket]]:
        """Each facet counted under every filter except its own: facets without a filter of their own share one
        aggregation run; each facet with an active filter gets its own."""
        groups: dict[str, list[str]] = {}
        for wanted in dict.fromkeys(query.facets):
            groups.setdefault(wanted if wanted in filters else "", []).append(wanted)
        out: dict[str, list[FacetBucket]] = {}
        for own, names in groups.items():
            scope = combine([text, dates, *(q for other, q in filters.items() if other != own)])
            aggs: dict[str, Any] = {}
            for name in names:
                size = MONTHS_MAX if name == "month" else query.facet_size
                field = FACET_FIELDS[name][1]
                aggs[name] = {"terms": {"field": field, "size": size, "segment_size": max(size * 10, 1000)}}
            raw = searcher.aggregate(scope, aggs)
            for name in names:
                out[name] = _buckets(query, name, raw[name]["buckets"])
        return {name: out[name] for name in query.facets}

    def close(self) -> None:
        """Drop the index handle and searcher; the next call reopens them."""
        self._index = None
        self._current = None
        with self._cache_lock:
            self._facets_seen.clear()
            self._facets_generation = None
