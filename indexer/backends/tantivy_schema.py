"""The tantivy schema, its two Vietnamese analyzers, and Article -> tantivy Document conversion."""

from __future__ import annotations

from datetime import datetime

import tantivy

from core.article import Article
from core.clock import VN_TZ
from core.facets import FACETS, keyword_values
from indexer.ranking import FIELDS as RANKED
from indexer.ranking import field_text

FOLD = "vi_fold"  # words, lower-case, diacritics stripped (đ -> d): "Đắk Lắk" -> dak, lak
EXACT = "vi_exact"  # words, lower-case, diacritics kept: exact spellings score higher
NO_DATE_ASC = 2**62  # sort key for undated articles: last in both orders
NO_DATE_DESC = -(2**62)


def _analyzer(fold: bool) -> tantivy.TextAnalyzer:
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"\w+")).filter(tantivy.Filter.lowercase())
    if fold:
        builder = builder.filter(tantivy.Filter.ascii_fold())
    return builder.build()


FOLD_ANALYZER = _analyzer(fold=True)
EXACT_ANALYZER = _analyzer(fold=False)


def register_analyzers(index: tantivy.Index) -> None:
    """Analyzers are not persisted with the index: register them on every open."""
    index.register_tokenizer(FOLD, FOLD_ANALYZER)
    index.register_tokenizer(EXACT, EXACT_ANALYZER)


def text_field(name: str, exact: bool) -> str:
    """The index field of a ranked text field (indexer/ranking.py): `<name>_x` exact, `<name>_f` folded."""
    return f"{name}_{'x' if exact else 'f'}"


def build_schema() -> tantivy.Schema:
    """Text fields twice (folded and exact), facet keywords as fast fields, sort keys, the stored article."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for ranked in RANKED:  # indexer/ranking.py: each searched field folded and exact
        sb.add_text_field(text_field(ranked.name, exact=False), tokenizer_name=FOLD)
        sb.add_text_field(text_field(ranked.name, exact=True), tokenizer_name=EXACT)
    for facet in FACETS:  # one raw, fast keyword field per facet (core/facets.py)
        sb.add_text_field(facet.name, tokenizer_name="raw", fast=True)
    sb.add_integer_field("day", indexed=True, fast=True)  # local date as YYYYMMDD
    sb.add_integer_field("ts_desc", fast=True)  # epoch seconds; undated sorts last
    sb.add_integer_field("ts_asc", fast=True)
    sb.add_text_field("dup_group", tokenizer_name="raw", stored=True, fast=True)  # set by indexer.pipeline
    sb.add_bytes_field("article", stored=True, indexed=False)
    return sb.build()


def local_day(value: datetime) -> int:
    """The Vietnam-local calendar date as an integer YYYYMMDD."""
    d = value.astimezone(VN_TZ).date()
    return d.year * 10000 + d.month * 100 + d.day


def to_document(article: Article) -> tantivy.Document:
    """One tantivy document; the article itself is stored as JSON for `get` and hits."""
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    for ranked in RANKED:
        text = field_text(article, ranked.name)
        doc.add_text(text_field(ranked.name, exact=False), text)
        doc.add_text(text_field(ranked.name, exact=True), text)
    if article.published:
        doc.add_integer("day", local_day(article.published))
        seconds = int(article.published.timestamp())
        doc.add_integer("ts_desc", seconds)
        doc.add_integer("ts_asc", seconds)
    else:
        doc.add_integer("ts_desc", NO_DATE_DESC)
        doc.add_integer("ts_asc", NO_DATE_ASC)
    for field, values in keyword_values(article).items():
        for value in values:
            doc.add_text(field, value)
    doc.add_text("dup_group", article.dup_group or article.id)
    doc.add_bytes("article", article.__pydantic_serializer__.to_json(article))  # bytes: no str round trip
    return doc
