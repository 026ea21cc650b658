"""Ranking agreement between two backends on the judged set: the same order, tie class by tie class.

A tie class is a run of hits whose scores are equal (within TIE, relative): indexer/ranking.py declares no order
inside one, so two rankings agree on a query when their runs of tie classes are equal. Scores are compared within
one backend only: each engine's float32 sums differ in the last digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.article import Article
from core.search import SearchBackend, SearchQuery
from tests.indexer.judged import Spec, generate, judged_corpus

TIE = 1e-5  # relative: two float32 BM25 sums this close are one score
DEPTH = 10  # the top of a ranking a reader sees, for the overlap figure


def ranking(backend: SearchBackend, spec: Spec, size: int = 200) -> list[tuple[str, float]]:
    """(id, score) of every hit, in the backend's relevance order."""
    result = backend.search(SearchQuery(text=spec.render(), fold_all=spec.fold_all, size=size, facets=()))
    return [(h.id, h.score) for h in result.hits]


def tie_classes(hits: list[tuple[str, float]]) -> list[frozenset[str]]:
    """Consecutive hits with equal scores, as sets, in order."""
    out: list[set[str]] = []
    last: float | None = None
    for hit_id, score in hits:
        if last is not None and abs(score - last) <= TIE * max(abs(score), abs(last)):
            out[-1].add(hit_id)
        else:
            out.append({hit_id})
        last = score
    return [frozenset(c) for c in out]


def top_overlap(a: list[tuple[str, float]], b: list[tuple[str, float]], depth: int = DEPTH) -> float:
    """Share of the first `depth` ids common to both (1.0 when both are empty)."""
    k = min(depth, max(len(a), len(b)))
    return 1.0 if k == 0 else len({i for i, _ in a[:k]} & {i for i, _ in b[:k]}) / k


@dataclass
class Agreement:
    """How two backends ranked the same scored queries."""

    queries: int = 0
    same_order: int = 0  # equal runs of tie classes, every hit
    overlap: float = 0.0  # mean top-DEPTH overlap
    differing: list[str] | None = None  # the queries whose order differs, for failures

    @property
    def same_share(self) -> float:
        return self.same_order / max(self.queries, 1)


def scored_specs(articles: list[Article], queries: int, seed: int) -> list[Spec]:
    """Generated judged queries that rank (a positive word; only exclusions list by date, not by score)."""
    return [s for s in generate(articles, queries, seed) if s.alternatives]


def compare(backend: SearchBackend, reference: SearchBackend, queries: int, seed: int) -> Agreement:
    """Load the judged corpus into both (the reference in reverse order) and compare their rankings."""
    articles = judged_corpus()
    backend.upsert(articles)
    reference.upsert(list(reversed(articles)))  # index order must not decide anything but ties
    out = Agreement(differing=[])
    overlap = 0.0
    for spec in scored_specs(articles, queries, seed):
        mine, theirs = ranking(backend, spec), ranking(reference, spec)
        out.queries += 1
        overlap += top_overlap(mine, theirs)
        if tie_classes(mine) == tie_classes(theirs):
            out.same_order += 1
        else:
            assert out.differing is not None
            out.differing.append(spec.render())
    out.overlap = overlap / max(out.queries, 1)
    return out
