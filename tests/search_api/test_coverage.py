"""Coverage (/api/coverage, .csv, /do-phu): every unit a row, counts and shares per period, against the corpus."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.config import load_provinces
from core.search import CrossCounts, SearchQuery, SearchResult
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from search_api.app import create_app
from search_api.coverage import month_span, period_of
from tests.indexer.corpus import VN, by_slug, corpus
from tests.search_api.conftest import BULK_PROVINCES, BULK_SIZE, bulk_corpus

PROVINCES = load_provinces()


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


class CountingBackend(TantivyBackend):
    """The real tantivy backend, counting the calls coverage makes."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.calls: Counter[str] = Counter()

    def search(self, query: SearchQuery) -> SearchResult:
        self.calls["search"] += 1
        return super().search(query)

    def cross_counts(self, query: SearchQuery, rows: str, columns: str) -> CrossCounts:
        self.calls["cross_counts"] += 1
        return super().cross_counts(query, rows, columns)


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
