"""Coverage (/api/coverage, .csv, /do-phu): every unit a row, counts and shares per period, against the corpus."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from core.config import load_provinces
from core.settings import DEFAULT_CONFIG_DIR, Settings
from search_api.app import create_app
from search_api.coverage import month_span, period_of
from tests.indexer.corpus import VN, by_slug, corpus
from tests.search_api.conftest import BULK_PROVINCES, BULK_SIZE, bulk_corpus
from tests.search_api.counting import CountingBackend

PROVINCES = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")


def parse_anchors(html: str) -> list[dict[str, str]]:
    """Every <a>'s attributes."""
    anchors: list[dict[str, str]] = []

    class Anchors(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                anchors.append({k: v or "" for k, v in attrs})

    Anchors().feed(html)
    return anchors


def month(article: Any) -> str:
    return f"{article.published.astimezone(VN):%Y-%m}"


def cells(body: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    """(unit, period) -> (count, all) for the non-empty cells."""
    return {
        (row["unit"], period): (cell["count"], cell["all"])
        for row in body["rows"]
        for period, cell in zip(body["periods"], row["cells"], strict=True)
        if cell["all"]
    }


def test_directive_coverage_has_every_current_unit_with_counts_and_shares(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"directive": "20-CT/TW"}).json()
    assert {row["unit"] for row in body["rows"]} == {u.code for u in PROVINCES.current}
    assert len(body["rows"]) == 34
    cited = [a for a in corpus() if any(d.key == "20-CT/TW" for d in a.directives)]
    assert body["total"] == len(cited) == 3
    everything = Counter((a.province, month(a)) for a in corpus() if a.published)
    got = cells(body)
    for (unit, period), (count, total) in got.items():
        assert total == everything[(unit, period)]
        assert count == sum(1 for a in cited if (a.province, month(a)) == (unit, period))
    row = next(r for r in body["rows"] if r["unit"] == "dak-lak")
    cell = row["cells"][body["periods"].index("2023-05")]
    assert (cell["count"], cell["all"], cell["share"]) == (1, 1, 1.0)
    assert cell["heat"] == 5
    assert body["periods"] == month_span({month(a) for a in cited})
    zero = next(r for r in body["rows"] if r["unit"] == "ca-mau")
    assert zero["total"] == 0
    assert all(c["count"] == 0 and c["heat"] == 0 for c in zero["cells"])


def test_a_cell_links_to_the_matching_search(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"directive": "20-CT/TW", "period": "year"}).json()
    row = next(r for r in body["rows"] if r["unit"] == "tuyen-quang")
    cell = row["cells"][body["periods"].index("2024")]
    assert cell["count"] == 1
    found = client.get(cell["href"].replace("/?", "/api/search?", 1)).json()
    assert found["total"] == 1
    assert found["hits"][0]["id"] == by_slug("nghi-dinh-20-va-chi-thi-20").id


def test_quarters_and_years_sum_their_months(client: TestClient) -> None:
    months = client.get("/api/coverage", params={"q": "trẻ em"}).json()
    for period in ("quarter", "year"):
        body = client.get("/api/coverage", params={"q": "trẻ em", "period": period}).json()
        rolled: Counter[tuple[str, str]] = Counter()
        for (unit, m), (count, _) in cells(months).items():
            rolled[(unit, period_of(m, period))] += count
        assert {k: v[0] for k, v in cells(body).items() if v[0]} == {k: v for k, v in rolled.items() if v}
    assert period_of("2024-05", "quarter") == "2024-Q2"
    assert period_of("2024-12", "year") == "2024"


def test_undated_and_unplaced_matches_are_counted(client: TestClient) -> None:
    body = client.get("/api/coverage").json()
    articles = corpus()
    assert body["total"] == len(articles)
    assert body["undated"] == sum(1 for a in articles if a.published is None) == 1
    assert body["no_unit"] == sum(1 for a in articles if a.province is None)


def test_grouping_by_unit_at_publication_lists_the_63_former_units(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"group": "province_at_publication", "period": "year"}).json()
    units = [row["unit"] for row in body["rows"]]
    assert set(units) >= {u.code for u in PROVINCES.former}
    row = next(r for r in body["rows"] if r["unit"] == "ha-giang")
    assert row["label"] == "Hà Giang"
    assert row["total"] == 1  # published in Hà Giang, now Tuyên Quang
    assert next(r for r in body["rows"] if r["unit"] == "tuyen-quang")["total"] == 0


def test_coverage_csv_is_a_zero_filled_table_with_shares(bulk_client: TestClient) -> None:
    response = bulk_client.get("/api/coverage.csv", params={"q": "trẻ em"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert 'filename="govnews-do-phu-tre-em-' in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rows = table[0], table[1:]
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    assert header == [
        "province", "province_label", "total", "all_articles", "first_mention", *months,
        *(f"{m} share" for m in months),
    ]  # fmt: skip
    assert len(rows) == 34
    for row in rows:
        counts = [int(c) for c in row[5:17]]
        if row[0] in BULK_PROVINCES:
            assert int(row[2]) == sum(counts) == BULK_SIZE // 3
            assert row[17:] == ["1.0000" if c else "" for c in counts]  # every article matches: share 1
            first = min(a.published for a in bulk_corpus() if a.province == row[0] and a.published)
            assert row[4] == first.date().isoformat()  # the day of the unit's oldest match
        else:
            assert int(row[2]) == sum(counts) == 0
            assert row[4] == ""


def test_coverage_rejects_bad_parameters_in_vietnamese(client: TestClient) -> None:
    response = client.get("/api/coverage", params={"date_from": "2024-02-30", "period": "week"})
    assert response.status_code == 422
    assert sorted(e["loc"][-1] for e in response.json()["detail"]) == ["date_from", "period"]
    assert "phải là một trong" in response.json()["message"]
    message = client.get("/api/coverage", params={"heat": "x", "order": "y"}).json()["message"]
    assert "heat: phải là một trong: count hoặc share" in message  # Vietnamese, not "count or share"
    assert "order: phải là một trong: name hoặc total" in message


@pytest.fixture
def counting(corpus_settings: Settings) -> Iterator[tuple[TestClient, CountingBackend]]:
    backend = CountingBackend(corpus_settings.index_dir)
    with TestClient(create_app(corpus_settings, backend=backend)) as client:
        yield client, backend


def test_the_table_comes_from_two_aggregations_and_one_first_mention_query_per_unit_with_matches(
    counting: tuple[TestClient, CountingBackend],
) -> None:
    client, backend = counting
    response = client.get("/api/coverage", params={"q": "trẻ em", "period": "quarter"})
    assert response.status_code == 200
    with_matches = [r for r in response.json()["rows"] if r["total"]]
    assert 0 < len(with_matches) < 34
    # the query's counts and everything's (the shares), then each matching unit's oldest match (its first mention)
    assert backend.calls == {"cross_counts": 2, "search": len(with_matches)}


def test_coverage_page_is_a_heat_map_with_every_unit(client: TestClient) -> None:
    response = client.get("/do-phu", params={"directive": "20-CT/TW", "period": "year"})
    assert response.status_code == 200
    html = response.text
    assert html.count("<tr data-unit=") == 34
    assert 'class="heat-5"' in html
    assert "style=" not in html
    assert "Đắk Lắk" in html
    assert "Cà Mau" in html
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_rows_are_in_vietnamese_collation_order(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"directive": "20-CT/TW", "period": "year"}).json()
    labels = [row["label"] for row in body["rows"]]
    assert labels.index("Cần Thơ") < labels.index("Đà Nẵng") < labels.index("Điện Biên") < labels.index("Gia Lai")
    assert labels.index("Tây Ninh") < labels.index("Tuyên Quang")
    by_total = client.get("/api/coverage", params={"directive": "20-CT/TW", "order": "total"}).json()["rows"]
    totals = [row["total"] for row in by_total]
    assert totals == sorted(totals, reverse=True)
    zeros = [row["label"] for row in by_total if row["total"] == 0]
    assert zeros == [label for label in labels if label in set(zeros)]  # ties keep the name order


def test_heat_by_count_or_by_share(client: TestClient) -> None:
    def levels(heat: str) -> tuple[dict[tuple[str, int], int], dict[str, Any]]:
        body = client.get("/api/coverage", params={"q": "tre em", "period": "year", "heat": heat}).json()
        return {(r["unit"], i): c["heat"] for r in body["rows"] for i, c in enumerate(r["cells"])}, body

    by_count, body = levels("count")
    by_share, _ = levels("share")
    assert body["heat"] == "count"
    cells = [c for r in body["rows"] for c in r["cells"] if c["count"]]
    top_count, top_share = max(c["count"] for c in cells), max(c["share"] for c in cells)
    for row in body["rows"]:
        for i, c in enumerate(row["cells"]):
            if c["count"]:
                assert by_count[(row["unit"], i)] == max(1, round(c["count"] / top_count * 5))
                assert by_share[(row["unit"], i)] == max(1, round(c["share"] / top_share * 5))
            else:
                assert by_count[(row["unit"], i)] == by_share[(row["unit"], i)] == 0
    assert by_count != by_share  # a unit with one article, matching, is the darkest by share only
    page = client.get("/do-phu", params={"q": "tre em", "heat": "share"}).text
    assert '<option value="share" selected>' in page
    [json_href] = [a["href"] for a in parse_anchors(page) if a["href"].startswith("/api/coverage?")]
    assert parse_qs(urlsplit(json_href).query)["heat"] == ["share"]  # carried to the JSON link


def test_cells_tell_none_of_n_from_nothing_crawled(client: TestClient) -> None:
    page = client.get("/do-phu", params={"directive": "20-CT/TW", "period": "year"}).text
    body = client.get("/api/coverage", params={"directive": "20-CT/TW", "period": "year"}).json()
    crawled_zero = sum(1 for r in body["rows"] for c in r["cells"] if c["count"] == 0 and c["all"])
    nothing = sum(1 for r in body["rows"] for c in r["cells"] if c["all"] == 0)
    assert crawled_zero
    assert nothing
    assert page.count('<td class="heat-0 zero"') == crawled_zero
    assert page.count('<td class="nodata"') == nothing
    row = page.split('data-unit="can-tho"')[1].split("</tr>")[0]  # Cần Thơ: 2 articles in January 2022, no match
    assert 'title="Cần Thơ, 2022: 0 trên 2 bài đã thu thập">0<small>/2</small>' in row
    assert "chưa thu thập bài nào" in page.split('data-unit="ca-mau"')[1].split("</tr>")[0]
    legend = page.split('id="legend"')[1].split("</ul>")[0]
    assert "không có bài nào của tỉnh trong kỳ được thu thập" in legend
    assert "không bài nào khớp" in legend


def test_a_year_column_counts_the_whole_year_of_articles(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"directive": "20-CT/TW", "period": "year"}).json()
    assert body["periods"][0] == "2022"  # the first match is in August 2022
    everything = Counter((a.province, f"{a.published.astimezone(VN):%Y}") for a in corpus() if a.published)
    for row in body["rows"]:
        for year, cell in zip(body["periods"], row["cells"], strict=True):
            assert cell["all"] == everything[(row["unit"], year)], (row["unit"], year)  # Cần Thơ's January too


def test_the_month_view_starts_where_the_matches_start(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"directive": "20-CT/TW", "date_from": "2021-01-01"}).json()
    assert body["periods"][0] == "2022-08"  # Lào Cai's article, the first match; not January 2021
    assert body["periods"][-1] == "2024-04"


def test_the_directive_filter_is_shown_in_its_box_and_can_be_cleared(client: TestClient) -> None:
    page = client.get("/do-phu", params={"directive": "20-CT/TW", "province": "dak-lak", "period": "year"}).text
    assert 'id="directive" value="20-CT/TW"' in page
    assert '<input type="hidden" name="directive"' not in page  # the box carries it, not a hidden field
    chips = page.split('id="active-filters"')[1].split("</section>")[0]
    removes = {a["aria-label"]: a["href"] for a in parse_anchors(chips) if a.get("class") == "remove"}
    assert len(removes) == 2
    [directive] = [href for label, href in removes.items() if label.endswith(": 20-CT/TW")]
    [province] = [href for label, href in removes.items() if label.endswith(": Đắk Lắk")]
    without = parse_qs(urlsplit(directive).query)
    assert "directive" not in without
    assert without["province"] == ["dak-lak"]
    assert without["period"] == ["year"]
    assert parse_qs(urlsplit(province).query)["directive"] == ["20-CT/TW"]
    assert 'id="directive" value=""' in client.get(directive).text


def test_a_marked_query_with_no_match_offers_the_widened_count_on_the_coverage_page(client: TestClient) -> None:
    page = client.get("/do-phu", params={"q": "hòa ban", "period": "year", "heat": "share"}).text
    assert "<strong>0</strong> bài khớp" in page
    wide = client.get("/api/coverage", params={"q": "hòa ban", "fold_all": "true"}).json()["total"]
    assert wide > 0
    assert f"Khớp không dấu: {wide} bài" in page
    [href] = [a["href"] for a in parse_anchors(page) if "fold_all" in a["href"]]
    assert href.startswith("/do-phu?")
    kept = parse_qs(urlsplit(href).query)
    assert (kept["period"], kept["heat"]) == (["year"], ["share"])
    assert "Khớp không dấu" not in client.get("/do-phu", params={"q": "hoa ban"}).text.split("</header>")[1]


def test_a_wide_month_view_says_so_and_offers_quarters_and_years(client: TestClient) -> None:
    body = client.get("/api/coverage").json()
    assert len(body["periods"]) > 36  # the corpus runs from 2020 to 2025
    page = client.get("/do-phu", params={"heat": "share"}).text
    notice = page.split('id="wide"')[1].split("</p>")[0]
    assert f"{len(body['periods'])} cột, từ {body['periods'][0]} đến {body['periods'][-1]}" in notice
    hrefs = [a["href"] for a in parse_anchors(notice)]
    assert [parse_qs(urlsplit(h).query)["period"] for h in hrefs] == [["quarter"], ["year"]]
    assert all(parse_qs(urlsplit(h).query)["heat"] == ["share"] for h in hrefs)
    assert 'id="wide"' not in client.get("/do-phu", params={"period": "quarter"}).text
    assert 'id="wide"' not in client.get("/do-phu", params={"directive": "20-CT/TW"}).text  # 2022-08 .. 2024-04


def test_the_page_has_one_h1_headings_a_caption_and_a_skip_link(client: TestClient) -> None:
    page = client.get("/do-phu", params={"directive": "20-CT/TW", "period": "year"}).text
    assert page.count("<h1") == 1
    assert "<h1>Độ phủ theo tỉnh</h1>" in page
    assert "<h2>Cách đọc bảng</h2>" in page
    caption = page.split("<caption>")[1].split("</caption>")[0]
    assert "Số bài khớp theo tỉnh/thành hiện nay (34) và năm" in caption
    assert "văn bản chỉ đạo 20-CT/TW" in caption
    assert '<a class="skip" href="#coverage-table">' in page


def test_the_filters_show_as_read(client: TestClient) -> None:
    page = client.get("/do-phu", params={"directive": "20-ct/tw", "period": "year"}).text
    assert 'id="directive" value="20-CT/TW"' in page  # the key as the index holds it, not as typed
    assert "<strong>20-CT/TW</strong>" in page.split('id="active-filters"')[1]
