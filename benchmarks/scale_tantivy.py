"""Tantivy at scale: bare-engine indexing baseline, the govnews load path, queries, API, incremental update."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tantivy

from benchmarks.scale_corpus import read_articles, read_lines
from benchmarks.scale_measure import (
    Figures,
    Latency,
    api_query_latency,
    backend_latency,
    cpu_s,
    dir_mb,
    incremental,
    peak_rss_mb,
    serve,
)
from indexer.backends.tantivy_backend import WRITER_HEAP, WRITER_THREADS, TantivyBackend
from indexer.backends.tantivy_schema import build_schema, register_analyzers, text_field
from indexer.pipeline import Pipeline
from indexer.ranking import ABSENT
from indexer.ranking import FIELDS as RANKED

BATCH = 10_000  # articles per upsert (one commit each) in the load path
BARE_MAX = 100_000  # the baseline indexes the corpus's first articles, at most this many (time on a shared box)


def bare_rate(corpus: Path, size: int, path: Path) -> tuple[float, float]:
    """(docs per wall second, per CPU second) of tantivy alone: the same schema and text, JSON parsed by the stdlib,
    one commit at the end."""
    path.mkdir(parents=True)
    index = tantivy.Index(build_schema(), path=str(path))
    register_analyzers(index)
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
    started, cpu = time.perf_counter(), cpu_s()
    for line in read_lines(corpus, size):
        d = json.loads(line)
        doc = tantivy.Document()
        doc.add_text("id", d["id"])
        for ranked in RANKED:  # indexer/ranking.py: each searched field folded and exact, ABSENT when empty
            text = d.get(ranked.name) or ABSENT
            doc.add_text(text_field(ranked.name, exact=False), text)
            doc.add_text(text_field(ranked.name, exact=True), text)
        doc.add_text("province", d["province"] or "")
        doc.add_text("source", d["source_id"] or "")
        for ref in d["directives"]:
            doc.add_text("directive", ref["key"])
        doc.add_text("month", (d["published"] or "")[:7])
        doc.add_bytes("article", line.encode())
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return size / (time.perf_counter() - started), size / (cpu_s() - cpu)


def load_rate(corpus: Path, size: int, pipeline: Pipeline) -> tuple[float, float]:
    """(docs per wall second, per CPU second) from JSON to searchable through the indexing pipeline (Article
    validation, dates, signature, same-story grouping in its store, documents, indexer.load: a commit per batch)."""
    backend = pipeline.backend
    started, cpu = time.perf_counter(), cpu_s()
    report = pipeline.index(read_articles(corpus, size), batch_size=BATCH)
    rate = size / (time.perf_counter() - started), size / (cpu_s() - cpu)
    if report.indexed != size or backend.count() != size:
        raise RuntimeError(f"loaded {report.indexed}, stored {backend.count()}, expected {size}")
    return rate


def profile_load(corpus: Path, size: int, workdir: Path) -> str:
    """The load path under cProfile on the first `size` articles (a fresh index): top functions by own time."""
    backend = TantivyBackend(workdir / "profile-index")
    pipeline = Pipeline(backend, workdir / "profile-pipeline.sqlite3", workdir / "profile-spool")
    prof = cProfile.Profile()
    prof.enable()
    pipeline.index(read_articles(corpus, size), batch_size=BATCH)
    prof.disable()
    pipeline.close()
    backend.close()
    shutil.rmtree(workdir / "profile-index", ignore_errors=True)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(14)
    return out.getvalue()


def run(corpus: Path, size: int, params: list[dict[str, Any]], directives: list[str], port: int,
        profile: int, log: Callable[[str], None]) -> Figures:  # fmt: skip
    fig = Figures("tantivy", size)
    work = Path(tempfile.mkdtemp(prefix="govnews-scale-", dir=corpus.parent))
    try:
        _measure(corpus, size, params, directives, port, profile, log, fig, work)
    except BaseException:
        log(f"  the run failed: its index and the server's log are kept in {work}")
        raise
    shutil.rmtree(work, ignore_errors=True)
    return fig


def _measure(corpus: Path, size: int, params: list[dict[str, Any]], directives: list[str], port: int,
             profile: int, log: Callable[[str], None], fig: Figures, work: Path) -> None:  # fmt: skip
    """Everything the run measures, into `fig`, working in `work`."""
    bare = min(size, BARE_MAX)
    fig["bare_docs"] = bare
    fig["bare_docs_per_s"], fig["bare_docs_per_cpu_s"] = bare_rate(corpus, bare, work / "bare")
    shutil.rmtree(work / "bare")
    log(f"  tantivy {size:,}: bare {fig.values['bare_docs_per_s']:,.0f} docs/s")
    backend = TantivyBackend(work / "data" / "index")
    pipeline = Pipeline(backend, work / "data" / "pipeline.sqlite3", work / "spool")
    fig["docs_per_s"], fig["docs_per_cpu_s"] = load_rate(corpus, size, pipeline)
    fig["index_mb"] = dir_mb(work / "data" / "index")
    fig["bench_peak_rss_mb"] = peak_rss_mb()
    log(f"  tantivy {size:,}: load {fig.values['docs_per_s']:,.0f} docs/s, {fig.values['index_mb']:,.0f} MB")
    reader = TantivyBackend(work / "data" / "index")
    backend_latency(reader, params[:20])
    fig["backend_search"] = backend_latency(reader, params)
    fig["backend_api_query"] = api_query_latency(reader, params)  # what /api/search asks of the backend
    everything = tantivy.Query.all_query()
    searcher = reader._searcher()
    count = lambda: searcher.search(everything, 1).count  # type: ignore[attr-defined]  # noqa: E731
    fig["backend_count"] = Latency.of([_ms(count) for _ in params])
    fig["backend_search_repeat"] = backend_latency(reader, params)  # the facet cache answers these
    with serve({"GOVNEWS_DATA_DIR": str(work / "data")}, port) as server:
        from benchmarks.scale_measure import api_figures

        api_figures(server, params, directives, fig)
        log(f"  tantivy {size:,}: api search {fig.values['api_search']}")

        def over_http(p: dict[str, Any]) -> object:
            return server.client.get("/api/search", params=p).raise_for_status()

        probe = TantivyBackend(backend.path)  # another handle, as the API process has
        took, during, n = incremental(corpus, pipeline, probe, over_http, params)
        probe.close()
        fig["update_s"], fig["api_search_during_update"], fig["queries_during_update"] = took, during, n
        fig["serve_rss_mb"], fig["serve_peak_rss_mb"] = server.rss_mb()
    reader.close()
    pipeline.close()
    backend.close()
    if profile:
        fig["profile"] = profile_load(corpus, min(profile, size), work)


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000
