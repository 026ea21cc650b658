"""Elasticsearch index template (Vietnamese analysis, field mapping) and Article <-> document conversion."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from core.article import Article
from core.facets import FACETS, keyword_values
from indexer.ranking import FIELDS as RANKED
from indexer.ranking import field_text

FOLDED = "vi_folded"  # words, lower-case, diacritics stripped (đ -> d): "Đắk Lắk" -> dak, lak
EXACT = "vi_exact"  # words, lower-case, diacritics kept: a query typed with marks matches these only
TEXT_FIELDS = tuple(f.name for f in RANKED)  # indexer/ranking.py: normalised for search; originals kept

ANALYSIS: dict[str, Any] = {
    # Words are \w+ runs, as in the tantivy backend and core.query (the standard tokenizer keeps "5.000" whole).
    "tokenizer": {"vi_words": {"type": "pattern", "pattern": "\\w+", "group": 0, "flags": "UNICODE_CHARACTER_CLASS"}},
    "filter": {"vi_ascii_folding": {"type": "asciifolding"}},
    "analyzer": {
        FOLDED: {"type": "custom", "tokenizer": "vi_words", "filter": ["lowercase", "vi_ascii_folding"]},
        EXACT: {"type": "custom", "tokenizer": "vi_words", "filter": ["lowercase"]},
    },
}

EXACT_FIELD: dict[str, Any] = {"type": "text", "analyzer": EXACT}


def text_field(name: str, exact: bool) -> str:
    """The searched field of a ranked text field (indexer/ranking.py): `<name>.x` exact; folded `<name>`, or
    `author.f` (the author is also a keyword)."""
    if exact:
        return f"{name}.x"
    return f"{name}.f" if MAPPINGS["properties"][name].get("type") == "keyword" else name


def _text() -> dict[str, Any]:
    """Folded text, with the exact spelling beside it as `<field>.x`."""
    return {"type": "text", "analyzer": FOLDED, "fields": {"x": EXACT_FIELD}}


KEYWORD: dict[str, Any] = {"type": "keyword"}
STORED_ONLY: dict[str, Any] = {"type": "keyword", "index": False, "doc_values": False}

MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": KEYWORD,
        "url": KEYWORD,
        "canonical_url": KEYWORD,
        "source_id": KEYWORD,
        "title": _text(),
        "published": {"type": "date"},
        # The byline: a keyword, and searchable text (`author.f` folded, `author.x` exact) like the article's.
        "author": {**KEYWORD, "fields": {"f": {"type": "text", "analyzer": FOLDED}, "x": EXACT_FIELD}},
        "body": _text(),
        "summary": _text(),
        "province": KEYWORD,
        "province_at_publication": KEYWORD,
        "provinces_mentioned": KEYWORD,
        "directives": {
            "properties": {
                "key": KEYWORD,
                "regime": KEYWORD,
                "doc_type": KEYWORD,
                "doc_type_name": STORED_ONLY,
                "issuer": KEYWORD,
                "issuer_name": STORED_ONLY,
                "number": KEYWORD,
                "year": {"type": "integer"},
                "issued": {"type": "date"},
                "title": STORED_ONLY,
                "scope": KEYWORD,  # issuing unit of a local document (core.article.DirectiveRef.scope)
            }
        },
        "implements": {
            "properties": {"doc": KEYWORD, "target": KEYWORD, "verb": KEYWORD, "sentence": STORED_ONLY}
        },
        "kind": KEYWORD,
        "truncated": {"type": "boolean"},
        "minhash": STORED_ONLY,
        "dup_group": KEYWORD,
        "fetched_at": {"type": "date"},
        "language": KEYWORD,
        "platform": KEYWORD,
        # One keyword per facet (core/facets.py), filtered and aggregated as `facet.<name>`.
        "facet": {"properties": {f.name: KEYWORD for f in FACETS}},
        # The text as the cleaner wrote it, when search normalisation (tone placement) changed it.
        "original": {"type": "object", "enabled": False},
    },
}


# index-only fields; province_then: indices built before core/facets.py; dup_bands: before indexer.pipeline
DERIVED = ("original", "facet", "province_then", "dup_bands")


def with_eager_ordinals(mappings: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """A copy of `mappings` whose keyword `fields` (dotted paths) build global ordinals at refresh, not at the
    first aggregation after it: facet terms aggregations stay fast right after a load or a nightly update."""
    out = copy.deepcopy(mappings)
    for path in fields:
        *parents, leaf = path.split(".")
        node = out
        for part in parents:
            node = node["properties"][part]
        field = node["properties"][leaf]
        if field.get("type") == "keyword":  # a new dict: fields share the KEYWORD declaration (and deepcopy keeps that)
            node["properties"][leaf] = {**field, "eager_global_ordinals": True}
    return out


def template_body(
    alias: str, *, shards: int = 1, replicas: int = 0, facet_fields: Iterable[str] = ()
) -> dict[str, Any]:
    """The composable template for `<alias>-*`: shards and replicas as given (one shard holds tens of millions of
    articles; a replica needs a second node), the mapping above with eager ordinals on the facet keywords."""
    return {
        "index_patterns": [f"{alias}-*"],
        # Longer alias, more specific pattern: distinct priorities keep overlapping patterns legal.
        "priority": 200 + len(alias),
        "template": {
            "settings": {"number_of_shards": shards, "number_of_replicas": replicas, "analysis": ANALYSIS},
            "mappings": with_eager_ordinals(MAPPINGS, facet_fields),
        },
        "_meta": {"managed_by": "govnews"},
    }


def to_document(article: Article) -> dict[str, Any]:
    """The indexed document: the article's fields, text normalised, originals kept for `get`."""
    doc = article.model_dump(mode="json")
    original: dict[str, str | None] = {}
    for name in TEXT_FIELDS:  # one tone placement, or ranking.ABSENT for no text; get() restores the original
        indexed = field_text(article, name)
        if indexed != doc.get(name):
            original[name] = doc.get(name)
        doc[name] = indexed
    doc["original"] = original
    doc["facet"] = keyword_values(article)
    doc["dup_group"] = article.dup_group or article.id
    return doc



def from_document(source: dict[str, Any]) -> Article:
    """Rebuild the stored Article exactly as it was upserted."""
    doc = {k: v for k, v in source.items() if k not in DERIVED}
    doc.update(source.get("original") or {})
    return Article.model_validate(doc)
