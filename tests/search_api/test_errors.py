"""Errors a client can act on: 422 naming the bad parameter, 404 for unknown ids, 503 (not 500) on outages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from core.facets import SHOWN
from core.settings import Settings
from search_api.app import create_app
from tests.indexer.corpus import by_slug, corpus

BAD: list[tuple[str, dict[str, str | list[str]]]] = [
    ("date_from", {"date_from": "2024-13-45"}),
    ("date_to", {"date_to": "31/12/2024"}),
    ("page", {"page": "0"}),
    ("page", {"page": "two"}),
    ("size", {"size": "1000"}),
    ("page", {"page": "101", "size": "100"}),
    ("size", {"size": "-1"}),
    ("sort", {"sort": "foo"}),
    ("q", {"q": "x" * 501}),
    ("province", {"province": [f"p{n}" for n in range(51)]}),
    ("facets", {"facets": "provnce"}),
    ("more", {"more": "nothing"}),
]
VIETNAMESE = {"date_from": "phải là một ngày có thật", "page": "", "size": "phải",
              "province": "có tối đa 50 giá trị (đã nhận 51)", "sort": "phải là một trong", "q": "dài quá 500 ký tự",
              "facets": "không có bộ lọc provnce"}  # fmt: skip


@pytest.mark.parametrize(("name", "params"), BAD, ids=[f"{n}={str(next(iter(p.values())))[:12]}" for n, p in BAD])
@pytest.mark.parametrize("path", ["/api/search", "/api/export.csv", "/api/feed.xml"])
def test_invalid_parameter_is_422_naming_it(
    client: TestClient, path: str, name: str, params: dict[str, str | list[str]]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert [e["loc"] for e in body["detail"]] == [["query", name]]
    assert body["message"].startswith(f"Tham số không hợp lệ — {name}: ")
    assert VIETNAMESE.get(name, "") in body["detail"][0]["msg"]
    assert "should" not in body["message"]
    assert "error" not in body["message"].lower()


def test_reversed_dates_are_swapped_and_said_so(client: TestClient) -> None:
    body = client.get("/api/search", params={"date_from": "2024-03-31", "date_to": "2024-03-01"}).json()
    assert body["total"] == 2  # March 2024, as if given in order: date_to is not dropped
    assert [(w["param"], w["value"]) for w in body["warnings"]] == [("date_to", "2024-03-01")]
    assert "đã đổi chỗ hai ngày" in body["warnings"][0]["message"]
    page = client.get("/", params={"date_from": "2024-03-31", "date_to": "2024-03-01"}).text
    assert "đã đổi chỗ hai ngày" in page
    assert 'value="2024-03-31"' in page  # the range kept, in order


def test_bad_cursor_is_422_naming_it(client: TestClient) -> None:
    body = client.get("/api/search", params={"cursor": "not-a-cursor"}).json()
    assert [e["loc"] for e in body["detail"]] == [["query", "cursor"]]


def test_page_with_a_stale_cursor_shows_the_first_page(client: TestClient) -> None:
    response = client.get("/", params={"q": "trẻ em", "cursor": "stale"})
    assert response.status_code == 422
    assert "cursor" in response.text
    assert "<mark>trẻ</mark>" in response.text


def test_several_bad_parameters_are_all_named(client: TestClient) -> None:
    body = client.get("/api/search", params={"page": 0, "size": 1000, "sort": "x"}).json()
    assert sorted(e["loc"][1] for e in body["detail"]) == ["page", "size", "sort"]


def test_page_shows_bad_parameter_and_searches_with_the_rest(client: TestClient) -> None:
    response = client.get("/", params={"q": "trẻ em", "date_from": "2024-13-45", "page": "0"})
    assert response.status_code == 422
    assert "Tham số không hợp lệ" in response.text
    assert 'value="trẻ em"' in response.text
    assert "<mark>trẻ</mark>" in response.text
    assert "text/html" in response.headers["content-type"]
    assert "date_from: phải là một ngày có thật, dạng YYYY-MM-DD" in response.text
    assert "page: phải lớn hơn hoặc bằng 1" in response.text


def test_article_by_id_and_404(client: TestClient) -> None:
    article = by_slug("chi-thi-20-lao-cai")
    body = client.get(f"/api/articles/{article.id}").json()
    assert body["title"] == article.title
    assert body["body"] == article.body
    assert body["province_label"] == "Lào Cai"
    assert body["directives"][0]["key"] == "20-CT/TW"
    missing = client.get("/api/articles/0000000000000000")
    assert missing.status_code == 404
    assert "0000000000000000" in missing.json()["detail"]


def test_healthz_reports_count(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": "tantivy", "count": len(corpus()), "detail": None}


@pytest.mark.parametrize("path", ["/api/search?q=tre+em", "/api/export.csv", "/api/feed.xml", "/api/articles/abc"])
def test_unreachable_backend_is_503_with_a_message(down_settings: Settings, path: str) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Máy tìm kiếm tạm thời không truy cập được")
    assert response.headers["retry-after"] == "5"


def test_healthz_503_while_down_then_ok_when_back(down_settings: Settings) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.json()["status"] == "unavailable"
        assert down.json()["count"] is None
        page = client.get("/", params={"q": "tre em"})
        assert page.status_code == 503
        assert "Máy tìm kiếm tạm thời không truy cập được" in page.text
        down_settings.data_dir.unlink()  # the outage ends: the directory can be created now
        up = client.get("/healthz")
    assert up.status_code == 200
    assert up.json()["count"] == 0


def test_openapi_documents_every_search_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    names = [p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]]
    assert names == ["q", "fold_all", "date_from", "date_to", "sort", "size", "page", "cursor", "facets",
                     "facet_size", "more", "collapse", *(f.name for f in SHOWN)]  # fmt: skip
    assert {"/api/export.csv", "/api/feed.xml", "/api/articles/{article_id}", "/healthz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
