"""indexer/ranking.py: the clauses a unit is scored on, and what an empty field indexes."""

from __future__ import annotations

from core.article import Article
from core.query import parse
from indexer.ranking import ABSENT, EXACT_BOOST, FIELDS, clauses, field_text


def test_a_marked_unit_is_scored_on_the_exact_fields_only() -> None:
    assert [(c.field, c.exact, c.boost) for c in clauses(exact_only=True)] == [
        (f.name, True, f.boost * EXACT_BOOST) for f in FIELDS
    ]


def test_a_bare_unit_is_scored_folded_and_exact_the_exact_weighing_more() -> None:
    folded = {c.field: c.boost for c in clauses(exact_only=False) if not c.exact}
    exact = {c.field: c.boost for c in clauses(exact_only=False) if c.exact}
    assert folded == {f.name: f.boost for f in FIELDS}
    assert all(exact[name] > boost for name, boost in folded.items())


def test_each_clause_looks_for_the_form_of_its_field() -> None:
    [unit] = parse("dak", fold_all=True).units()
    marked = parse("Đắk", fold_all=True).units()[0]
    for c in clauses(exact_only=False):
        assert c.words(unit) == ("dak",)
        assert c.words(marked) == (("đắk",) if c.exact else ("dak",))


def test_an_empty_field_indexes_absent_which_no_query_can_hold() -> None:
    url = "https://ranking.gov.vn/a.html"
    article = Article(id="a", url=url, canonical_url=url, title="Hoà giải", body="")
    assert field_text(article, "title") == "Hòa giải"  # one tone placement, as queries get
    assert field_text(article, "body") == field_text(article, "summary") == ABSENT
    for text in (ABSENT, f"tin {ABSENT}", f'"{ABSENT}"'):
        assert all(ABSENT not in u.words for u in parse(text).units()), text
