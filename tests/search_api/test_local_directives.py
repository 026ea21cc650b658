"""A bare local document number (directive=377/KH-UBND) matches every unit's document of that number, and says so."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from core.article import Article
from core.config import load_provinces
from core.facets import MAX_FILTER_VALUES
from core.settings import DEFAULT_CONFIG_DIR
from search_api.app import create_app
from tests.indexer.corpus import REFS, corpus
from tests.indexer.neardup_corpus import article
from tests.search_api.conftest import seeded

PLAN = REFS["377/KH-UBND"]  # the corpus has one unscoped 377/KH-UBND (Đắk Lắk, no unit known)
UNITS = ("lao-cai", "lao-cai", "ha-noi")  # Lào Cai's plan cited twice: it comes first


def plan_article(n: int, unit: str, number: str = "377") -> Article:
    """An article of `unit` citing its own Kế hoạch `number`/KH-UBND (a unit-scoped key, as the cleaner makes)."""
    key = f"{unit}:{number}/KH-UBND"
    return article(f"kh-{number}-{unit}-{n}", f"Kế hoạch số {number}/KH-UBND của tỉnh", 1 + n % 28).model_copy(
        update={
            "province": unit,
            "source_id": f"portal-{unit}",
            "directives": [PLAN.model_copy(update={"key": key, "number": number, "scope": unit})],
        }
    )


def scoped_ids(unit: str) -> set[str]:
    return {a.id for n, u in enumerate(UNITS) if u == unit for a in [plan_article(n, u)]}


@pytest.fixture(scope="module")
def local_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    articles = [*corpus(), *(plan_article(n, unit) for n, unit in enumerate(UNITS))]
    with TestClient(create_app(seeded(tmp_path_factory.mktemp("local"), articles))) as client:
        yield client


def search(client: TestClient, **params: object) -> Any:
    """The JSON body of /api/search (asserting a 200)."""
    response = client.get("/api/search", params={"size": 50, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_bare_local_number_matches_every_units_document_and_names_the_units(local_client: TestClient) -> None:
    body = search(local_client, directive="377/KH-UBND")
    unscoped = next(a.id for a in corpus() if a.directives == [PLAN])
    assert {h["id"] for h in body["hits"]} == scoped_ids("lao-cai") | scoped_ids("ha-noi") | {unscoped}
    [notice] = body["warnings"]
    assert notice["param"] == "directive"
    assert notice["value"] == "377/KH-UBND"
    assert notice["message"].startswith("377/KH-UBND là số văn bản địa phương: khớp Lào Cai, Hà Nội, ")
    assert "chọn một tỉnh để thu hẹp (ví dụ directive=lao-cai:377/KH-UBND)" in notice["message"]
    facet = {f["value"]: f for f in body["facets"]["directive"]}
    assert facet["lao-cai:377/KH-UBND"]["label"] == "377/KH-UBND (Lào Cai)"
    assert facet["ha-noi:377/KH-UBND"]["label"] == "377/KH-UBND (Hà Nội)"
    assert facet["377/KH-UBND"]["label"] == "377/KH-UBND"
    assert all(facet[k]["selected"] for k in ("lao-cai:377/KH-UBND", "ha-noi:377/KH-UBND", "377/KH-UBND"))
    narrowed = local_client.get(facet["ha-noi:377/KH-UBND"]["toggle_url"]).json()  # untick Hà Nội
    assert {h["id"] for h in narrowed["hits"]} == scoped_ids("lao-cai") | {unscoped}


def test_a_scoped_key_matches_only_its_unit_and_case_is_folded(local_client: TestClient) -> None:
    body = search(local_client, directive="lao-cai:377/KH-UBND")
    assert {h["id"] for h in body["hits"]} == scoped_ids("lao-cai")
    assert body["warnings"] == []
    lower = search(local_client, directive="377/kh-ubnd")
    assert lower["total"] == 4
    assert "Lào Cai, Hà Nội" in lower["warnings"][0]["message"]


def test_an_unknown_local_number_is_still_reported_unknown(local_client: TestClient) -> None:
    body = search(local_client, directive="999/KH-UBND")
    assert body["total"] == 0
    assert body["warnings"][0]["message"] == "Không có bài viết nào trích dẫn văn bản «999/KH-UBND»."


def test_coverage_export_and_page_expand_the_bare_number(local_client: TestClient) -> None:
    cov = local_client.get("/api/coverage", params={"directive": "377/KH-UBND"}).json()
    totals = {row["unit"]: row["total"] for row in cov["rows"] if row["total"]}
    assert totals == {"lao-cai": 2, "ha-noi": 1, "dak-lak": 1}
    export = local_client.get("/api/export.csv", params={"directive": "377/KH-UBND"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == int(export.headers["X-Total-Count"]) == 4
    page = local_client.get("/", params={"directive": "377/KH-UBND"})
    assert page.status_code == 200
    text = unescape(page.text)
    assert "377/KH-UBND là số văn bản địa phương: khớp Lào Cai, Hà Nội" in text
    assert "377/KH-UBND (Lào Cai)" in text


def test_more_units_than_a_filter_may_carry_are_capped_so_links_stay_valid(tmp_path: Path) -> None:
    units = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")
    codes = sorted({u.code for u in units.current} | {u.code for u in units.former})
    assert len(codes) > MAX_FILTER_VALUES
    articles = [*corpus(), *(plan_article(n, unit, number="12") for n, unit in enumerate(codes))]
    with TestClient(create_app(seeded(tmp_path, articles))) as client:
        body = search(client, directive=["12/KH-UBND", "20-CT/TW"], facets="directive", more="directive")
        assert body["total"] == MAX_FILTER_VALUES - 1 + 3  # 49 units' plans and the three 20-CT/TW articles
        [notice] = body["warnings"]
        assert f"(chỉ {MAX_FILTER_VALUES - 1} trong {len(codes)} đơn vị" in notice["message"]
        selected = [f for f in body["facets"]["directive"] if f["selected"]]
        assert len(selected) == MAX_FILTER_VALUES
        assert client.get(selected[0]["toggle_url"]).status_code == 200  # a link with 49 values is a valid request


def test_directive_chips_name_the_unit(local_client: TestClient) -> None:
    page = unescape(local_client.get("/", params={"directive": "ha-noi:377/KH-UBND"}).text)
    assert re.search(r'class="chip" href="[^"]*directive=ha-noi%3A377%2FKH-UBND[^"]*">377/KH-UBND \(Hà Nội\)</a>', page)
    [hit] = search(local_client, directive="ha-noi:377/KH-UBND")["hits"]
    article = unescape(local_client.get(hit["article_href"]).text)
    assert re.search(r'class="chip" href="/\?directive=ha-noi%3A377/KH-UBND">377/KH-UBND \(Hà Nội\)</a>', article)


def test_feed_categories_name_the_unit(local_client: TestClient) -> None:
    root = ET.fromstring(local_client.get("/api/feed.xml", params={"directive": "377/KH-UBND"}).content)
    categories = {c.text for c in root.iter("category")}
    assert {"377/KH-UBND (Lào Cai)", "377/KH-UBND (Hà Nội)", "377/KH-UBND"} <= categories
    assert not any(c and c.startswith(("lao-cai:", "ha-noi:")) for c in categories)
