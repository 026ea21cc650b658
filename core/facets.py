"""The facet registry: every keyword field an article is filtered and counted by, declared once.

One `Facet` row drives the backends' schemas, filters and aggregations, the API parameters and responses, the
page's sidebar, the CSV columns and the contract tests. A facet's `name` is at once its index field (tantivy fast
field; Elasticsearch `facet.<name>` keyword), its `SearchQuery.filters` key, its API parameter and its CSV column.
Adding an index-only keyword field is one row with `shown=False`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from core.article import Article
from core.clock import VN_TZ
from core.doc_keys import indexable, well_formed_issuer
from core.textfold import nfc

MAX_FILTER_VALUES = 50  # values one filter parameter may carry (a pasted list of 4,000 makes a 300 MB page)

LabelSource = Literal["province", "directive", "doc_type", "issuer", "source", "month", "raw"]
Vocabulary = Literal["current", "any_unit", "directive", "doc_type", "issuer", "source", "month", "year", "open"]


@dataclass(frozen=True)
class Facet:
    """One facet: where its values come from, how they are labelled, checked and shown."""

    name: str  # index field, SearchQuery.filters key, API parameter, CSV column
    title: str  # heading on the page, in Vietnamese
    values: Callable[[Article], Iterable[str | None]]  # what one article contributes
    labels: LabelSource = "raw"  # where display names come from (core.labels.Labels)
    vocabulary: Vocabulary = "open"  # what a filter value is checked against (search_api.resolve)
    multi: bool = False  # an article may carry several values
    newest_first: bool = False  # buckets ordered by value, newest first (dates) instead of by count
    shown: bool = True  # offered as a facet and filter on the page and the API; False: index-only keyword


def _month(article: Article) -> list[str | None]:
    return [f"{article.published.astimezone(VN_TZ):%Y-%m}"] if article.published else []


def _issuers(article: Article) -> list[str | None]:
    return [d.issuer for d in indexable(article.directives) if well_formed_issuer(d.issuer)]


RELATION = " > "  # joins an implemented document's key and its implementing document's key in `relations`


def relation_value(target: str, doc: str) -> str:
    """The `relations` facet value for "`doc` implements `target`": "20-CT/TW > nghe-an:48-KH/TU"."""
    return f"{target}{RELATION}{doc}"


def _year(article: Article) -> list[str | None]:
    return [f"{article.published.astimezone(VN_TZ):%Y}"] if article.published else []


FACETS: tuple[Facet, ...] = (
    Facet("province", "Tỉnh/thành (hiện nay)", lambda a: [a.province], "province", "current"),
    Facet("province_at_publication", "Tỉnh/thành khi đăng", lambda a: [a.province_at_publication or a.province],
          "province", "any_unit"),
    Facet("provinces_mentioned", "Tỉnh/thành được nhắc đến", lambda a: a.provinces_mentioned, "province", "current",
          multi=True),
    Facet("directive", "Văn bản chỉ đạo", lambda a: [d.key for d in indexable(a.directives)], "directive", "directive",
          multi=True),
    Facet("doc_type", "Loại văn bản", lambda a: [d.doc_type for d in indexable(a.directives)], "doc_type", "doc_type",
          multi=True),
    Facet("issuer", "Cơ quan ban hành", _issuers, "issuer", "issuer", multi=True),
    Facet("source", "Nguồn tin", lambda a: [a.source_id], "source", "source"),
    Facet("year", "Năm", _year, "raw", "year", newest_first=True),
    Facet("month", "Tháng", _month, "month", "month", newest_first=True),
    # Implementing relations (Article.implements), index-only, for the directive page (docs/metadata.md): filter
    # `implements` (articles stating that some document implements <key>), count `relations` ("target > doc"): a
    # facet's counts ignore its own filter.
    Facet("implements", "Văn bản được thực hiện", lambda a: [i.target for i in a.implements], "directive", "directive",
          multi=True, shown=False),
    Facet("relations", "Quan hệ thực hiện", lambda a: [relation_value(i.target, i.doc) for i in a.implements],
          multi=True, shown=False),
)  # fmt: skip

BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
SHOWN: tuple[Facet, ...] = tuple(f for f in FACETS if f.shown)
DEFAULT_FACETS: tuple[str, ...] = tuple(f.name for f in SHOWN)


def facet(name: str) -> Facet:
    """The facet called `name`; KeyError names the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown facet {name!r}; known: {', '.join(BY_NAME)}") from None


def index_values(f: Facet, article: Article) -> list[str]:
    """The distinct, NFC-normalised, non-empty values `article` contributes to facet `f`, in order."""
    return list(dict.fromkeys(nfc(v) for v in f.values(article) if v))


def keyword_values(article: Article) -> dict[str, list[str]]:
    """Every facet's values for one article (what both backends index)."""
    return {f.name: index_values(f, article) for f in FACETS}
