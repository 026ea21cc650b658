"""The tantivy schema, its two Vietnamese analyzers, and Article -> tantivy Document conversion."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import tantivy

from core.article import Article
from core.textfold import nfc, unify_tones

VN_TZ = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh: no daylight saving since 1975
FOLD = "vi_fold"  # words, lower-case, diacritics stripped (đ -> d): "Đắk Lắk" -> dak, lak
EXACT = "vi_exact"  # words, lower-case, diacritics kept: exact spellings score higher
NO_DATE_ASC = 2**62  # sort key for undated articles: last in both orders
NO_DATE_DESC = -(2**62)

# Facet name -> (SearchQuery attribute with its selected values, fast raw text field).
FACET_FIELDS: dict[str, tuple[str, str]] = {
    "province": ("province", "province"),
    "province_at_publication": ("province_at_publication", "province_then"),
    "directive": ("directive", "directive"),
    "doc_type": ("doc_type", "doc_type"),
    "issuer": ("issuer", "issuer"),
    "source": ("source", "source"),
    "month": ("", "month"),
}


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


def build_schema() -> tantivy.Schema:
    """Text fields twice (folded and exact), facet keywords as fast fields, sort keys, the stored article."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "body"):  # body also holds the summary
        sb.add_text_field(f"{name}_f", tokenizer_name=FOLD)
        sb.add_text_field(f"{name}_x", tokenizer_name=EXACT)
    for _, field in FACET_FIELDS.values():
        sb.add_text_field(field, tokenizer_name="raw", fast=True)
    sb.add_integer_field("day", indexed=True, fast=True)  # local date as YYYYMMDD
    sb.add_integer_field("ts_desc", fast=True)  # epoch seconds; undated sorts last
    sb.add_integer_field("ts_asc", fast=True)
    sb.add_bytes_field("article", stored=True, indexed=False)
    return sb.build()


def normalise(text: str) -> str:
    """NFC and one tone-placement convention, for indexed text and queries alike."""
    return unify_tones(text)


def local_day(value: datetime) -> int:
    """The Vietnam-local calendar date as an integer YYYYMMDD."""
    d = value.astimezone(VN_TZ).date()
    return d.year * 10000 + d.month * 100 + d.day


def to_document(article: Article) -> tantivy.Document:
    """One tantivy document; the article itself is stored as JSON for `get` and hits."""
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    title = normalise(article.title)
    doc.add_text("title_f", title)
    doc.add_text("title_x", title)
    for text in (article.summary, article.body):
        if text:
            norm = normalise(text)
            doc.add_text("body_f", norm)
            doc.add_text("body_x", norm)
    keywords: dict[str, list[str | None]] = {
        "province": [article.province],
        "province_then": [article.province_at_publication or article.province],
        "directive": [d.key for d in article.directives],
        "doc_type": [d.doc_type for d in article.directives],
        "issuer": [d.issuer for d in article.directives],
        "source": [article.source_id],
    }
    if article.published:
        local = article.published.astimezone(VN_TZ)
        keywords["month"] = [f"{local:%Y-%m}"]
        doc.add_integer("day", local_day(article.published))
        seconds = int(article.published.timestamp())
        doc.add_integer("ts_desc", seconds)
        doc.add_integer("ts_asc", seconds)
    else:
        doc.add_integer("ts_desc", NO_DATE_DESC)
        doc.add_integer("ts_asc", NO_DATE_ASC)
    for field, values in keywords.items():
        for value in dict.fromkeys(nfc(v) for v in values if v):
            doc.add_text(field, value)
    doc.add_bytes("article", article.__pydantic_serializer__.to_json(article))  # bytes: no str round trip
    return doc
