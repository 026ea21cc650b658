"""The article page, its JSON, and the sandboxed archived copy, through the app (real index, real WARC files)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.index import WarcIndex, open_for_reading
from core.settings import Settings
from search_api import captures
from search_api.app import create_app
from tests.search_api.article_data import EDITED, MARKER, articles, build

IDS = {k: a.id for k, a in articles().items()}
OLD, NEW = "20260102013000", "20260103033000"  # the original's two captures (UTC)
BASE = f"/bai-viet/{IDS['original']}/ban-luu"


@pytest.fixture(scope="module")
def article_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build(tmp_path_factory.mktemp("article"))


@pytest.fixture
def app_client(article_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(article_settings)) as client:
        yield client


def test_json_has_labels_source_name_archive_and_duplicates(app_client: TestClient) -> None:
    body = app_client.get(f"/api/articles/{IDS['original']}").json()
    assert body["source_name"] == "Sở Thông tin và Truyền thông Hà Nội"
    assert body["province_label"] == "Bắc Ninh"
    assert body["province_at_publication_label"] == "Bắc Giang"
    assert body["href"] == f"/bai-viet/{IDS['original']}"
    assert body["archive"] == {
        "fetched_at": "2026-01-03T03:30:00Z",  # the newest capture, addressed by its time
        "href": f"{BASE}/{NEW}",
        "raw_href": f"{BASE}/{NEW}/trang-goc",
    }
    assert [(c["stamp"], c["status"], c["href"]) for c in body["captures"]] == [
        (NEW, 200, f"{BASE}/{NEW}"),
        (OLD, 200, f"{BASE}/{OLD}"),
    ]
    assert [(d["id"], d["source_name"]) for d in body["duplicates"]] == [
        (IDS["copy"], "Cổng thông tin điện tử tỉnh Bắc Ninh")
    ]
    assert body["dup_group"] == IDS["original"]
    copy = app_client.get(f"/api/articles/{IDS['copy']}").json()
    assert [d["id"] for d in copy["duplicates"]] == [IDS["original"]]
    lone = app_client.get(f"/api/articles/{IDS['lone']}").json()
    assert lone["archive"] is None
    assert lone["captures"] == []
    gone = copy["captures"]
    assert [(c["status"], c["fetched_at"]) for c in gone] == [
        (404, "2026-01-04T01:30:00Z"),
        (200, "2026-01-02T01:30:00Z"),
    ]
    assert copy["archive"]["fetched_at"] == "2026-01-02T01:30:00Z"  # the newest copy the portal answered 200
    assert lone["duplicates"] == []
    assert app_client.get("/api/articles/nope").status_code == 404


def test_page_shows_text_facts_cited_documents_copy_and_republications(app_client: TestClient) -> None:
    resp = app_client.get(f"/bai-viet/{IDS['original']}")
    assert resp.status_code == 200
    page = resp.text
    assert "Hà Nội tổng kết Chỉ thị 20" in page
    assert "Nguyễn Văn A" in page
    assert "03/06/2024 08:00" in page
    assert "Sở Thông tin và Truyền thông Hà Nội" in page
    assert '<span class="then">Bắc Giang</span> (khi đăng) → <span class="now">Bắc Ninh</span> (nay)' in page
    assert 'href="/?directive=20-CT/TW"' in page
    assert 'href="/?directive=27/Q%C4%90-TTg"' in page
    assert f'href="{articles()["original"].url}"' in page
    assert f'<iframe id="archived" src="{BASE}/{NEW}/trang-goc" sandbox' in page
    assert f'id="open-copy" href="{BASE}/{NEW}"' in page
    assert "03/01/2026 10:30" in page  # the newest fetch time in Vietnam time
    assert f'<a href="{BASE}/{OLD}">02/01/2026 08:30</a>' in page  # every capture is listed
    assert f'href="/bai-viet/{IDS["copy"]}"' in page
    assert "Cổng thông tin điện tử tỉnh Bắc Ninh" in page
    assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
    body_start = articles()["original"].body.split("\n\n")[0]
    assert f"<p>{body_start}</p>" in page


def test_archived_copy_is_served_sandboxed(app_client: TestClient) -> None:
    resp = app_client.get(f"{BASE}/{OLD}/trang-goc")
    assert resp.status_code == 200
    assert MARKER in resp.text
    csp = resp.headers["content-security-policy"]
    assert csp.startswith("sandbox;")
    assert "default-src 'none'" in csp
    assert "script-src" not in csp  # scripts fall under default-src 'none'
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["content-type"] == "text/html; charset=utf-8"


def test_each_capture_keeps_its_own_address_and_the_bare_one_goes_to_the_newest(app_client: TestClient) -> None:
    bare = app_client.get(BASE, follow_redirects=False)
    assert bare.status_code == 307
    assert bare.headers["location"] == f"{BASE}/{NEW}"
    assert EDITED in app_client.get(f"{BASE}/{NEW}/trang-goc").text
    old = app_client.get(f"{BASE}/{OLD}/trang-goc").text  # a cited capture still shows what was cited
    assert MARKER in old
    assert EDITED not in old


def test_a_capture_opened_alone_carries_the_govnews_banner(app_client: TestClient) -> None:
    resp = app_client.get(f"{BASE}/{OLD}")
    assert resp.status_code == 200
    page = resp.text
    assert "Bản lưu của govnews" in page
    assert '<time id="captured" datetime="2026-01-02T01:30:00+00:00">02/01/2026 08:30</time> (giờ Việt Nam)' in page
    assert f'id="copy-original" href="{articles()["original"].url}"' in page
    assert '<dd id="copy-status">200 — trang trả về bình thường</dd>' in page
    assert f'<iframe id="archived" src="{BASE}/{OLD}/trang-goc" sandbox' in page
    assert MARKER not in page  # the archived HTML is only inside the sandboxed frame
    assert f'<a href="{BASE}/{NEW}">03/01/2026 10:30</a>' in page  # the other capture
    assert resp.headers["content-security-policy"].startswith("default-src 'self'")
    gone = app_client.get(f"/bai-viet/{IDS['copy']}/ban-luu/20260104013000").text
    assert '<dd id="copy-status">404 — trang không còn</dd>' in gone


def test_a_capture_opens_the_warc_index_once(app_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []

    def counting(path: Path) -> WarcIndex | None:  # a spy: the real index is opened and read
        opened.append(path)
        return open_for_reading(path)

    monkeypatch.setattr(captures, "open_for_reading", counting)
    for address in (f"{BASE}/{OLD}", f"{BASE}/{OLD}/trang-goc"):
        opened.clear()
        assert app_client.get(address).status_code == 200
        assert len(opened) == 1, address


def test_a_bad_or_unknown_capture_time_is_a_vietnamese_404(app_client: TestClient) -> None:
    for stamp in ("2026", "20261399013000", "abcdefghijklmn"):
        resp = app_client.get(f"{BASE}/{stamp}")
        assert resp.status_code == 404, stamp
        assert "thời điểm lưu phải có dạng" in resp.text
    resp = app_client.get(f"{BASE}/20260102013001")
    assert resp.status_code == 404
    assert "Không có bản lưu nào của bài này vào thời điểm 20260102013001" in resp.text
    raw = app_client.get(f"{BASE}/20260102013001/trang-goc")
    assert raw.status_code == 404
    assert raw.headers["content-security-policy"].startswith("sandbox;")
    assert "Không có bản lưu nào của bài này vào thời điểm 20260102013001" in raw.text
    hostile = app_client.get("/bai-viet/<img src=x onerror=alert(1)>/ban-luu/20260102013000/trang-goc")
    assert hostile.status_code == 404
    assert "<img" not in hostile.text  # the id from the URL is escaped in the message
    assert "&lt;img src=x" in hostile.text
    assert app_client.get(f"/bai-viet/{IDS['lone']}/ban-luu/{OLD}").status_code == 404


def test_no_archived_copy_is_said_in_vietnamese(app_client: TestClient) -> None:
    page = app_client.get(f"/bai-viet/{IDS['lone']}").text
    assert "Chưa có bản lưu của trang này" in page
    assert "<iframe" not in page
    resp = app_client.get(f"/bai-viet/{IDS['lone']}/ban-luu")
    assert resp.status_code == 404
    assert "Chưa có bản lưu của trang này" in resp.text


def test_unknown_article_is_a_vietnamese_404(app_client: TestClient) -> None:
    resp = app_client.get("/bai-viet/khong-co")
    assert resp.status_code == 404
    assert "Không tìm thấy bài viết" in resp.text
    assert app_client.get("/bai-viet/khong-co/ban-luu").status_code == 404


def test_a_damaged_warc_is_a_clear_error_not_a_500(tmp_path: Path) -> None:
    settings = build(tmp_path / "data")
    for path in settings.archive_dir.glob("*.warc.gz"):
        data = bytearray(path.read_bytes())
        data[len(data) // 3 :] = b"\x00" * (len(data) - len(data) // 3)  # keep the first record, ruin the rest
        path.write_bytes(bytes(data))
    with TestClient(create_app(settings)) as client:
        resp = client.get(f"/bai-viet/{IDS['copy']}/ban-luu")
        assert resp.status_code == 404
        assert "bị hỏng" in resp.text
        assert client.get(f"/bai-viet/{IDS['copy']}").status_code == 200  # the page itself still works


def test_search_results_link_to_the_article_page_and_the_original(app_client: TestClient) -> None:
    page = app_client.get("/?q=tong+ket+chi+thi").text
    assert f'<a href="/bai-viet/{IDS["original"]}">' in page
    assert f'class="original" href="{articles()["original"].url}"' in page


def test_search_collapses_republished_copies_by_default(app_client: TestClient) -> None:
    body = app_client.get("/api/search").json()
    assert (body["total"], body["total_articles"]) == (2, 3)
    rows = {h["id"]: h["duplicates"] for h in body["hits"]}
    assert rows == {IDS["lone"]: 0, IDS["copy"]: 1}  # the newest of the story's two articles stands for it
    assert body["hits"][0]["article_href"] == f"/bai-viet/{body['hits'][0]['id']}"
    every = app_client.get("/api/search?collapse=false").json()
    assert (every["total"], every["total_articles"]) == (3, 3)
    assert all(h["duplicates"] == 0 for h in every["hits"])
    assert sum(b["count"] for b in body["facets"]["province"]) == 3  # facets count articles either way
    export = app_client.get("/api/export.csv")
    assert export.headers["x-total-count"] == "3"  # exports list every article
    assert app_client.get("/api/search?collapse=maybe").status_code == 422


def test_page_says_how_many_copies_and_can_show_them_all(app_client: TestClient) -> None:
    page = app_client.get("/").text
    assert f'<a href="/bai-viet/{IDS["copy"]}#duplicates">1 bản đăng lại</a>' in page
    assert "3 bài, đã gộp bản đăng lại" in page
    assert 'href="/?collapse=False"' in page
    every = app_client.get("/?collapse=False").text
    assert "bản đăng lại</a> trên" not in every
    assert '<input type="hidden" name="collapse" value="false">' in every


def test_the_citation_names_the_portal_unit_dates_and_the_cited_capture(app_client: TestClient) -> None:
    original = articles()["original"]
    body = app_client.get(f"/api/articles/{IDS['original']}").json()
    cited = body["citation"]
    host = "http://127.0.0.1:8000"  # settings.public_base_url
    assert (cited["portal"], cited["unit"]) == ("Sở Thông tin và Truyền thông Hà Nội", "Bắc Giang (nay Bắc Ninh)")
    assert cited["archive_url"] == f"{host}{BASE}/{NEW}"
    assert cited["govnews_url"] == f"{host}/bai-viet/{IDS['original']}"
    assert cited["text"] == (
        "Hà Nội tổng kết Chỉ thị 20. Sở Thông tin và Truyền thông Hà Nội, Bắc Giang (nay Bắc Ninh), "
        f"đăng ngày 03/06/2024. {original.url} — Bản lưu govnews lúc 03/01/2026 10:30 (giờ Việt Nam): "
        f"{host}{BASE}/{NEW} — Trên govnews: {host}/bai-viet/{IDS['original']}"
    )
    assert cited["apa"] == (
        "Sở Thông tin và Truyền thông Hà Nội. (2024, ngày 3 tháng 6). Hà Nội tổng kết Chỉ thị 20. "
        f"{original.url} (bản lưu ngày 03/01/2026: {host}{BASE}/{NEW})"
    )
    page = app_client.get(f"/bai-viet/{IDS['original']}").text
    assert '<section class="citation" id="citation">' in page
    assert "Hà Nội, Bắc Giang (nay Bắc Ninh), đăng ngày 03/06/2024." in page
    bib = app_client.get(f"/bai-viet/{IDS['original']}/trich-dan.bib")
    assert bib.status_code == 200
    assert bib.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    assert "attachment" in bib.headers["content-disposition"]
    assert bib.text.startswith(f"@online{{govnews-{IDS['original'][:12]},\n")
    assert "  author = {{Sở Thông tin và Truyền thông Hà Nội}},\n" in bib.text
    assert "  date = {2024-06-03},\n  url = {" + original.url + "},\n  urldate = {2026-01-03},\n" in bib.text
    lone = app_client.get(f"/api/articles/{IDS['lone']}").json()["citation"]
    assert lone["archive_url"] is None  # no copy: the citation points to govnews' article page only
    assert "Bản lưu govnews" not in lone["text"]
    assert lone["portal"] == "Cổng thông tin điện tử tỉnh Bắc Ninh"
    assert app_client.get("/bai-viet/khong-co/trich-dan.bib").status_code == 404


def test_an_unreachable_backend_is_a_vietnamese_503_on_every_copy_address(down_settings: Settings) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        for path in (BASE, f"{BASE}/{OLD}", f"{BASE}/{OLD}/trang-goc", f"/bai-viet/{IDS['original']}/trich-dan.bib"):
            resp = client.get(path, follow_redirects=False)
            assert resp.status_code == 503, path
            assert "Máy tìm kiếm tạm thời không truy cập được" in resp.text, path
def test_a_damaged_warc_index_shows_the_article_without_its_copy(tmp_path: Path) -> None:
    """The WARC index garbled while serving (issue 17): the article page and JSON still answer 200, without the
    archived copy (the next crawl rebuilds the index), never a 500."""
    settings = build(tmp_path / "data")
    path = settings.warc_index_path
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * (path.stat().st_size - 16))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get(f"/bai-viet/{IDS['copy']}").status_code == 200
        resp = client.get(f"/api/articles/{IDS['copy']}")
        assert resp.status_code == 200
        assert resp.json()["archive"] is None
