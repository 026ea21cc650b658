"""What the scale benchmark measures on a loaded index: queries in-process and through a real `govnews serve`.

Latency figures are percentiles over distinct queries (none repeated, so no cache answers them), each next to
a baseline measured on the same index in the same run.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.scale_corpus import read_articles
from core.article import Article
from core.search import SearchBackend, SearchQuery
from core.settings import Settings
from core.textfold import fold
from indexer.pipeline import Pipeline
from search_api.app import load_labels
from search_api.params import SearchParams
from search_api.resolve import resolve
from search_api.service import run_search

FACETS = ("province", "directive", "month")
UPDATES = 5_000  # a nightly crawl's new and changed articles
MARK = "benchrev"  # a word no generated article has: edited titles carry it


@dataclass
class Latency:
    """Milliseconds: p50, p95, p99 over `n` calls."""

    p50: float
    p95: float
    p99: float
    n: int

    @classmethod
    def of(cls, samples: list[float]) -> Latency:
        qs = statistics.quantiles(samples, n=100, method="inclusive")
        return cls(statistics.median(samples), qs[94], qs[98], len(samples))

    def __str__(self) -> str:
        return f"{self.p50:.1f} / {self.p95:.1f} / {self.p99:.1f}"


@dataclass
class Figures:
    """Everything one backend run produced, by name; values are numbers or Latency."""

    backend: str
    size: int
    values: dict[str, Any] = field(default_factory=dict)

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value


def query_params(
    words: list[str], provinces: list[str], directives: list[str], n: int, seed: int
) -> list[dict[str, Any]]:
    """`n` distinct faceted top-20 searches: one or two words (a third without diacritics), half with a filter."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(out) < n:
        text = " ".join(rng.sample(words, rng.choice([1, 2])))
        if len(out) % 3 == 0:
            text = fold(text)
        params: dict[str, Any] = {"q": text}
        if len(out) % 2:
            kind = rng.choice(["province", "directive", "provinces"])
            if kind == "province":
                params["province"] = [rng.choice(provinces)]
            elif kind == "directive":
                params["directive"] = [rng.choice(directives)]
            else:
                params["province"] = rng.sample(provinces, 3)
        key = repr(sorted(params.items()))
        if key not in seen:
            seen.add(key)
            out.append(params)
    return out


def to_query(params: dict[str, Any]) -> SearchQuery:
    return SearchQuery(
        text=params["q"],
        province=params.get("province", []),
        directive=params.get("directive", []),
        facets=FACETS,
        size=20,
    )


def timed(fn: Callable[[dict[str, Any]], object], arg: dict[str, Any]) -> float:
    """Milliseconds for fn(arg)."""
    started = time.perf_counter()
    fn(arg)
    return (time.perf_counter() - started) * 1000


def backend_latency(backend: SearchBackend, params: list[dict[str, Any]]) -> Latency:
    return Latency.of([timed(lambda p: backend.search(to_query(p)), p) for p in params])


def api_query_latency(backend: SearchBackend, params: list[dict[str, Any]]) -> Latency:
    """The backend alone on the queries GET /api/search runs for `params` (every facet of core/facets.py, one more
    value each, near-duplicates collapsed): the parameters resolved as the API resolves them, outside the timing,
    then only the search timed. The baseline of the API's own cost: HTTP, resolving, the JSON response.

    The labels are those `govnews serve` loads with default settings, as the benchmark's server runs. The first 20
    run once before, as `api_figures` warms the server with them (their facets then come from the facet cache in
    both measurements)."""
    labels = load_labels(Settings())
    queries = [resolve(SearchParams(**p), labels, backend, list(p)) for p in params]
    for resolved in queries[:20]:
        run_search(backend, resolved)
    samples = []
    for resolved in queries:
        started = time.perf_counter()
        run_search(backend, resolved)
        samples.append((time.perf_counter() - started) * 1000)
    return Latency.of(samples)


def cpu_s() -> float:
    """CPU seconds this process used so far, all threads (tantivy's writer threads included): on a machine shared
    with other jobs, docs per CPU second varies far less than docs per wall second."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def peak_rss_mb() -> float:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def proc_memory_mb(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM (peak), RssAnon (the process's own memory) and RssFile (mapped files: the tantivy index's
    pages, reclaimable page cache) of a live process, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM", "RssAnon", "RssFile") if k in fields}


def proc_rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a live process."""
    memory = proc_memory_mb(pid)
    return memory["VmRSS"], memory["VmHWM"]


class Server:
    """A real `govnews serve` process on loopback over the benchmark's index."""

    def __init__(self, env: dict[str, str], port: int, cwd: Path | None = None) -> None:
        """`cwd`: run the checkout there (another commit's code) instead of this one. The server's log goes to
        `serve-<port>.log` beside the data directory (GOVNEWS_DATA_DIR), kept for a failed run."""
        self.url = f"http://127.0.0.1:{port}"
        self.log = Path(env.get("GOVNEWS_DATA_DIR", ".")).parent / f"serve-{port}.log"
        cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
        full_env = {**os.environ, **env, "GOVNEWS_LOG_LEVEL": "WARNING"}
        if cwd is not None:
            full_env["PYTHONPATH"] = str(cwd)
        with self.log.open("wb") as log:  # a file, not a pipe: a chatty server never blocks on a full pipe
            self.proc = subprocess.Popen(cmd, env=full_env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
        self.client = httpx.Client(base_url=self.url, timeout=300)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"govnews serve exited: {self.log_tail()}")
            try:
                if self.client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError("govnews serve did not answer /healthz within 120 s")

    def rss_mb(self) -> tuple[float, float]:
        return proc_rss_mb(self.proc.pid)

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log."""
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def close(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@contextmanager
def serve(env: dict[str, str], port: int, cwd: Path | None = None) -> Iterator[Server]:
    server = Server(env, port, cwd)
    try:
        yield server
    finally:
        server.close()


def api_latency(server: Server, params: list[dict[str, Any]]) -> Latency:
    return Latency.of([get(server, "/api/search", p) for p in params])


def api_figures(server: Server, params: list[dict[str, Any]], directives: list[str], fig: Figures) -> None:
    """Faceted search (the API and the page), a match_all-like health call, the coverage table and a CSV export
    through HTTP."""
    api_latency(server, params[:20])  # warm the connection and the server's searcher
    fig["api_search"] = api_latency(server, params)
    fig["page_search"] = Latency.of([get(server, "/", p) for p in params])  # the page: HTML, eight values a facet
    fig["api_healthz"] = Latency.of([get(server, "/healthz", {}) for _ in range(len(params))])
    cover = [{"directive": [d]} for d in directives] + [{"q": p["q"]} for p in params[:10]]
    fig["api_coverage"] = Latency.of([get(server, "/api/coverage", c) for c in cover])
    rows, took = export_rows(server, {"directive": [directives[0]]})
    fig["export_rows"] = rows
    fig["export_rows_per_s"] = rows / took
    fig["serve_rss_mb"], fig["serve_peak_rss_mb"] = server.rss_mb()
    memory = proc_memory_mb(server.proc.pid)
    fig["serve_rss_anon_mb"], fig["serve_rss_file_mb"] = memory.get("RssAnon", 0.0), memory.get("RssFile", 0.0)


def get(server: Server, path: str, params: dict[str, Any]) -> float:
    """Milliseconds for one GET that must succeed."""
    started = time.perf_counter()
    resp = server.client.get(path, params=params)
    took = (time.perf_counter() - started) * 1000
    if resp.status_code >= 400:
        raise RuntimeError(
            f"GET {path} {params} -> {resp.status_code}: {resp.text[:500]}\n"
            f"server log ({server.log}):\n{server.log_tail()}"
        )
    return took


def export_rows(server: Server, params: dict[str, Any]) -> tuple[int, float]:
    """(rows, seconds) of one streamed /api/export.csv."""
    started = time.perf_counter()
    rows = -1  # the header
    with server.client.stream("GET", "/api/export.csv", params=params) as resp:
        resp.raise_for_status()
        for line in resp.iter_lines():
            rows += bool(line)
    return rows, time.perf_counter() - started


class QueryLoop(threading.Thread):
    """Queries in a loop on another thread (or over HTTP) until stopped; their latencies."""

    def __init__(self, search: Callable[[dict[str, Any]], object], params: list[dict[str, Any]]) -> None:
        super().__init__(daemon=True)
        self.search, self.params = search, params
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            p = self.params[i % len(self.params)]
            self.samples.append(timed(self.search, p))
            i += 1

    def finish(self) -> Latency:
        self.stop.set()
        self.join()
        return Latency.of(self.samples)


def changed(articles: list[Article]) -> list[Article]:
    """Half of them edited in place (same id, new title), half published anew (new URL, new id)."""
    half = len(articles) // 2
    edited = [a.model_copy(update={"title": f"{a.title} ({MARK})"}) for a in articles[:half]]
    fresh = []
    for a in articles[half:]:
        url = a.url.replace(".html", "-moi.html")
        fresh.append(a.model_copy(update={"id": "n" + a.id[1:], "url": url, "canonical_url": url}))
    return edited + fresh


def incremental(
    corpus: Path,
    pipeline: Pipeline,
    probe: SearchBackend,
    search: Callable[[dict[str, Any]], object],
    params: list[Any],
    batch: int = 10_000,
) -> tuple[float, Latency, int]:
    """(seconds until UPDATES new/changed articles, indexed through the pipeline, are all searchable, query latency
    meanwhile, queries run)."""
    updates = changed(list(read_articles(corpus, UPDATES)))
    expected = pipeline.backend.count() + UPDATES // 2 + UPDATES % 2
    marked = SearchQuery(text=MARK, size=0, facets=())
    loop = QueryLoop(search, params)
    loop.start()
    time.sleep(1.0)
    started = time.perf_counter()
    pipeline.index(updates, batch_size=batch)
    while probe.count() != expected or probe.search(marked).total != UPDATES // 2:  # searchable, not only stored
        time.sleep(0.05)
    took = time.perf_counter() - started
    time.sleep(1.0)
    latency = loop.finish()
    return took, latency, latency.n
