"""create_app's lifespan: the backend is opened once from the settings (or taken as given) and closed at shutdown."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from search_api.app import create_app
from tests.indexer.corpus import corpus


class CountingBackend(TantivyBackend):
    """The real tantivy backend, counting its close() calls."""

    closed = 0

    def close(self) -> None:
        self.closed += 1
        super().close()


def test_lifespan_opens_the_configured_backend_once(corpus_settings: Settings) -> None:
    with TestClient(create_app(corpus_settings)) as client:
        backend = client.app.state.backend  # type: ignore[attr-defined]
        assert isinstance(backend, TantivyBackend)
        assert backend.path == corpus_settings.index_dir
        client.get("/api/search")
        client.get("/healthz")
        assert client.app.state.backend is backend  # type: ignore[attr-defined]


def test_given_backend_is_used_and_closed_at_shutdown(corpus_settings: Settings) -> None:
    backend = CountingBackend(corpus_settings.index_dir)
    with TestClient(create_app(corpus_settings, backend=backend)) as client:
        assert client.get("/healthz").json()["count"] == len(corpus())
        assert backend.closed == 0
    assert backend.closed == 1


def test_empty_index_directory_is_created_and_searchable(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "fresh")
    with TestClient(create_app(settings)) as client:
        body = client.get("/api/search", params={"q": "trẻ em"}).json()
    assert body["total"] == 0
    assert body["hits"] == []
    assert settings.index_dir.is_dir()
