"""Faults the reliability probes found (shared/research/probes-reliability.md, findings 8-12, 15, HEAD): each test
failed before its fix."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from core.article import Article
from core.ids import article_id
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from search_api.app import create_app
from search_api.errors import BROKEN
from tests.indexer.corpus import VN, corpus
from tests.search_api.conftest import bulk_corpus, seeded

ENDPOINTS = ["/api/search?q=tre+em", "/api/search?sort=oldest&size=100", "/api/export.csv", "/api/feed.xml", "/"]


def cursor_of(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# -- finding 8: a cursor that decodes to Infinity / NaN --------------------------------------------------------


@pytest.mark.parametrize("raw", ['{"offset": Infinity}', '{"offset": -Infinity}', '{"offset": NaN}'])
def test_a_cursor_holding_infinity_or_nan_is_422_not_500(client: TestClient, raw: str) -> None:
    api = client.get("/api/search", params={"cursor": cursor_of(raw)})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", "cursor"]
    page = client.get("/", params={"cursor": cursor_of(raw), "q": "trẻ em"})
    assert page.status_code == 422  # the page drops the cursor, says so, and shows the first page
    assert "Tham số không hợp lệ" in page.text


# -- finding 9: an index corrupted in the middle of its store -------------------------------------------------


def scribble_stores(index_dir: Path) -> None:
    """Overwrite each .store file's data with junk, leaving its last 1 KB (footer and block index) intact: the
    files still open, but no stored document decompresses. As the probe's `corrupt.sh store-mid`, wider."""
    stores = list(index_dir.glob("*.store"))
    assert stores
    for store in stores:
        size = store.stat().st_size
        with store.open("r+b") as fh:
            fh.write(os.urandom(max(size - 1024, 16)))


@pytest.fixture
def corrupted(tmp_path: Path, corpus_settings: Settings) -> Settings:
    shutil.copytree(corpus_settings.index_dir, tmp_path / "index")
    settings = Settings(data_dir=tmp_path, backend="tantivy")
    scribble_stores(settings.index_dir)
    return settings


def test_healthz_reads_a_stored_document_so_a_corrupted_store_is_503(corrupted: Settings) -> None:
    with TestClient(create_app(corrupted), raise_server_exceptions=False) as client:
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable"
        assert "retry-after" not in health.headers  # damaged files do not heal by waiting
        for path in ENDPOINTS:
            response = client.get(path)
            assert response.status_code == 503, path
            assert "Traceback" not in response.text
            assert str(corrupted.data_dir) not in response.text


def test_mid_file_corruption_is_503_on_every_read_that_meets_it_and_healthz_remembers(
    tmp_path: Path, bulk_settings: Settings
) -> None:
    """The probe's exact case: 2 KB of junk a third into the largest .store of a 450-article index.

    The newest article is added in a commit of its own, so it sits in a one-document segment that the junk cannot
    reach: which of the bulk segments holds which article depends on the writer's threads, not on the test.
    """
    shutil.copytree(bulk_settings.index_dir, tmp_path / "index")
    settings = Settings(data_dir=tmp_path, backend="tantivy")
    url = "https://bulk.gov.vn/tin/moi-nhat.html"
    newest = Article(
        id=article_id(url), url=url, canonical_url=url, source_id="bulk", title="Bản tin mới nhất về nước sạch",
        published=datetime(2025, 6, 1, 8, tzinfo=VN), body="Một bản tin riêng, mới hơn mọi bản tin khác.",
    )
    backend = TantivyBackend(settings.index_dir)
    assert backend.upsert([newest]).indexed == 1
    backend.close()
    store = max(settings.index_dir.glob("*.store"), key=lambda p: p.stat().st_size)
    size = store.stat().st_size
    with store.open("r+b") as fh:
        fh.seek(size // 3)
        fh.write(os.urandom(2048))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200  # the newest article sits in an intact block
        statuses = {
            path: client.get(path).status_code
            for path in ["/api/search?sort=oldest&size=100&page=2", "/api/search?sort=oldest&size=100&page=3",
                         "/api/export.csv", "/api/feed.xml?sort=oldest"]
        }  # fmt: skip
        assert 500 not in statuses.values(), statuses  # 500 (ValueError) before
        assert 503 in statuses.values(), statuses
        health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["detail"] == BROKEN


# -- finding 12: server paths in error bodies ------------------------------------------------------------------


def test_503_bodies_do_not_name_server_paths(down_settings: Settings) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        for path in ["/healthz", "/api/search?q=x", "/api/articles/abc", "/api/feed.xml"]:
            response = client.get(path)
            assert response.status_code == 503
            assert str(down_settings.data_dir) not in response.text
            assert "/tmp" not in response.text
            assert "pytest" not in response.text


# -- finding 10: control characters in a crawled title or in q -------------------------------------------------


@pytest.fixture
def control_client(tmp_path: Path) -> Iterator[TestClient]:
    url = "https://hostile.gov.vn/news/ctrl-1.html"
    article = Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id="hostile",
        title="Tin\x01 trẻ em\x1b mới\x0b\x0c",
        published=datetime(2024, 6, 1, 9, tzinfo=VN),
        body="Nội dung\x00 về trẻ em\x08.",
        province="ha-noi",
    )
    settings = seeded(tmp_path, [*corpus(), article])
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("params", [{}, {"source": "hostile"}, {"q": "\x01x"}, {"q": "trẻ em\x1b"}])
def test_feed_stays_well_formed_xml_with_control_characters(control_client: TestClient, params: dict[str, str]) -> None:
    response = control_client.get("/api/feed.xml", params=params)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # raised "not well-formed (invalid token)" before
    titles = [t.text or "" for t in root.iter("title")]
    assert not any(ch in t for t in titles for ch in "\x00\x01\x08\x0b\x0c\x1b")
    if params.get("source") == "hostile":
        assert "Tin trẻ em mới" in titles


# -- finding 15: the Host header in feed links -----------------------------------------------------------------


def test_feed_links_use_the_configured_public_base_url_not_the_host_header(corpus_settings: Settings) -> None:
    settings = corpus_settings.model_copy(update={"public_base_url": "https://tin.example.gov.vn/govnews"})
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/feed.xml", params={"q": "x"}, headers={"Host": "evil.example:666"})
    assert response.status_code == 200
    assert b"evil.example" not in response.content
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel is not None
    assert (channel.findtext("link") or "").startswith("https://tin.example.gov.vn/govnews/?")
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None
    assert self_link.get("href") == "https://tin.example.gov.vn/govnews/api/feed.xml?q=x"


def test_the_default_public_base_url_is_loopback(client: TestClient) -> None:
    response = client.get("/api/feed.xml", headers={"Host": "evil.example:666"})
    assert b"evil.example" not in response.content
    assert b"<link>http://127.0.0.1:8000/?" in response.content


# -- HEAD for uptime checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/healthz", "/", "/nguon"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    head = client.head(path)
    get = client.get(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_head_on_a_down_backend_is_503(down_settings: Settings) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        assert client.head("/healthz").status_code == 503


# -- issue 17 #12: 4 KB of garbage in a .store while serving: the article pages answer 503 too ----------------


def test_article_pages_on_a_damaged_store_answer_503_and_healthz_remembers(
    tmp_path: Path, bulk_settings: Settings
) -> None:
    """4 KB of junk in the middle of the largest .store, written while the app serves: every article id is asked
    for on the API and on the page; none may answer 500, those that meet the damage answer 503, and from then on
    /healthz says the index is broken."""
    shutil.copytree(bulk_settings.index_dir, tmp_path / "index")
    settings = Settings(data_dir=tmp_path, backend="tantivy")
    ids = [a.id for a in bulk_corpus()]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        store = max(settings.index_dir.glob("*.store"), key=lambda p: p.stat().st_size)
        with store.open("r+b") as fh:
            fh.seek(store.stat().st_size // 2)
            fh.write(os.urandom(4096))
        page = {client.get(f"/bai-viet/{i}").status_code for i in ids}
        after_pages = client.get("/healthz")
        api = {client.get(f"/api/articles/{i}").status_code for i in ids}
        health = client.get("/healthz")
    assert page <= {200, 503}, page
    assert 503 in page
    assert after_pages.status_code == 503  # the page's 503 is remembered too (it was 200 before)
    assert api <= {200, 503}, api
    assert 503 in api
    assert health.status_code == 503
    assert health.json()["detail"] == BROKEN


def test_an_intact_article_whose_republication_is_damaged_answers_503_not_500(tmp_path: Path) -> None:
    """Each article has a republication stored far from it (first all originals, then all copies, in one commit):
    junk in the middle of the store damages some originals whose copies are intact. Reading a copy succeeds, its
    near-duplicate group then meets the damaged original: that read is 503 and remembered, never a 500."""
    originals = bulk_corpus()[:200]
    copies = []
    for k, a in enumerate(originals):
        url = a.url + "?copy"
        body = " ".join(f"câu {n} của bản tin {k} giống hệt bản gốc {k * n}" for n in range(40))
        copies.append(a.model_copy(update={"id": article_id(url), "url": url, "canonical_url": url, "body": body}))
    originals = [a.model_copy(update={"body": c.body}) for a, c in zip(originals, copies, strict=True)]
    settings = seeded(tmp_path, [*originals, *copies])
    store = max(settings.index_dir.glob("*.store"), key=lambda p: p.stat().st_size)
    with store.open("r+b") as fh:
        fh.seek(store.stat().st_size // 4)
        fh.write(os.urandom(4096))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        statuses = {client.get(f"/api/articles/{c.id}").status_code for c in copies}
        pages = {client.get(f"/bai-viet/{c.id}").status_code for c in copies}
    assert 500 not in statuses | pages, (statuses, pages)
    assert 503 in statuses
    assert 503 in pages
