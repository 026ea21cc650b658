"""Elasticsearch at scale: a raw `_bulk` baseline, the govnews load path, queries, API, incremental update."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks.scale_corpus import read_articles, read_lines
from benchmarks.scale_measure import (
    Figures,
    Latency,
    api_query_latency,
    backend_latency,
    cpu_s,
    incremental,
    peak_rss_mb,
    serve,
)
from indexer.backends.elasticsearch import CHUNK, ElasticsearchBackend
from indexer.pipeline import Pipeline

BATCH = 10_000
BARE_MAX = 100_000  # the baseline sends the corpus's first articles, at most this many (time on a shared box)
HEAP = "1g"


def group_cpu_s(pgid: int | None) -> float:
    """CPU seconds of every process in a process group (the node's launcher and JVM); 0 for an external node."""
    if pgid is None:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def group_peak_rss_mb(pgid: int | None) -> float:
    """The largest peak resident memory in the group (the JVM)."""
    if pgid is None:
        return 0.0
    best = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            stat = (status.parent / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) != pgid:
                continue
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except (OSError, ValueError):
            continue
        best = max(best, int(fields.get("VmHWM", "0 kB").split()[0]))
    return best / 1024


@contextmanager
def node() -> Iterator[tuple[str, int | None]]:
    """(url, process group of the node or None): ELASTICSEARCH_URL, or a real node started for the run."""
    if os.environ.get("ELASTICSEARCH_URL"):
        yield os.environ["ELASTICSEARCH_URL"], None
        return
    from tests.support.es_node import EsNode

    es = EsNode(heap=HEAP)
    es.start()
    try:
        assert es.proc is not None
        yield es.url, es.proc.pid
    finally:
        es.remove()


def _rates(size: int, started: float, cpu: float, pgid: int | None, node_cpu: float) -> tuple[float, float]:
    """(docs per wall second, docs per CPU second of this process plus the node)."""
    used = (cpu_s() - cpu) + (group_cpu_s(pgid) - node_cpu)
    return size / (time.perf_counter() - started), size / max(used, 1e-9)


def bare_bulk(url: str, corpus: Path, size: int, pgid: int | None) -> tuple[float, float]:
    """Raw `_bulk` of the corpus lines (the stored articles as they are) into an index of the same template, one
    request of CHUNK documents at a time, refresh off until the end: what the node does without govnews."""
    backend = ElasticsearchBackend(url, alias="bench-bare", timeout=300)
    backend.drop()
    backend.ensure_schema()
    name = backend.indices()[0]
    client = backend.client
    client.indices.put_settings(index=name, settings={"index.refresh_interval": "-1"})
    started, cpu, node_cpu = time.perf_counter(), cpu_s(), group_cpu_s(pgid)
    lines = read_lines(corpus, size)
    while chunk := list(islice(lines, CHUNK)):
        body = "".join(f'{{"index":{{"_id":"{line[7 : line.index(chr(34), 7)]}"}}}}\n{line}' for line in chunk)
        resp = client.bulk(operations=body, index=name)  # type: ignore[arg-type]  # NDJSON text is sent as is
        if resp["errors"]:
            raise RuntimeError(f"bare _bulk rejected documents: {resp['items'][:2]}")
    client.indices.put_settings(index=name, settings={"index.refresh_interval": None})
    client.indices.refresh(index=name)
    rates = _rates(size, started, cpu, pgid, node_cpu)
    if backend.count() != size:
        raise RuntimeError(f"bare _bulk stored {backend.count()} of {size}")
    backend.drop()
    backend.close()
    return rates


def run(corpus: Path, size: int, params: list[dict[str, Any]], directives: list[str], port: int,
        profile: int, log: Callable[[str], None]) -> Figures:  # fmt: skip
    del profile  # the client side is profiled by the tantivy run's load path; the node is Java
    fig = Figures("elasticsearch", size)
    with node() as (url, pgid), tempfile.TemporaryDirectory(prefix="govnews-scale-es-", dir=corpus.parent) as tmp:
        fig["bare_docs"] = bare = min(size, BARE_MAX)
        fig["bare_docs_per_s"], fig["bare_docs_per_cpu_s"] = bare_bulk(url, corpus, bare, pgid)
        log(f"  elasticsearch {size:,}: bare _bulk {fig.values['bare_docs_per_s']:,.0f} docs/s")
        alias = "bench-load"
        backend = ElasticsearchBackend(url, alias=alias, timeout=300)
        backend.drop()
        backend.ensure_schema()
        pipeline = Pipeline(backend, Path(tmp) / "pipeline.sqlite3", Path(tmp) / "spool")
        started, cpu, node_cpu = time.perf_counter(), cpu_s(), group_cpu_s(pgid)
        report = pipeline.index(read_articles(corpus, size), batch_size=BATCH)
        fig["docs_per_s"], fig["docs_per_cpu_s"] = _rates(size, started, cpu, pgid, node_cpu)
        if report.indexed != size or backend.count() != size:
            raise RuntimeError(f"loaded {report.indexed}, stored {backend.count()}, expected {size}")
        stats = backend.client.indices.stats(index=alias, metric="store")
        fig["index_mb"] = stats["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6
        fig["bench_peak_rss_mb"] = peak_rss_mb()
        log(f"  elasticsearch {size:,}: load {fig.values['docs_per_s']:,.0f} docs/s, {fig.values['index_mb']:,.0f} MB")
        backend_latency(backend, params[:20])
        fig["backend_search"] = backend_latency(backend, params)
        fig["backend_api_query"] = api_query_latency(backend, params)  # what /api/search asks of the backend
        fig["backend_count"] = Latency.of([_ms(lambda: backend.client.count(index=alias)) for _ in params])
        fig["backend_search_repeat"] = backend_latency(backend, params)
        env = {"GOVNEWS_BACKEND": "elasticsearch", "GOVNEWS_ELASTICSEARCH_URL": url, "GOVNEWS_ES_ALIAS": alias,
               "GOVNEWS_DATA_DIR": tmp}  # fmt: skip
        with serve(env, port) as server:
            from benchmarks.scale_measure import api_figures

            api_figures(server, params, directives, fig)
            log(f"  elasticsearch {size:,}: api search {fig.values['api_search']}")

            def over_http(p: dict[str, Any]) -> object:
                return server.client.get("/api/search", params=p).raise_for_status()

            probe = ElasticsearchBackend(url, alias=alias)
            took, during, n = incremental(corpus, pipeline, probe, over_http, params)
            probe.close()
            fig["update_s"], fig["api_search_during_update"], fig["queries_during_update"] = took, during, n
            fig["serve_rss_mb"], fig["serve_peak_rss_mb"] = server.rss_mb()
        fig["node_peak_rss_mb"] = group_peak_rss_mb(pgid)
        pipeline.close()
        backend.drop()
        backend.close()
    return fig


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000
