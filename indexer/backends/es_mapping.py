"""Elasticsearch index template (Vietnamese analysis, field mapping) and Article <-> document conversion."""

from __future__ import annotations

from typing import Any

from core.article import Article
from core.textfold import unify_tones

FOLDED = "vi_folded"
SHINGLED = "vi_shingled"
TEXT_FIELDS = ("title", "summary", "body")

ANALYSIS: dict[str, Any] = {
    "filter": {
        # Emits both "trẻ" and "tre" at one position: folded queries match, exact diacritics score higher.
        "vi_ascii_folding": {"type": "asciifolding", "preserve_original": True},
        "vi_shingle": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 3, "output_unigrams": False},
    },
    "analyzer": {
        FOLDED: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "vi_ascii_folding"]},
        # Word pairs/triples ("tre em", "trẻ em"): adjacent query words score like a loose phrase.
        SHINGLED: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "vi_ascii_folding", "vi_shingle"],
        },
    },
}


def _text(boost_shingle: bool = True) -> dict[str, Any]:
    field: dict[str, Any] = {"type": "text", "analyzer": FOLDED}
    if boost_shingle:
        field["fields"] = {"shingle": {"type": "text", "analyzer": SHINGLED}}
    return field


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
        "author": KEYWORD,
        "body": _text(),
        "summary": _text(),
        "province": KEYWORD,
        "province_at_publication": KEYWORD,
        "province_then": KEYWORD,  # province_at_publication, or province when the unit did not change
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
        "fingerprint": STORED_ONLY,
        "fetched_at": {"type": "date"},
        "language": KEYWORD,
        "platform": KEYWORD,
        # The text as the cleaner wrote it, when search normalisation (tone placement) changed it.
        "original": {"type": "object", "enabled": False},
    },
}


def template_body(alias: str) -> dict[str, Any]:
    """The composable template for `<alias>-*`: one shard, no replica (a single node), the mapping above."""
    return {
        "index_patterns": [f"{alias}-*"],
        # Longer alias, more specific pattern: distinct priorities keep overlapping patterns legal.
        "priority": 200 + len(alias),
        "template": {
            "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS},
            "mappings": MAPPINGS,
        },
        "_meta": {"managed_by": "govnews"},
    }


def normalise(text: str) -> str:
    """What is indexed and what is searched: NFC with one tone-placement convention (hoà -> hòa)."""
    return unify_tones(text)


def to_document(article: Article) -> dict[str, Any]:
    """The indexed document: the article's fields, text normalised, originals kept for `get`."""
    doc = article.model_dump(mode="json")
    original: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = doc.get(name)
        if isinstance(value, str):
            folded = normalise(value)
            if folded != value:
                original[name] = value
            doc[name] = folded
    doc["original"] = original
    doc["province_then"] = article.province_at_publication or article.province
    return doc


def from_document(source: dict[str, Any]) -> Article:
    """Rebuild the stored Article exactly as it was upserted."""
    doc = {k: v for k, v in source.items() if k not in ("original", "province_then")}
    doc.update(source.get("original") or {})
    return Article.model_validate(doc)
