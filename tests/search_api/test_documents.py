"""The document page's API on a real tantivy index: mentions per unit, silent vs no-source units, the chain, the
timeline, the CSV/JSON/RSS of the same view, unknown keys, and the same first day on /do-phu."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from core.article import Article, Implementation
from core.settings import Settings
from search_api.app import create_app
from search_api.chain import CHAIN_DEPTH
from tests.indexer.corpus import VN
from tests.search_api.conftest import BULK_PROVINCES, BULK_SIZE, seeded
from tests.search_api.counting import CountingBackend
from tests.search_api.document_data import CT20, DISTRICT_SENTENCE, PLAN_SENTENCE, articles

API = "/api/documents/20-CT%2FTW"


@pytest.fixture(scope="module")
def document_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return seeded(tmp_path_factory.mktemp("documents"), list(articles().values()))


@pytest.fixture
def doc_client(document_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(document_settings)) as client:
        yield client


def _units(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in body["units"]}


def test_first_and_last_mention_per_unit_with_links(doc_client: TestClient) -> None:
    response = doc_client.get(API)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["info"]["title"].startswith("về tăng cường sự lãnh đạo")
    assert (body["info"]["issuer_name"], body["info"]["issued"], body["info"]["known_from"]) == (
        "Bộ Chính trị", "2012-11-05", "registry")  # fmt: skip
    assert body["total"] == 6
    assert body["undated"] == 1
    units = _units(body)
    nghe_an = units["nghe-an"]
    assert (nghe_an["status"], nghe_an["count"]) == ("mentioned", 3)
    assert nghe_an["first"]["day"] == "2013-03-01"
    assert nghe_an["first"]["href"] == f"/bai-viet/{articles()['nghe_an_plan'].id}"
    assert nghe_an["last"]["day"] == "2014-06-12"
    assert units["dong-nai"]["first"]["day"] == "2012-12-20"  # Bình Phước then, Đồng Nai now
    assert units["hue"]["first"]["day"] is None  # its only mention is undated
    mentioned = [u["unit"] for u in body["units"] if u["status"] == "mentioned"]
    assert mentioned == ["dong-nai", "nghe-an", "dak-lak", "hue"]  # first mention first, undated last
    assert len(body["units"]) == 34


def test_units_at_publication_put_a_merged_units_mention_under_it(doc_client: TestClient) -> None:
    body = doc_client.get(API, params={"group": "province_at_publication"}).json()
    units = _units(body)
    assert len(units) >= 63
    assert (units["binh-phuoc"]["status"], units["binh-phuoc"]["first"]["day"]) == ("mentioned", "2012-12-20")
    assert units["dong-nai"]["status"] == "no_source"  # Đồng Nai itself published nothing
    assert [p["key"] for p in units["nghe-an"]["plans"]] == ["nghe-an:48-KH/TU", "nghe-an:12-KH/HU"]


def test_late_night_mention_counts_on_its_vietnamese_day(doc_client: TestClient) -> None:
    body = doc_client.get(API, params={"date_to": "2014-06-11"}).json()
    assert _units(body)["nghe-an"]["last"]["day"] == "2014-06-10"  # 00:30 in Vietnam: still 9 June in UTC
    inside = _units(doc_client.get(API, params={"date_from": "2014-06-11"}).json())["nghe-an"]
    assert (inside["first"]["day"], inside["count"]) == ("2014-06-12", 1)  # the range cuts the first month too


def test_units_with_no_mention_are_told_apart_from_units_with_no_source(doc_client: TestClient) -> None:
    units = _units(doc_client.get(API).json())
    assert units["ha-noi"]["status"] == "silent"  # crawled (1 article since the directive), never cited
    assert units["ha-noi"]["all"] == 1
    assert units["ca-mau"]["status"] == "no_source"  # its only article predates the directive's issue date
    assert units["an-giang"]["status"] == "no_source"
    no_source = [u["label"] for u in doc_client.get(API).json()["units"] if u["status"] == "no_source"]
    assert no_source.index("Đà Nẵng") < no_source.index("Gia Lai")  # not after every other name
    later = _units(doc_client.get(API, params={"date_from": "2014-03-01"}).json())
    assert later["ha-noi"]["status"] == "no_source"  # nothing of Hà Nội crawled in that period


def test_chain_follows_provincial_then_district_plans(doc_client: TestClient) -> None:
    chain = doc_client.get(API).json()["chain"]
    assert chain["depth"] == 2
    assert not chain["capped"]
    top = {p["key"]: p for p in chain["plans"]}
    assert list(top) == ["nghe-an:48-KH/TU", "dak-lak:30-KH/TU"]  # oldest first
    plan = top["nghe-an:48-KH/TU"]
    assert (plan["unit"], plan["articles"], plan["sentence"]) == ("nghe-an", 2, PLAN_SENTENCE)
    assert plan["first"]["day"] == "2013-03-01"
    [district] = plan["children"]
    assert (district["key"], district["target"], district["sentence"]) == (
        "nghe-an:12-KH/HU", "nghe-an:48-KH/TU", DISTRICT_SENTENCE)  # fmt: skip
    assert district["first"]["href"] == f"/bai-viet/{articles()['district'].id}"
    units = _units(doc_client.get(API).json())
    assert [p["key"] for p in units["nghe-an"]["plans"]] == ["nghe-an:48-KH/TU", "nghe-an:12-KH/HU"]
    assert [p["key"] for p in units["dak-lak"]["plans"]] == ["dak-lak:30-KH/TU"]


def test_a_local_plan_has_its_own_page_with_facts_from_the_text(doc_client: TestClient) -> None:
    body = doc_client.get("/api/documents/nghe-an:48-kh%2Ftu").json()  # any case, like the filter
    info = body["info"]
    assert (info["key"], info["label"], info["known_from"]) == ("nghe-an:48-KH/TU", "48-KH/TU (Nghệ An)", "text")
    assert (info["issued"], info["issuer_name"]) == ("2013-02-20", "Tỉnh ủy")
    assert [p["key"] for p in body["chain"]["plans"]] == ["nghe-an:12-KH/HU"]
    later = doc_client.get("/api/documents/nghe-an:48-KH%2FTU", params={"date_from": "2020-01-01"}).json()
    assert later["info"]["issued"] == "2013-02-20"  # the facts do not depend on the period asked


def test_timeline_counts_national_and_selected_units_per_month(doc_client: TestClient) -> None:
    body = doc_client.get(API, params={"unit": ["nghe-an", "khong-co"]}).json()
    assert body["selected"] == ["nghe-an"]
    assert body["period"] == "month"
    months = {m["period"]: (m["national"], m["selected"]) for m in body["timeline"]}
    assert months["2012-12"] == (1, 0)
    assert months["2013-03"] == (1, 1)
    assert months["2014-06"] == (2, 2)
    assert months["2013-07"] == (0, 0)  # gaps are months too
    assert sum(n for n, _ in months.values()) == body["total"] - body["undated"]
    years = doc_client.get(API, params={"unit": "nghe-an", "period": "year"}).json()["timeline"]
    assert [(y["period"], y["national"], y["selected"]) for y in years] == [
        ("2012", 1, 0), ("2013", 1, 1), ("2014", 2, 2), ("2015", 1, 0)]  # fmt: skip
    page = doc_client.get("/van-ban/20-CT%2FTW", params={"period": "quarter"}).text
    assert '<th scope="row">Quý 2/2014</th>' in page


def test_csv_and_json_downloads_equal_the_view(doc_client: TestClient) -> None:
    view = doc_client.get(API).json()
    download = doc_client.get(API + ".json")
    assert download.headers["content-disposition"].startswith('attachment; filename="govnews-van-ban-20-ct-tw')
    assert download.json()["units"] == view["units"]
    response = doc_client.get(API + ".csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["province"] for r in rows] == [u["unit"] for u in view["units"]]
    for row, unit in zip(rows, view["units"], strict=True):
        assert (row["status"], int(row["articles"]), int(row["all_articles"])) == (
            unit["status"], unit["count"], unit["all"])  # fmt: skip
        first = unit["first"] or {}
        assert row["first_mention"] == (first.get("day") or "")
        assert row["first_article"] == first.get("href", "")
        assert row["plans"] == "; ".join(p["key"] for p in unit["plans"])


def test_rss_lists_new_units_and_new_plans_newest_first(doc_client: TestClient) -> None:
    response = doc_client.get(API + ".rss")
    assert response.headers["content-type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    titles = [i.findtext("title") or "" for i in channel.findall("item")]
    assert titles[0] == "Đắk Lắk lần đầu nhắc 20-CT/TW" or titles[0].startswith("Kế hoạch 30-KH/TU")
    assert "Nghệ An lần đầu nhắc 20-CT/TW" in titles
    assert "Kế hoạch 48-KH/TU (Nghệ An) thực hiện 20-CT/TW" in titles
    assert "Kế hoạch 12-KH/HU (Nghệ An) thực hiện 48-KH/TU (Nghệ An)" in titles
    assert "Huế lần đầu nhắc 20-CT/TW" not in titles  # no day, no news item
    guids = [i.findtext("guid") for i in channel.findall("item")]
    assert len(guids) == len(set(guids))
    assert all(i.findtext("pubDate") for i in channel.findall("item"))


def test_unknown_key_is_a_vietnamese_404_on_the_api_and_the_page(doc_client: TestClient) -> None:
    response = doc_client.get("/api/documents/99-XX%2FYY")
    assert response.status_code == 404
    assert "Không có bài viết nào trích dẫn văn bản «99-XX/YY»" in response.json()["detail"]
    assert doc_client.get("/api/documents/20-CT%2FTW", params={"date_to": "2000-01-01"}).status_code == 200
    page = doc_client.get("/van-ban/99-XX/YY")
    assert page.status_code == 404
    assert "Không tìm thấy văn bản" in page.text
    long = doc_client.get("/van-ban/" + "1" * 200)
    assert long.status_code == 422
    assert "Mã văn bản phải có" in long.text


def test_a_number_several_units_share_names_each_document(doc_client: TestClient) -> None:
    response = doc_client.get("/api/documents/48-kh%2Ftu.csv")
    assert response.status_code == 300
    detail = response.json()["detail"]
    assert "Có 2 văn bản cùng số «48-KH/TU»" in detail["message"]
    assert sorted(c["key"] for c in detail["choices"]) == ["ha-tinh:48-KH/TU", "nghe-an:48-KH/TU"]
    assert {c["href"] for c in detail["choices"]} >= {"/api/documents/ha-tinh%3A48-KH%2FTU.csv"}
    page = doc_client.get("/van-ban/48-KH/TU")
    assert page.status_code == 300
    assert 'href="/van-ban/nghe-an%3A48-KH%2FTU">48-KH/TU (Nghệ An)</a>' in page.text


def test_a_registered_key_in_any_case_answers_on_an_empty_index(tmp_path: Path) -> None:
    with TestClient(create_app(seeded(tmp_path, []))) as client:
        body = client.get("/api/documents/20-ct%2Ftw").json()
    assert body["info"]["key"] == "20-CT/TW"
    assert body["total"] == 0
    assert {u["status"] for u in body["units"]} == {"no_source"}
    assert body["chain"]["plans"] == []


def test_search_parameters_are_left_out_and_said_so(doc_client: TestClient) -> None:
    body = doc_client.get(API, params={"q": "Sơ kết", "province": "dak-lak"}).json()
    assert body["total"] == 6  # neither the text nor the filter narrows the document's mentions
    assert [n["param"] for n in body["notices"]] == ["q", "province"]
    assert "không dùng cho trang văn bản" in body["notices"][0]["message"]


def test_bad_dates_are_named_in_vietnamese(doc_client: TestClient) -> None:
    response = doc_client.get(API, params={"date_from": "2014-02-30"})
    assert response.status_code == 422
    assert "date_from" in response.json()["message"]
    page = doc_client.get("/van-ban/20-CT%2FTW", params={"date_from": "2014-02-30"})
    assert page.status_code == 422
    assert "ngày có thật" in page.text
    assert 'data-unit="nghe-an"' in page.text  # the bad date is left out, the page still shows


def test_the_page_shows_the_chain_the_first_days_and_the_downloads(doc_client: TestClient) -> None:
    page = doc_client.get("/van-ban/20-CT%2FTW")
    assert page.status_code == 200
    html = page.text
    assert "style=" not in html
    for needed in ('id="chain-tree"', 'data-key="nghe-an:12-KH/HU" data-level="2"', 'datetime="2013-03-01"',
                   'href="/api/documents/20-CT%2FTW.csv?group=province&amp;period=month"', "Có nguồn, chưa nhắc đến",
                   "Chưa thu thập nguồn nào trong kỳ", 'id="timeline-table"',
                   "<small>thực hiện 48-KH/TU (Nghệ An)</small>"):  # fmt: skip
        assert needed in html, needed
    same = doc_client.get("/van-ban/20-CT/TW")  # the slash unencoded works too
    assert same.status_code == 200
    assert 'data-key="20-CT/TW"' in same.text


def test_coverage_first_mention_column_is_the_document_pages_first_mention(doc_client: TestClient) -> None:
    view = _units(doc_client.get(API).json())
    table = doc_client.get("/api/coverage", params={"directive": "20-CT/TW"}).json()
    for row in table["rows"]:
        first = view[row["unit"]]["first"]
        assert row["first"] == (first["day"] if first else None), row["unit"]
    html = doc_client.get("/do-phu", params={"directive": "20-CT/TW"}).text
    assert '<th scope="col">Lần đầu</th>' in html
    assert '<time datetime="2013-03-01">01/03/2013</time>' in html
    assert 'href="/van-ban/20-CT%2FTW"' in html


def test_chips_and_the_directive_facet_link_the_document_page(doc_client: TestClient) -> None:
    html = doc_client.get("/", params={"q": "Sơ kết"}).text
    assert html.count('class="doc-link" href="/van-ban/20-CT%2FTW"') >= 2  # the hit's chip and the facet value
    article = doc_client.get(f"/bai-viet/{articles()['nghe_an_plan'].id}").text
    assert 'class="doc-link" href="/van-ban/nghe-an%3A48-KH%2FTU"' in article


def test_the_work_follows_the_units_not_the_citing_articles(bulk_settings: Settings) -> None:
    backend = CountingBackend(bulk_settings.index_dir)
    with TestClient(create_app(bulk_settings, backend=backend)) as client:
        body = client.get(API).json()
    mentioned = [u for u in body["units"] if u["status"] == "mentioned"]
    assert body["total"] == BULK_SIZE // 2  # 225 citing articles ...
    assert {u["unit"] for u in mentioned} == set(BULK_PROVINCES)
    assert backend.calls["cross_counts"] == 2  # ... counted by two aggregations,
    assert backend.calls["get"] == 0  # none of them read,
    # and per mentioning unit one oldest and one newest size-1 query, plus: the key's check in the index, the
    # filter's vocabulary lookup, and the chain's one aggregation (no implementing plan here)
    assert backend.calls["search"] == 2 * len(mentioned) + 3


def test_a_long_chain_stops_at_the_depth_cap_and_a_cycle_ends(tmp_path: Path) -> None:
    keys = ["20-CT/TW", *(f"nghe-an:{n}-KH/HU" for n in range(1, 7))]  # 20-CT/TW <- 1 <- 2 <- ... <- 6
    said = "Kế hoạch này thực hiện kế hoạch cấp trên."
    links = [Implementation(doc=doc, target=target, verb="thực hiện", sentence=said)
             for target, doc in pairwise(keys)]  # fmt: skip
    links.append(Implementation(doc="20-CT/TW", target=keys[2], verb="căn cứ", sentence=said))  # back to the top
    stating = [
        Article(id=f"a{n}", url=f"https://nghe-an.gov.vn/{n}", canonical_url=f"https://nghe-an.gov.vn/{n}",
                title=f"Kế hoạch {n}", body=said, province="nghe-an", published=datetime(2015, 1, n + 1, tzinfo=VN),
                directives=[CT20], implements=[link])
        for n, link in enumerate(links)
    ]  # fmt: skip
    with TestClient(create_app(seeded(tmp_path, stating))) as client:
        chain = client.get(API).json()["chain"]
    assert chain["depth"] == CHAIN_DEPTH
    assert chain["capped"]
    node, seen = chain["plans"][0], []
    while node:
        seen.append(node["key"])
        node = node["children"][0] if node["children"] else None
    assert seen == keys[1 : CHAIN_DEPTH + 1]  # the cycle back to 20-CT/TW is not followed
