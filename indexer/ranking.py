"""The ranking, declared once: the text fields a query searches, their weights, exact-before-folded and nearness.

Both backends' query builders compile this table (indexer/backends/tantivy_text.py, es_text.py) and both schemas
index one folded and one exact text field per row (tantivy `<name>_f`/`<name>_x`, Elasticsearch the field and its
`.x` sub-field), so no weight or field list is written anywhere else. Rules (docs/indexer.md "Ranking"):

- a unit (a word, or a phrase of adjacent words) scores BM25 in every field it occurs in, times the field's boost,
  and a document's score is the sum over fields and units (a boolean "should" on both engines, not a max);
- exact-before-folded: a unit typed without marks matches every spelling that folds to it (the folded fields) and
  also scores on the exact fields, times EXACT_BOOST, so in the same field the spelling typed ranks above a
  spelling that only folds to it; a unit typed with marks is searched on the exact fields only;
- nearness: in a field where the query's free words stand together (a phrase with slop NEAR_SLOP), the document
  gains NEAR_BOOST times that field clause's weight, a constant (the engines score sloppy phrases differently:
  Lucene by distance, tantivy by count);
- statistics: an empty ranked field indexes the one token ABSENT, so every document has every field and both
  engines' BM25 document counts and average lengths are the same (Lucene counts a field's documents, tantivy all);
- ties: equal scores have no declared order (tantivy keeps index order, Elasticsearch sorts by id); the contract
  compares rankings tie class by tie class (tests/indexer/contract_ranking.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.article import Article
from core.query import Unit
from core.textfold import unify_tones


@dataclass(frozen=True)
class RankedField:
    """A searched text field of the Article and the weight of a match in it."""

    name: str  # the Article attribute, and the base name of its index fields in every backend
    boost: float


FIELDS: tuple[RankedField, ...] = (
    RankedField("title", 3.0),
    RankedField("summary", 2.0),
    RankedField("body", 1.0),
    RankedField("author", 1.0),  # the byline: "Thu Lan" finds her articles
)
EXACT_BOOST = 1.5  # weight of the exact field against the folded one, for a unit typed without marks
NEAR_BOOST = 2.0  # the bonus of the free words found side by side in a field, times the field clause's weight
NEAR_SLOP = 2  # words count as side by side with up to two words between: "Chỉ thị số 20" for "chi thi 20"
ABSENT = "\uf900"  # no query holds it: queries are NFC-normalised (core.query), which turns U+F900 into U+8C48


@dataclass(frozen=True)
class Clause:
    """One scored clause of a unit: a field, folded or exact, and its weight."""

    field: str
    exact: bool
    boost: float

    def words(self, unit: Unit) -> tuple[str, ...]:
        """What the clause looks for: the words as typed on an exact field, folded on a folded one."""
        return unit.words if self.exact else unit.keys


def clauses(exact_only: bool) -> tuple[Clause, ...]:
    """The clauses one unit is scored on, summed: exact fields only for a unit typed with marks; else the folded
    fields at their boost and the exact fields at boost × EXACT_BOOST (exact before folded)."""
    exact = tuple(Clause(f.name, True, f.boost * EXACT_BOOST) for f in FIELDS)
    if exact_only:
        return exact
    return tuple(Clause(f.name, False, f.boost) for f in FIELDS) + exact


def field_text(article: Article, name: str) -> str:
    """What ranked field `name` indexes: the article's text with one tone placement, or ABSENT when it has none."""
    text = getattr(article, name)
    return unify_tones(text) if text else ABSENT
