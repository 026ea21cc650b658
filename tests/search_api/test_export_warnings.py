"""The CSV exports and the RSS feed carry the `warnings` of /api/search: a header (and the feed's description)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import unquote, urlencode
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from core.facets import MAX_FILTER_VALUES
from core.limits import Limits
from core.settings import Settings
from search_api.app import create_app
from search_api.csv_export import COLUMNS
from search_api.warning_header import HEADER, MAX_HEADER

ASKED = {"q": "tre em", "province": ["binh-phuoc", "khong-co-tinh", "ha-noi"], "provnce": "x",
         "date_from": "2024-12-31", "date_to": "2020-01-01"}  # fmt: skip


def header_warnings(response: Any) -> list[dict[str, str]]:
    """The header read back as a client would: percent-decoded UTF-8 JSON."""
    raw = response.headers[HEADER]
    assert raw.isascii()
    decoded: list[dict[str, str]] = json.loads(unquote(raw))
    return decoded


@pytest.mark.parametrize("path", ["/api/export.csv", "/api/feed.xml", "/api/coverage.csv"])
def test_the_warnings_of_the_json_api_come_in_a_header(client: TestClient, path: str) -> None:
    expected = client.get("/api/search", params=ASKED).json()["warnings"]
    assert len(expected) == 4  # unknown parameter, former unit replaced, unknown province, swapped dates
    response = client.get(path, params=ASKED)
    assert response.status_code == 200, response.text
    assert header_warnings(response) == expected
    assert "Bình Phước đã sáp nhập vào Đồng Nai" in header_warnings(response)[1]["message"]


def test_no_warnings_no_header(client: TestClient) -> None:
    for path in ("/api/export.csv", "/api/feed.xml"):
        assert HEADER not in client.get(path, params={"q": "tre em"}).headers


def test_csv_rows_stay_clean(client: TestClient) -> None:
    response = client.get("/api/export.csv", params=ASKED)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(r) == len(COLUMNS) for r in rows)
    assert len(rows) > 1
    assert "sáp nhập" not in text
    assert not text.startswith("#")


def test_the_feed_description_says_the_warnings(client: TestClient) -> None:
    root = ET.fromstring(client.get("/api/feed.xml", params=ASKED).content)
    description = root.findtext("channel/description", "")
    assert description.startswith("Tin mới nhất khớp với tìm kiếm (")
    assert "Lưu ý: Tham số «provnce» không được hỗ trợ nên đã bị bỏ qua." in description
    assert "Không có tỉnh/thành nào mã «khong-co-tinh»" in description
    plain = ET.fromstring(client.get("/api/feed.xml", params={"q": "tre em"}).content)
    assert "Lưu ý" not in plain.findtext("channel/description", "")


def test_a_long_list_of_warnings_is_cut_with_a_count(client: TestClient) -> None:
    unknown = [f"khong-co-{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_FILTER_VALUES)]
    response = client.get("/api/export.csv", params={"province": unknown, "source": unknown})
    assert response.status_code == 200
    assert len(response.headers[HEADER]) <= MAX_HEADER
    got = header_warnings(response)
    assert 1 < len(got) < 2 * MAX_FILTER_VALUES
    assert got[-1]["message"] == f"… và {2 * MAX_FILTER_VALUES - len(got) + 1} cảnh báo khác."


UNKNOWN_PARAMETERS = 1_000  # the probe of issue 17: an 8 KB query string of parameters nobody reads


@pytest.mark.parametrize("path", ["/api/export.csv", "/api/feed.xml", "/api/coverage.csv", "/api/search", "/"])
def test_a_thousand_unknown_parameters_make_a_capped_list_and_a_count(client: TestClient, path: str) -> None:
    """Each warning used to be re-encoded once per warning dropped (4.6-6.8 s per request); now the first
    `Limits.api_warnings` are reported, then one says how many more there were. No timing here: the count of
    warnings encoded is what the cap bounds (benchmarks for speed); a regression shows as a missing count."""
    cap = Limits().api_warnings
    query = urlencode({"q": "tre em", **{f"x{i}": "" for i in range(UNKNOWN_PARAMETERS)}})
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    if path == "/":
        assert f"… và {UNKNOWN_PARAMETERS - cap} cảnh báo khác." in response.text
        assert "Tham số «x0» không được hỗ trợ" in response.text
        assert "«x999»" not in response.text
        return
    got = response.json()["warnings"] if path == "/api/search" else header_warnings(response)
    assert len(got) <= cap + 1
    assert got[0]["message"] == "Tham số «x0» không được hỗ trợ nên đã bị bỏ qua."
    assert got[-1]["message"] == f"… và {UNKNOWN_PARAMETERS - len(got) + 1} cảnh báo khác."


def test_the_cap_comes_from_the_settings(corpus_settings: Settings) -> None:
    settings = corpus_settings.model_copy(update={"limits": Limits(api_warnings=3)})
    with TestClient(create_app(settings)) as small:
        got = small.get("/api/search", params={"a": "", "b": "", "c": "", "d": "", "e": ""}).json()["warnings"]
    assert [w["param"] for w in got] == ["a", "b", "c", ""]
    assert got[-1]["message"] == "… và 2 cảnh báo khác."
