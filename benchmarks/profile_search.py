"""Where a faceted search's time goes: cProfile over distinct queries on a tantivy index of the scale corpus.

python -m benchmarks.profile_search --size 20000 --queries 200
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
from pathlib import Path

from benchmarks import scale_corpus
from benchmarks.backend_scale import vocabulary
from benchmarks.scale_measure import query_params, to_query
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.load import load


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govnews-scale"))
    args = parser.parse_args(argv)
    corpus = args.workdir / f"corpus-{args.size}"
    scale_corpus.ensure(args.size, corpus)
    words, provinces, directives = vocabulary(corpus, args.size)
    queries = [to_query(p) for p in query_params(words, provinces, directives, args.queries, seed=11)]
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        backend = TantivyBackend(Path(tmp) / "index", facet_cache=0)  # every search counts its facets
        load(scale_corpus.read_articles(corpus), backend, spool_dir=Path(tmp) / "spool", batch_size=10_000)
        for q in queries[:20]:
            backend.search(q)
        prof = cProfile.Profile()
        prof.enable()
        for q in queries:
            backend.search(q)
        prof.disable()
        backend.close()
    pstats.Stats(prof).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
