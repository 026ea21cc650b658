"""GET /api/export.csv (every match, not one page) and GET /api/feed.xml (valid RSS of the newest matches)."""

from __future__ import annotations

import csv
import io
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient

from core.article import Article
from core.ids import article_id
from search_api.app import create_app
from search_api.csv_export import COLUMNS, PAGE
from tests.indexer.corpus import by_slug
from tests.search_api.conftest import BULK_PROVINCES, BULK_SIZE, bulk_corpus, seeded


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Vietnamese"
    text = response.content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_export_streams_every_match_across_pages(bulk_client: TestClient) -> None:
    assert BULK_SIZE > 2 * PAGE
    response = bulk_client.get("/api/export.csv", params={"q": "tre em", "size": 5, "page": 3})
    rows = read_csv(response)
    assert len(rows) == BULK_SIZE == int(response.headers["x-total-count"])
    assert {r["id"] for r in rows} == {a.id for a in bulk_corpus()}
    assert "attachment" in response.headers["content-disposition"]


def test_export_applies_filters_and_order(bulk_client: TestClient) -> None:
    params = {"province": BULK_PROVINCES[2], "directive": "20-CT/TW", "sort": "oldest"}
    rows = read_csv(bulk_client.get("/api/export.csv", params=params))
    want = [a for a in bulk_corpus() if a.province == BULK_PROVINCES[2] and a.directives]
    assert {r["id"] for r in rows} == {a.id for a in want}
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    assert {r["province_label"] for r in rows} == {"Huế"}
    assert {r["directive"] for r in rows} == {"20-CT/TW"}
    assert {r["doc_type_label"] for r in rows} == {"Chỉ thị"}
    name = bulk_client.get("/api/export.csv", params={"q": "Trẻ em", **params}).headers["content-disposition"]
    assert name.startswith('attachment; filename="govnews-tre-em-hue-20-ct-tw-2')
    assert name.endswith('.csv"')


def test_export_keeps_vietnamese_and_plain_text(client: TestClient) -> None:
    rows = read_csv(client.get("/api/export.csv", params={"q": "mã độc"}))
    assert len(rows) == 1
    assert rows[0]["title"] == "Cảnh báo mã độc <script> trên cổng thông tin"
    assert "<mark>" not in rows[0]["snippet"]
    assert "&lt;" not in rows[0]["snippet"]


def test_export_cells_never_start_a_formula(tmp_path: Path) -> None:
    url = "https://evil.gov.vn/x.html"
    title = '=HYPERLINK("http://evil.example","bấm vào đây")'
    article = Article(id=article_id(url), url=url, canonical_url=url, title=title, body="@SUM(1+1) trẻ em")
    with TestClient(create_app(seeded(tmp_path, [article]))) as client:
        rows = read_csv(client.get("/api/export.csv"))
    assert rows[0]["title"] == "'" + title
    assert rows[0]["snippet"] == "'@SUM(1+1) trẻ em"
    assert rows[0]["date"] == ""


def test_export_date_column_is_the_local_day(client: TestClient) -> None:
    rows = read_csv(client.get("/api/export.csv", params={"q": "Nghị định 20/2021"}))
    assert {r["date"] for r in rows} >= {"2024-03-31", "2024-04-01"}


def test_export_of_nothing_is_just_the_header(client: TestClient) -> None:
    assert read_csv(client.get("/api/export.csv", params={"q": "khongcotunaynhu"})) == []


def test_feed_is_valid_rss_of_newest_matches(client: TestClient) -> None:
    response = client.get("/api/feed.xml", params={"q": "tre em", "province": ["hai-phong", "dak-lak", "ha-noi"]})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("title", "").startswith("govnews: tre em — Hải Phòng")
    assert "q=tre+em" in channel.findtext("link", "")
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None
    assert self_link.get("rel") == "self"
    items = channel.findall("item")
    search = client.get("/api/search", params={"q": "tre em", "province": ["hai-phong", "dak-lak", "ha-noi"]}).json()
    assert [i.findtext("guid") for i in items] == [
        h["id"] for h in sorted(search["hits"], key=lambda h: h["published"], reverse=True)
    ]
    dates = [parsedate_to_datetime(i.findtext("pubDate", "")) for i in items]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 3
    assert all(i.findtext("link", "").startswith("https://") for i in items)
    assert "Hải Phòng" in [c.text for c in items[0].findall("category")]


def test_feed_caps_at_fifty_items(bulk_client: TestClient) -> None:
    root = ET.fromstring(bulk_client.get("/api/feed.xml").content)
    assert len(root.findall("channel/item")) == 50


def test_feed_of_article_without_date_has_no_pubdate(client: TestClient) -> None:
    root = ET.fromstring(client.get("/api/feed.xml", params={"q": "lịch tiếp công dân"}).content)
    items = {i.findtext("guid"): i for i in root.findall("channel/item")}
    assert items[by_slug("khong-ngay").id].find("pubDate") is None
    assert all(i.find("pubDate") is not None for k, i in items.items() if k != by_slug("khong-ngay").id)
