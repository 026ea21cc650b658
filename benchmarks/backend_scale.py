"""Tantivy and Elasticsearch at scale on the simulator's corpus: indexing, queries, API, updates, memory.

    python -m benchmarks.backend_scale --tantivy 1000000 --es 300000   # the issue's sizes (about an hour here)
    python -m benchmarks.backend_scale --tantivy 20000 --es 20000      # quick

The corpus (simulator/corpus.py, fast path) is generated once into --workdir and read back by every run, so
each figure's baseline indexes exactly the same articles in the same run:
  indexing   govnews load path (Article -> searchable)   vs  the bare engine (tantivy writer / raw _bulk)
  queries    faceted top-20 search, backend and HTTP      vs  a match_all count / GET /healthz
Elasticsearch: ELASTICSEARCH_URL, or a real node started from .es-node/ (tests/support/es_node.py).
"""

from __future__ import annotations

import argparse
import json
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks import scale_corpus
from benchmarks.scale_measure import Figures, Latency, query_params
from core.article import Article
from tests.support.es_node import free_port


def vocabulary(corpus: Path, size: int, n: int = 3000) -> tuple[list[str], list[str], list[str]]:
    """Title words, province codes and directive keys of `n` articles spread over the whole timeline."""
    words: set[str] = set()
    provinces: set[str] = set()
    directives: set[str] = set()
    for line in islice(scale_corpus.read_lines(corpus, size), 0, None, max(1, size // n)):
        article = Article.model_validate_json(line)
        words.update(w.strip(",.:;()\"'") for w in article.title.lower().split() if len(w) > 2)
        provinces.add(article.province or "")
        directives.update(d.key for d in article.directives)
    return sorted(w for w in words if w.isalpha()), sorted(p for p in provinces if p), sorted(directives)


def table(figs: list[Figures]) -> str:
    rows = [
        ("docs/s (govnews load)", "docs_per_s", "bare_docs_per_s", "docs/s (bare engine, first N)"),
        ("docs per CPU s (govnews load)", "docs_per_cpu_s", "bare_docs_per_cpu_s", "per CPU s (bare, first N)"),
        ("search p50/p95/p99 ms (backend)", "backend_search", "backend_count", "match_all count"),
        ("search p50/p95/p99 ms, backend, the API's queries (all facets, collapsed)", "backend_api_query",
         "backend_search", "backend, three facets"),
        ("search p50/p95/p99 ms (HTTP)", "api_search", "api_healthz", "GET /healthz"),
        ("search p50/p95/p99 ms (HTTP)", "api_search", "backend_api_query", "backend, the API's queries"),
        ("search p50/p95/p99 ms (HTTP)", "api_search", "backend_search", "backend, three facets"),
        ("search page p50/p95/p99 ms (HTTP GET /)", "page_search", "api_search", "search (HTTP)"),
        ("search, repeated (facet cache)", "backend_search_repeat", "backend_search", "first run"),
        ("coverage p50/p95/p99 ms (HTTP)", "api_coverage", "api_search", "search (HTTP)"),
        ("search during update (HTTP)", "api_search_during_update", "api_search", "search, idle"),
    ]
    out = [
        "| backend | articles | figure | value | baseline | baseline value | ratio |",
        "|---|---:|---|---:|---|---:|---:|",
    ]
    for fig in figs:
        v = fig.values
        for label, key, base, base_label in rows:
            if key not in v or base not in v:
                continue
            a, b = v[key], v[base]
            if isinstance(a, Latency):
                out.append(f"| {fig.backend} | {fig.size:,} | {label} | {a} | {base_label} | {b} | "
                           f"{a.p95 / b.p95:.1f}x p95 |")  # fmt: skip
            else:
                out.append(f"| {fig.backend} | {fig.size:,} | {label} | {a:,.0f} | {base_label} | {b:,.0f} | "
                           f"{a / b:.2f}x |")  # fmt: skip
        for label, key in (("bare engine baseline: first N articles", "bare_docs"),
                           ("CSV export rows/s", "export_rows_per_s"), ("CSV export rows", "export_rows"),
                           ("update: 5,000 articles searchable after s", "update_s"),
                           ("index on disk MB", "index_mb"), ("benchmark process peak RSS MB", "bench_peak_rss_mb"),
                           ("govnews serve RSS / peak MB", "serve_rss_mb"),
                           ("govnews serve RSS: anonymous MB (after the searches)", "serve_rss_anon_mb"),
                           ("govnews serve RSS: mapped index files MB", "serve_rss_file_mb"),
                           ("Elasticsearch node peak RSS MB", "node_peak_rss_mb")):  # fmt: skip
            if key in v:
                extra = f" / {v['serve_peak_rss_mb']:,.0f}" if key == "serve_rss_mb" else ""
                out.append(f"| {fig.backend} | {fig.size:,} | {label} | {v[key]:,.1f}{extra} | | | |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tantivy", type=int, default=0, help="articles for tantivy (0: skip)")
    parser.add_argument("--es", type=int, default=0, help="articles for Elasticsearch (0: skip)")
    parser.add_argument("--queries", type=int, default=300, help="distinct faceted queries per measurement")
    parser.add_argument("--profile", type=int, default=0, help="also profile the load path on this many articles")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govnews-scale"))
    parser.add_argument("--corpus", type=int, default=0, help="use the first articles of a corpus this large")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figs: list[Figures] = []
    for name, size in (("tantivy", args.tantivy), ("elasticsearch", args.es)):
        if not size:
            continue
        total = max(size, args.corpus)  # a corpus of exactly `size` spans the whole timeline; a larger one's
        corpus = args.workdir / f"corpus-{total}"  # first articles are its oldest years
        info = scale_corpus.ensure(total, corpus)
        print(f"corpus {corpus}: generated at {info['articles_per_s']:,.0f} articles/s ({info['wall_s']:,.0f} s)")
        words, provinces, directives = vocabulary(corpus, size)
        params = query_params(words, provinces, directives, args.queries, seed=7)
        if name == "tantivy":
            from benchmarks import scale_tantivy as module
        else:
            from benchmarks import scale_es as module  # type: ignore[no-redef]
        figs.append(module.run(corpus, size, params, directives, free_port(), args.profile, print))
        print(table(figs[-1:]), flush=True)
    print(table(figs))
    for fig in figs:
        if "profile" in fig.values:
            print(f"\n{fig.backend} load path profile:\n{fig.values['profile']}")
    if args.json:
        args.json.write_text(json.dumps([_plain(f) for f in figs], indent=1, ensure_ascii=False))


def _plain(fig: Figures) -> dict[str, Any]:
    return {"backend": fig.backend, "size": fig.size,
            **{k: (vars(v) if isinstance(v, Latency) else v) for k, v in fig.values.items()}}  # fmt: skip


if __name__ == "__main__":
    main()
