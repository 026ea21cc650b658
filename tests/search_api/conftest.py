"""search_api fixtures: real tantivy indexes in tmp dirs (the hand-written corpus, and a bulk one) and clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.article import Article
from core.ids import article_id
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.pipeline import open_pipeline
from search_api.app import create_app
from tests.indexer.corpus import REFS, VN, corpus

BULK_SIZE = 450  # more than two export pages of 200
BULK_PROVINCES = ("ha-noi", "dak-lak", "hue")


def bulk_corpus() -> list[Article]:
    """BULK_SIZE articles about "trẻ em", spread over three provinces and 2024's months."""
    out = []
    for n in range(BULK_SIZE):
        url = f"https://bulk.gov.vn/tin/{n}.html"
        out.append(
            Article(
                id=article_id(url),
                url=url,
                canonical_url=url,
                source_id="bulk",
                title=f"Bản tin số {n}: chăm sóc trẻ em",
                published=datetime(2024, 1 + n % 12, 1 + n % 28, 8, tzinfo=VN),
                body=f"Nội dung bản tin {n} về bảo vệ trẻ em theo Chỉ thị 20-CT/TW.",
                province=BULK_PROVINCES[n % 3],
                directives=[REFS["20-CT/TW"]] if n % 2 else [],
            )
        )
    return out


def binh_phuoc_2012() -> Article:
    """A 2012 article of the Bình Phước party committee: Đồng Nai since the 1 July 2025 merger."""
    url = "https://binhphuoc.dcs.vn/tin/2012/chi-thi-20.html"
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id="tinhuy-binhphuoc",
        title="Bình Phước quán triệt Chỉ thị 20-CT/TW về công tác trẻ em",
        published=datetime(2012, 12, 20, 9, tzinfo=VN),
        body="Ban Thường vụ Tỉnh ủy Bình Phước tổ chức hội nghị quán triệt Chỉ thị số 20-CT/TW của Bộ Chính trị.",
        province="dong-nai",
        province_at_publication="binh-phuoc",
        directives=[REFS["20-CT/TW"]],
    )


def seeded(data_dir: Path, articles: list[Article]) -> Settings:
    """Settings whose tantivy index holds `articles`, indexed as a crawl indexes them (the pipeline's stages: dates,
    same-story groups; then the real backend), then closed."""
    settings = Settings(data_dir=data_dir, backend="tantivy")
    backend = TantivyBackend(settings.index_dir)
    pipeline = open_pipeline(settings, backend)
    report = pipeline.index(articles)
    assert report.indexed == len(articles), report
    pipeline.close()
    backend.close()
    return settings


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The hand-written Vietnamese corpus (tests/indexer/corpus.py), indexed once per session."""
    return seeded(tmp_path_factory.mktemp("corpus"), corpus())


@pytest.fixture(scope="session")
def merger_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The corpus plus a 2012 Bình Phước article (a unit merged into Đồng Nai), indexed once per session."""
    return seeded(tmp_path_factory.mktemp("merger"), [*corpus(), binh_phuoc_2012()])


@pytest.fixture(scope="session")
def bulk_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The bulk corpus, indexed once per session."""
    return seeded(tmp_path_factory.mktemp("bulk"), bulk_corpus())


@pytest.fixture
def client(corpus_settings: Settings) -> Iterator[TestClient]:
    """The app on the corpus index; the lifespan opens and closes the backend."""
    with TestClient(create_app(corpus_settings)) as test_client:
        yield test_client


@pytest.fixture
def bulk_client(bulk_settings: Settings) -> Iterator[TestClient]:
    """The app on the bulk index."""
    with TestClient(create_app(bulk_settings)) as test_client:
        yield test_client


@pytest.fixture
def down_settings(tmp_path: Path) -> Settings:
    """Settings whose index directory cannot exist (its parent is a file): a real, unreachable backend."""
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    return Settings(data_dir=blocker, backend="tantivy")
