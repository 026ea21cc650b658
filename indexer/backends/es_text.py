"""Compile a parsed query (core.query) into an Elasticsearch query: exact units on `<field>.x`, folded on `<field>`."""

from __future__ import annotations

from typing import Any

from core.query import All, AnyOf, Node, ParsedQuery, Unit

FOLDED_FIELDS = ["title^3", "summary^2", "body", "author.f"]
EXACT_BOOST = 1.5  # a folded unit also scores on the exact fields, so the spelling typed ranks first
EXACT_FIELDS = [f"title.x^{3 * EXACT_BOOST}", f"summary.x^{2 * EXACT_BOOST}", f"body.x^{EXACT_BOOST}", "author.x"]
NEAR_BOOST = 2.0
NEAR_SLOP = 2  # as the tantivy backend: "Chỉ thị số 20" counts as near for "chi thi 20"


def _phrase(words: tuple[str, ...], fields: list[str], slop: int = 0, boost: float = 1.0) -> dict[str, Any]:
    """The words side by side (one word: the word) in any one of `fields`."""
    body: dict[str, Any] = {"query": " ".join(words), "fields": fields, "type": "phrase"}
    if slop:
        body["slop"] = slop
    if boost != 1.0:
        body["boost"] = boost
    return {"multi_match": body}


def _unit(unit: Unit, slop: int = 0, boost: float = 1.0) -> dict[str, Any]:
    exact = _phrase(unit.words, EXACT_FIELDS, slop, boost)
    if unit.exact:
        return exact
    folded = _phrase(unit.keys, FOLDED_FIELDS, slop, boost)
    return {"bool": {"should": [folded, exact], "minimum_should_match": 1}}


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
