"""Compile a parsed query (core.query) and the ranking (indexer.ranking) into an Elasticsearch query."""

from __future__ import annotations

from typing import Any

from core.query import All, AnyOf, Node, ParsedQuery, Unit
from indexer.backends.es_mapping import text_field
from indexer.ranking import NEAR_BOOST, NEAR_SLOP, clauses


def _phrase(words: tuple[str, ...], field: str, slop: int, boost: float) -> dict[str, Any]:
    """The words side by side (one word: the word) in `field`."""
    body: dict[str, Any] = {"query": " ".join(words)}
    if slop:
        body["slop"] = slop
    if boost != 1.0:
        body["boost"] = boost
    return {"match_phrase": {field: body}}


def _unit(unit: Unit, slop: int = 0, boost: float = 1.0) -> dict[str, Any]:
    """In any ranked field, scores summed; exact: the spelling typed only."""
    parts = [
        _phrase(unit.words if c.exact else unit.keys, text_field(c.field, c.exact), slop, boost * c.boost)
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
        query["should"] = [_unit(Unit(tuple(w for u in near for w in u.words), near[0].exact), NEAR_SLOP, NEAR_BOOST)]
    return {"bool": query}
