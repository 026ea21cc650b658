"""The document page's view against walking every citing article, and the first-mention column's cost on /do-phu.

    python -m benchmarks.documents                  # 20k generated articles, tantivy
    python -m benchmarks.documents --size 5000 --rounds 3

On one index of generated articles (tests/support/corpus.py; one article in 40 citing 20-CT/TW also states a plan of
its province implementing it), for each directive key:
- baseline: a cursor walk over every article citing the key, reading each one (`get`) for its implementing relations,
  as a page would without the aggregations; the view: `search_api.documents.document_view`. Both give each unit's
  count, first and last day and plans; the run checks they agree, and reports p50 of each and the ratio.
- /do-phu: the coverage table with its first-mention column against the same table's two aggregations alone.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from core.article import Article, Implementation
from core.labels import Labels
from core.search import SearchBackend, SearchQuery
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from search_api.app import load_labels
from search_api.coverage import coverage
from search_api.documents import document_view
from search_api.mentions import local_day
from search_api.params import SearchParams
from search_api.resolve import Resolved
from tests.support.corpus import DIRECTIVES, make_articles

KEYS = [key for key, *_ in DIRECTIVES[:3]]
UNIT = tuple[int, date | None, date | None, tuple[str, ...]]  # count, first day, last day, plans


def corpus(size: int) -> Iterator[Article]:
    """The generated articles; one in 40 of those citing a key also says its province's plan implements it."""
    for n, article in enumerate(make_articles(size)):
        keys = [d.key for d in article.directives]
        if keys and n % 40 == 0:
            doc = f"{article.province}:{n % 7 + 1}-KH/TU"
            said = f"Kế hoạch số {n % 7 + 1}-KH/TU thực hiện {keys[0]}."
            article = article.model_copy(update={"implements": [
                Implementation(doc=doc, target=keys[0], verb="thực hiện", sentence=said)]})  # fmt: skip
        yield article


def walk(backend: SearchBackend, key: str) -> dict[str, UNIT]:
    """The baseline: every citing article, oldest first, each read for its relations."""
    count: dict[str, int] = {}
    first: dict[str, date | None] = {}
    last: dict[str, date | None] = {}
    plans: dict[str, set[str]] = {}
    query = SearchQuery(directive=[key], sort="oldest", size=200, facets=())
    cursor: str | None = None
    while True:
        result = backend.search(query.model_copy(update={"cursor": cursor}))
        for hit in result.hits:
            unit, day = hit.province or "", local_day(hit.published)
            count[unit] = count.get(unit, 0) + 1
            first[unit] = first.get(unit) or day
            last[unit] = day or last.get(unit)
            article = backend.get(hit.id)
            stated = (i.doc for i in (article.implements if article else []) if i.target == key)
            plans.setdefault(unit, set()).update(stated)
        if not result.next_cursor or not result.hits:
            break
        cursor = result.next_cursor
    return {u: (n, first[u], last[u], tuple(sorted(plans[u]))) for u, n in count.items()}


def view(backend: SearchBackend, key: str, labels: Labels) -> dict[str, UNIT]:
    """The document page's computation, in the same shape."""
    doc = document_view(backend, SearchQuery(directive=[key], facets=(), size=0), labels, "province", [])
    return {
        r.unit: (r.count, r.first.day if r.first else None, r.last.day if r.last else None,
                 tuple(sorted(p.key for p in r.plans if p.target == key)))
        for r in doc.units if r.count
    }  # fmt: skip


def timed(into: list[float], fn: Callable[..., object], *args: object) -> None:
    started = time.perf_counter()
    fn(*args)
    into.append((time.perf_counter() - started) * 1000)


def two_aggregations(backend: SearchBackend, query: SearchQuery) -> None:
    """What /do-phu costs without the first-mention column: the query's cross counts and everything's."""
    for counted in (query, SearchQuery(facets=())):
        backend.cross_counts(counted, "province", "month")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    labels = load_labels(Settings())
    times: dict[str, list[float]] = {"walk": [], "view": [], "two_aggs": [], "coverage": []}
    with tempfile.TemporaryDirectory() as tmp:
        backend = TantivyBackend(Path(tmp) / "index")
        articles = list(corpus(args.size))
        for start in range(0, len(articles), 2_000):
            backend.upsert(articles[start : start + 2_000])
        cited = {key: backend.search(SearchQuery(directive=[key], size=0, facets=())).total for key in KEYS}
        for _ in range(args.rounds):
            for key in KEYS:
                timed(times["walk"], walk, backend, key)
                timed(times["view"], view, backend, key, labels)
                assert walk(backend, key) == view(backend, key, labels), key
                query = SearchQuery(directive=[key], facets=(), size=0)
                resolved = Resolved(params=SearchParams(directive=[key]), query=query)
                timed(times["two_aggs"], two_aggregations, backend, query)
                timed(times["coverage"], coverage, backend, resolved, labels, "province", "month")
        backend.close()
    p50 = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.size} articles, keys {', '.join(f'{k} ({n} citing)' for k, n in cited.items())}, "
          f"{args.rounds} rounds, tantivy; walk and view agree: yes")  # fmt: skip
    print(f"walk every citing article + get (baseline): p50 {p50['walk']:.1f} ms")
    print(f"document view:                              p50 {p50['view']:.1f} ms  ({p50['walk'] / p50['view']:.1f}x)")
    print(f"/do-phu two aggregations alone (baseline):  p50 {p50['two_aggs']:.1f} ms")
    print(f"/do-phu with the first-mention column:      p50 {p50['coverage']:.1f} ms  "
          f"({p50['coverage'] / p50['two_aggs']:.1f}x the baseline)")  # fmt: skip


if __name__ == "__main__":
    main()
