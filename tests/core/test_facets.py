"""core/facets.py: what each declared facet takes from an article, checked against hand-written values."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.article import Implementation
from core.facets import BY_NAME, FACETS, facet, keyword_values, relation_value
from core.search import SearchQuery
from tests.indexer.corpus import REFS, VN, by_slug, full_article


def test_each_facet_reads_its_article_field() -> None:
    article = by_slug("nghi-dinh-20-va-chi-thi-20")  # Tuyên Quang now, Hà Giang then, 00:30 on 1 April 2024
    assert keyword_values(article) == {
        "province": ["tuyen-quang"],
        "province_at_publication": ["ha-giang"],
        "provinces_mentioned": [],
        "directive": ["20/2021/NĐ-CP", "20-CT/TW"],
        "doc_type": ["NĐ", "CT"],
        "issuer": ["CP", "TW"],
        "source": ["tuyenquang"],
        "year": ["2024"],
        "month": ["2024-04"],
        "implements": [],
        "relations": [],
    }


def test_implements_facets_read_both_ends_of_each_relation() -> None:
    rels = [Implementation(doc="nghe-an:48-KH/TU", target=t, verb="thực hiện", sentence="…") for t in
            ("20-CT/TW", "18-NQ/TW")]
    values = keyword_values(by_slug("tre-em-ha-noi").model_copy(update={"implements": rels}))
    assert values["implements"] == ["20-CT/TW", "18-NQ/TW"]
    assert values["relations"] == [relation_value("20-CT/TW", "nghe-an:48-KH/TU"),
                                   relation_value("18-NQ/TW", "nghe-an:48-KH/TU")]  # fmt: skip
    assert not facet("implements").shown
    assert facet("relations").multi
    assert SearchQuery(implements=["20-CT/TW"]).filters == {"implements": ["20-CT/TW"]}


def test_unit_at_publication_defaults_to_the_current_unit_and_values_are_distinct() -> None:
    article = by_slug("tre-em-ha-noi").model_copy(
        update={
            "directives": [REFS["20-CT/TW"], REFS["05-CT/TW"]],
            "published": datetime(2023, 12, 31, 23, 59, tzinfo=VN),
        }
    )
    values = keyword_values(article)
    assert values["province_at_publication"] == ["ha-noi"]
    assert values["doc_type"] == ["CT"]  # two Chỉ thị, one value
    assert (values["year"], values["month"]) == (["2023"], ["2023-12"])


def test_undated_article_has_no_month_or_year() -> None:
    values = keyword_values(by_slug("khong-ngay"))
    assert values["month"] == values["year"] == []
    assert keyword_values(full_article())["provinces_mentioned"] == ["hai-phong", "quang-ninh"]


def test_registry_names_are_unique_and_looked_up() -> None:
    assert len(BY_NAME) == len(FACETS)
    assert facet("directive").multi
    with pytest.raises(KeyError, match="known: province"):
        facet("provnce")


def test_search_query_accepts_facet_keywords_and_rejects_unknown_facets() -> None:
    assert SearchQuery(province=["ha-noi"]).filters == {"province": ["ha-noi"]}
    assert SearchQuery(filters={"month": ["2024-03"]}).selected("month") == ["2024-03"]
    with pytest.raises(ValueError, match="unknown facet"):
        SearchQuery(facets=("provnce",))


def test_implements_holds_each_target_and_relations_each_pair() -> None:
    said = "Kế hoạch số 48-KH/TU thực hiện Chỉ thị số 20-CT/TW."
    article = by_slug("tre-em-ha-noi").model_copy(update={"implements": [
        Implementation(doc="nghe-an:48-KH/TU", target="20-CT/TW", verb="thực hiện", sentence=said),
        Implementation(doc="nghe-an:12-KH/HU", target="nghe-an:48-KH/TU", verb="thực hiện", sentence=said),
    ]})  # fmt: skip
    values = keyword_values(article)
    assert values["implements"] == ["20-CT/TW", "nghe-an:48-KH/TU"]
    assert values["relations"] == [
        relation_value("20-CT/TW", "nghe-an:48-KH/TU"), "nghe-an:48-KH/TU > nghe-an:12-KH/HU"]  # fmt: skip
    assert not facet("implements").shown  # index-only: no page filter, no API parameter
    assert not facet("relations").shown
