"""GET /api/coverage(.csv): matches per province per month, checked against the corpus itself."""

from __future__ import annotations

import csv
import io
from collections import Counter

from fastapi.testclient import TestClient

from search_api.coverage import month_span
from tests.indexer.corpus import VN, corpus
from tests.search_api.conftest import BULK_PROVINCES, BULK_SIZE


def test_directive_coverage_by_province_and_month(client: TestClient) -> None:
    body = client.get("/api/coverage", params={"directive": "20-CT/TW"}).json()
    cited = [a for a in corpus() if any(d.key == "20-CT/TW" for d in a.directives)]
    expected = Counter((a.province, f"{a.published.astimezone(VN):%Y-%m}") for a in cited if a.published)
    got = Counter({(row["province"], m): n for row in body["rows"] for m, n in row["counts"].items()})
    assert got == expected
    assert body["total"] == len(cited)
    assert body["months"] == month_span({m for _, m in expected})
    assert {row["label"] for row in body["rows"]} >= {"Đắk Lắk", "Lào Cai"}


def test_month_columns_have_no_gaps() -> None:
    assert month_span({"2023-11", "2024-02"}) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_span(set()) == []


def test_undated_and_unplaced_matches_are_counted(client: TestClient) -> None:
    body = client.get("/api/coverage").json()
    articles = corpus()
    assert body["total"] == len(articles)
    assert body["undated"] == sum(1 for a in articles if a.published is None)
    assert body["undated"] == 1
    assert body["no_province"] == sum(1 for a in articles if a.province is None)


def test_selected_provinces_are_the_only_rows(bulk_client: TestClient) -> None:
    body = bulk_client.get("/api/coverage", params={"province": list(BULK_PROVINCES[:2]), "q": "trẻ em"}).json()
    assert [row["province"] for row in body["rows"]] == sorted(BULK_PROVINCES[:2])
    assert body["total"] == sum(row["total"] for row in body["rows"]) == 2 * BULK_SIZE // 3


def test_coverage_csv_is_a_zero_filled_table(bulk_client: TestClient) -> None:
    response = bulk_client.get("/api/coverage.csv", params={"q": "trẻ em"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rows = table[0], table[1:]
    assert header[:3] == ["province", "province_label", "total"]
    assert header[3:] == [f"2024-{m:02d}" for m in range(1, 13)]
    assert len(rows) == len(BULK_PROVINCES)
    for row in rows:
        assert int(row[2]) == sum(int(c) for c in row[3:]) == BULK_SIZE // 3


def test_coverage_rejects_bad_parameters(client: TestClient) -> None:
    response = client.get("/api/coverage", params={"date_from": "2024-02-30"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "date_from"]
