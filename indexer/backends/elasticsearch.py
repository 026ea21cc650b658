"""Elasticsearch backend: template + timestamped indices behind an alias, bulk upserts, faceted search."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from elasticsearch import (
    ApiError,
    BadRequestError,
    ConnectionError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
)
from elasticsearch.helpers import parallel_bulk, scan, streaming_bulk

from core.article import Article
from core.facets import FACETS
from core.query import parse
from core.search import MAX_WINDOW, BackendUnavailable, CrossCounts, IndexReport, SearchQuery, SearchResult
from indexer import collapse
from indexer.backends.es_mapping import from_document, template_body, to_document
from indexer.backends.es_query import (
    build_request,
    cross_request,
    es_hit,
    field,
    parse_cross,
    parse_response,
)
from indexer.highlight import query_units
from indexer.neardup import oldest_first

T = TypeVar("T")
log = logging.getLogger(__name__)
DEFAULT_URL = "http://127.0.0.1:9200"
RETRYABLE_STATUS = {429, 502, 503, 504}
CHUNK = 1000  # documents per _bulk request (~3 MB of articles)
BULK_THREADS = 2  # _bulk requests in flight: the node indexes one while the client builds the next
DISTINCT_EXACT = 40_000  # the cardinality aggregation counts exactly up to about this many groups (its maximum)


class ElasticsearchBackend:
    """SearchBackend on Elasticsearch 8: readers and writers always use the alias, never an index name."""

    def __init__(
        self,
        url: str | None = None,
        alias: str = "govnews-articles",
        timeout: float = 30.0,
        *,
        shards: int = 1,
        replicas: int = 0,
        bulk_threads: int = BULK_THREADS,
    ) -> None:
        self.url = url or DEFAULT_URL  # the caller passes settings.elasticsearch_url; no environment read here
        self.alias = alias
        self.shards, self.replicas, self.bulk_threads = shards, replicas, bulk_threads
        self.client = Elasticsearch(self.url, request_timeout=timeout, max_retries=2, retry_on_timeout=True)
        self._schema_ready = False
        self._loading = False  # inside bulk(): refresh is off and upserts do not refresh

    # -- plumbing -------------------------------------------------------------------------------------------

    def _call(self, fn: Callable[[], T]) -> T:
        """Run one client call; an unreachable or overloaded cluster becomes BackendUnavailable."""
        try:
            return fn()
        except (ConnectionError, ConnectionTimeout) as exc:
            raise BackendUnavailable(f"Elasticsearch at {self.url} unreachable: {exc}") from exc
        except ApiError as exc:
            if exc.meta.status in RETRYABLE_STATUS:
                raise BackendUnavailable(f"Elasticsearch at {self.url} answered {exc.meta.status}") from exc
            raise

    def new_index_name(self) -> str:
        """`<alias>-<UTC timestamp to the microsecond>`, matched by the template's pattern."""
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def indices(self) -> list[str]:
        """Indices the alias points at (normally one)."""
        try:
            return sorted(self._call(lambda: self.client.indices.get_alias(name=self.alias)).body)
        except NotFoundError:
            return []

    # -- schema ---------------------------------------------------------------------------------------------

    def put_template(self) -> None:
        """Publish the composable template `<alias>-template` (run on every deploy; idempotent)."""
        facet_fields = [field(f.name) for f in FACETS]  # facet.<name> keywords: eager global ordinals
        body = template_body(self.alias, shards=self.shards, replicas=self.replicas, facet_fields=facet_fields)
        self._call(lambda: self.client.indices.put_index_template(name=f"{self.alias}-template", **body))

    def ensure_schema(self) -> None:
        """Publish the template, and create the first timestamped index behind the alias if there is none."""
        self.put_template()
        if not self.indices():
            name = self.new_index_name()
            try:
                self._call(lambda: self.client.indices.create(index=name, aliases={self.alias: {}}))
            except BadRequestError as exc:  # a create the client retried after a timeout: the first one made it
                if "resource_already_exists_exception" not in str(exc):
                    raise
            self._call(lambda: self.client.cluster.health(index=name, wait_for_status="yellow", timeout="30s"))
        self._schema_ready = True

    def _ready(self) -> None:
        """Writes go through the alias only once it exists: a bulk to a missing name would auto-create an index."""
        if not self._schema_ready:
            self.ensure_schema()

    # -- writes ---------------------------------------------------------------------------------------------

    def _bulk(self, index: str, actions: Iterable[dict[str, Any]], report: IndexReport) -> None:
        """Send `actions` in CHUNK-document _bulk requests, `bulk_threads` in flight; tally each document."""

        def run() -> None:
            if self.bulk_threads > 1:
                results = parallel_bulk(
                    self.client,
                    actions,
                    thread_count=self.bulk_threads,
                    chunk_size=CHUNK,
                    queue_size=self.bulk_threads,
                    raise_on_error=False,
                    raise_on_exception=True,
                    index=index,
                )
            else:
                results = streaming_bulk(
                    self.client,
                    actions,
                    index=index,
                    chunk_size=CHUNK,
                    max_retries=3,
                    raise_on_error=False,
                    raise_on_exception=True,
                )
            for ok, item in results:
                info = next(iter(item.values()))
                if ok:
                    report.indexed += 1
                else:  # a 429 here is retried by indexer.load with backoff
                    report.failed += 1
                    report.errors[str(info.get("_id"))] = _reason(info)

        self._call(run)

    def upsert(self, articles: Iterable[Article]) -> IndexReport:
        """Index by `_id` = article id (re-running a load replaces, never duplicates); refresh before returning,
        except inside bulk(), which refreshes once at its end."""
        self._ready()
        report = IndexReport()
        latest = list({a.id: a for a in articles}.values())  # last one wins within a batch
        actions = ({"_op_type": "index", "_id": a.id, "_source": to_document(a)} for a in latest)
        self._bulk(self.alias, actions, report)
        if not self._loading:
            self.refresh()
        return report

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """A loading session: refresh off (refresh_interval -1) on the alias's indices, upserts durable (translog)
        but not refreshed one by one; at the end the previous interval is restored and one refresh makes
        everything searchable. Nested sessions join the outer one."""
        if self._loading:
            yield
            return
        self._ready()
        names = ",".join(self.indices())
        got = self._call(lambda: self.client.indices.get_settings(index=names, name="index.refresh_interval"))
        before = {v["settings"].get("index", {}).get("refresh_interval") for v in got.body.values()}
        previous = next(iter(before)) if len(before) == 1 else None
        if previous == "-1":  # left behind by a session that died: back to the default
            previous = None
        self._call(lambda: self.client.indices.put_settings(index=names, settings={"index.refresh_interval": "-1"}))
        self._loading = True
        try:
            yield
        finally:
            self._loading = False
            try:
                self._call(
                    lambda: self.client.indices.put_settings(index=names, settings={"index.refresh_interval": previous})
                )
                self.refresh()
            except BackendUnavailable as exc:  # the node went away: the next session (or any upsert) makes up for it
                log.warning("could not end the loading session on %s: %s", names, exc)

    def refresh(self) -> None:
        self._call(lambda: self.client.indices.refresh(index=self.alias))

    def delete(self, ids: Iterable[str]) -> int:
        """Delete by id; return how many existed."""
        actions = [{"_op_type": "delete", "_id": i} for i in dict.fromkeys(ids)]
        if not actions:
            return 0
        self._ready()
        deleted = 0

        def run() -> None:
            nonlocal deleted
            for _ok, item in streaming_bulk(self.client, actions, index=self.alias, raise_on_error=False):
                deleted += item["delete"].get("result") == "deleted"

        self._call(run)
        self.refresh()
        return deleted

    # -- reads ----------------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Text, filters, multi-select facets (post_filter), highlights, page or search_after cursor."""
        if query.collapse:
            return self._collapsed(query)
        request = build_request(query)
        if not request.get("size"):  # facet or coverage counts only: the shard request cache may answer
            request["request_cache"] = True
        try:
            resp = self._call(lambda: self.client.search(index=self.alias, **request))
        except NotFoundError:  # nothing loaded yet
            return SearchResult(total=0, hits=[], facets={name: [] for name in query.facets})
        except BadRequestError as exc:  # search_after values of the wrong type for this sort: not our cursor
            if query.cursor:
                raise ValueError(f"invalid cursor: {query.cursor!r}") from exc
            raise
        return parse_response(query, resp.body, query.facets)

    def cross_counts(self, query: SearchQuery, rows: str, columns: str) -> CrossCounts:
        """Matches by facet `rows` x facet `columns`: one search with a nested terms aggregation."""
        request = cross_request(query, rows, columns)
        try:
            resp = self._call(lambda: self.client.search(index=self.alias, **request))
        except NotFoundError:  # nothing loaded yet
            return CrossCounts(total=0)
        return parse_cross(resp.body)

    def _collapsed(self, query: SearchQuery) -> SearchResult:
        """One row per near-duplicate group (indexer.collapse): facets, totals, the distinct groups and the walk's
        first read in one request, the ordered matches walked with from/size (as far as the result window
        allows), then the groups counted in a second request as collapse says."""
        started = time.perf_counter()
        skip = collapse.decode_cursor(query.cursor) if query.cursor else (query.page - 1) * query.size
        first = min(collapse.first_limit(skip, query.size), MAX_WINDOW) if query.size else 0
        head = query.model_copy(update={"size": first, "page": 1, "cursor": None})
        request = build_request(head)  # the walk's first read comes with the counts: one request for page 1
        scope = request.get("post_filter", {"match_all": {}})  # aggregations ignore the post_filter
        distinct = {"cardinality": {**collapse.DISTINCT["cardinality"], "precision_threshold": DISTINCT_EXACT}}
        request["aggs"]["dup_groups"] = {"filter": scope, "aggs": {"rows": distinct}}
        try:
            resp = self._call(lambda: self.client.search(index=self.alias, **request)).body
        except NotFoundError:
            return SearchResult(total=0, total_articles=0, hits=[], facets={name: [] for name in query.facets})
        head_hits: list[dict[str, Any]] = list(resp["hits"]["hits"])
        summary = parse_response(head, {**resp, "hits": {**resp["hits"], "hits": []}}, query.facets)
        keys = query_units(parse(query.text, query.fold_all)) if query.highlight else ()
        chunk = query.model_copy(update={"page": 1, "cursor": None, "facets": ()})

        def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
            if offset == 0 and limit == first:
                return head_hits
            page = build_request(chunk)
            page["from_"], page["size"], page["track_total_hits"] = offset, limit, False
            return list(self._call(lambda: self.client.search(index=self.alias, **page)).body["hits"]["hits"])

        def group_of(raw: dict[str, Any]) -> str:
            return str(raw["_source"].get("dup_group") or raw["_source"]["id"])

        walk = collapse.Walk(fetch, group_of, skip, query.size, max_offset=MAX_WINDOW)
        exact = summary.total <= collapse.EXACT_MATCHES
        counts = self._group_counts(request, scope, None if exact else walk.groups)
        if exact:
            rows = collapse.exact_rows(counts, summary.total)
        else:
            rows = collapse.distinct(resp["aggregations"]["dup_groups"]["rows"])
        rows, estimated, cursor = collapse.paging(walk, rows, not exact)
        return SearchResult(
            total=rows, total_estimated=estimated, total_articles=summary.total,
            hits=walk.hits(lambda raw: es_hit(raw, keys), counts), facets=summary.facets, next_cursor=cursor,
            took_ms=(time.perf_counter() - started) * 1000,
        )  # fmt: skip

    def _group_counts(self, request: dict[str, Any], scope: dict[str, Any], groups: list[str] | None) -> dict[str, int]:
        """Matching articles per group with two or more, under the search's query and filters: of every group
        (`groups` None: a result set small enough to count them all), or of the shown rows' `groups` only."""
        if groups is not None and not groups:
            return {}
        filters = [scope] if groups is None else [scope, {"terms": {collapse.FIELD: groups}}]
        terms = collapse.EXACT_TERMS if groups is None else collapse.shown_terms(groups)
        body: dict[str, Any] = {"query": {"bool": {"must": [request["query"]], "filter": filters}}, "size": 0,
                "track_total_hits": False, "aggs": {"g": terms}, "request_cache": True}  # fmt: skip
        resp = self._call(lambda: self.client.search(index=self.alias, **body)).body
        return collapse.group_counts(resp["aggregations"]["g"]["buckets"])

    def get(self, article_id: str) -> Article | None:
        try:
            resp = self._call(lambda: self.client.get(index=self.alias, id=article_id))
        except NotFoundError:
            return None
        return from_document(resp["_source"])

    def _terms(self, field: str, values: list[str], limit: int) -> list[Article]:
        """Stored articles having any of `values` in the keyword `field` (at most `limit`)."""
        if not values:
            return []
        try:
            resp = self._call(
                lambda: self.client.search(index=self.alias, query={"terms": {field: values}}, size=limit)
            )
        except NotFoundError:
            return []
        return [from_document(h["_source"]) for h in resp["hits"]["hits"]]

    def group(self, group_id: str, limit: int = 100) -> list[Article]:
        """The articles of one near-duplicate group, oldest publication first (undated last), at most `limit`."""
        return oldest_first(self._terms("dup_group", [group_id], limit))

    def count(self) -> int:
        try:
            return int(self._call(lambda: self.client.count(index=self.alias))["count"])
        except NotFoundError:
            return 0

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article (scroll over the alias)."""
        for raw in scan(self.client, index=self.alias, query={"query": {"match_all": {}}}, size=CHUNK):
            yield from_document(raw["_source"])

    # -- lifecycle ------------------------------------------------------------------------------------------

    def reindex(self, prepare: Callable[[list[Article]], list[Article]] | None = None) -> str:
        """Build a new index from the stored articles, then swap the alias in one atomic update_aliases call.

        The template is republished first, so mapping and analysis changes take effect; documents are rebuilt
        from the stored articles with the current code. Searches keep hitting the old index until the swap.
        Writes made while the copy runs land in the old index and are lost with it: pause loads meanwhile.
        The copy is written without replicas and without refreshes (the fastest bulk load); then the template's
        replica count and refresh interval are restored and, on a cluster, the swap waits until every replica
        is allocated (green), so the new index is as redundant as the old one the moment it takes the alias.
        """
        self.put_template()
        old = self.indices()
        new = self.new_index_name()
        loading = {"index.number_of_replicas": 0, "index.refresh_interval": "-1"}
        self._call(lambda: self.client.indices.create(index=new, settings=loading))
        self._call(lambda: self.client.cluster.health(index=new, wait_for_status="yellow", timeout="30s"))
        if old:
            report = IndexReport()
            actions = ({"_id": a.id, "_source": to_document(a)} for a in _through(self.iter_articles(), prepare))
            self._bulk(new, actions, report)
            if report.failed:
                self._call(lambda: self.client.indices.delete(index=new))
                raise RuntimeError(f"reindex into {new} failed for {report.failed} articles: {report.errors}")
        serving = {"index.number_of_replicas": self.replicas, "index.refresh_interval": None}
        self._call(lambda: self.client.indices.put_settings(index=new, settings=serving))
        self._call(lambda: self.client.indices.refresh(index=new))
        if self.replicas:
            health = self._call(lambda: self.client.cluster.health(index=new, wait_for_status="green", timeout="10m"))
            if health.get("timed_out"):
                self._call(lambda: self.client.indices.delete(index=new))
                raise RuntimeError(f"reindex: the replicas of {new} were not allocated within 10 minutes")
        swap: list[dict[str, Any]] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        swap.append({"add": {"index": new, "alias": self.alias}})
        self._call(lambda: self.client.indices.update_aliases(actions=swap))
        if old:
            self._call(lambda: self.client.indices.delete(index=",".join(old)))
        return new

    def drop(self) -> None:
        """Delete this alias's indices and template (tests and benchmarks)."""
        names = self._call(lambda: self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="all")).body
        if names:
            self._call(lambda: self.client.indices.delete(index=",".join(names)))
        self._call(
            lambda: self.client.options(ignore_status=404).indices.delete_index_template(name=f"{self.alias}-template")
        )

    def close(self) -> None:
        self.client.close()


def _through(
    articles: Iterator[Article], prepare: Callable[[list[Article]], list[Article]] | None
) -> Iterator[Article]:
    """The articles, passed CHUNK at a time through `prepare` (the indexing pipeline's stages) when given."""
    if prepare is None:
        yield from articles
        return
    while chunk := list(islice(articles, CHUNK)):
        yield from prepare(chunk)


def _reason(info: dict[str, Any]) -> str:
    """The node's reason for rejecting one document, cut to 300 characters (reasons can quote the value)."""
    error = info.get("error")
    reason = (
        f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(error or info.get("status"))
    )
    return reason if len(reason) <= 300 else reason[:299] + "…"
