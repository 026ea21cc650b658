"""Compile a parsed query (core.query) and the ranking (indexer.ranking) into an Elasticsearch query."""

from __future__ import annotations

from typing import Any

from core.query import All, AnyOf, Node, ParsedQuery, Unit
from indexer.backends.es_mapping import text_field
from indexer.ranking import NEAR_BOOST, NEAR_SLOP, clauses


def _phrase(words: tuple[str, ...], field: str, boost: float) -> dict[str, Any]:
    """The words side by side (one word: the word) in `field`, scored BM25 times `boost`."""
    body: dict[str, Any] = {"query": " ".join(words)}
    if boost != 1.0:
        body["boost"] = boost
    return {"match_phrase": {field: body}}


def _unit(unit: Unit) -> dict[str, Any]:
    """In any ranked field, BM25 times the clause's weight, summed; exact: the spelling typed only."""
    parts = [
        _phrase(c.words(unit), text_field(c.field, c.exact), c.boost)
        for c in clauses(unit.exact)
    ]
    return {"bool": {"should": parts, "minimum_should_match": 1}}


def _near(unit: Unit) -> dict[str, Any]:
    """The free words at most NEAR_SLOP words apart: a constant bonus per field (indexer.ranking)."""
    parts = [
        {
            "constant_score": {
                "filter": {
                    "match_phrase": {
                        text_field(c.field, c.exact): {
                            "query": " ".join(c.words(unit)),
                            "slop": NEAR_SLOP,
                        }
                    }
                },
                "boost": NEAR_BOOST * c.boost,
            }
        }
        for c in clauses(unit.exact)
    ]
    return {"bool": {"should": parts, "minimum_should_match": 1}}


def _node(node: Node) -> dict[str, Any]:
    if isinstance(node, Unit):
        return _unit(node)
    parts = [_node(p) for p in node.parts]
    if isinstance(node, All):
        return {"bool": {"must": parts}}
    assert isinstance(node, AnyOf)
    return {"bool": {"should": parts, "minimum_should_match": 1}}


def compile_query(parsed: ParsedQuery) -> dict[str, Any]:
    """The query clause for a parsed text query; match_all when it has no words."""
    if parsed.empty:
        return {"match_all": {}}
    query: dict[str, Any] = {"must": [_node(parsed.root) if parsed.root is not None else {"match_all": {}}]}
    if parsed.exclude:
        query["must_not"] = [_node(n) for n in parsed.exclude]
    near = parsed.near_words()
    if len(near) > 1:  # the free words (nearly) side by side score higher
        query["should"] = [_near(Unit(tuple(w for u in near for w in u.words), near[0].exact))]
    return {"bool": query}
