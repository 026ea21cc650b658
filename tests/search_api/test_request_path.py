"""What a search request costs around the backend: worker-thread calls, and the response encoded once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from search_api.params import SearchParams
from search_api.resolve import resolve
from search_api.schemas import SearchResponse
from search_api.service import run_search


@pytest.fixture
def thread_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the functions the app hands to worker threads (the real call still runs: a spy, not a mock)."""
    calls: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(func, "__name__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return calls


FILTERED = {"q": "chỉ thị", "province": "dak-lak", "directive": "20-ct/tw"}


@pytest.mark.parametrize("params", [{"q": "tre em"}, FILTERED])
def test_a_search_is_one_thread_call(client: TestClient, thread_calls: list[str], params: dict[str, str]) -> None:
    """Each plain-function dependency and the response check were a hop of their own (five per search)."""
    client.get("/healthz")  # the app started
    thread_calls.clear()
    assert client.get("/api/search", params=params).status_code == 200
    assert len(thread_calls) == 1, thread_calls


def test_the_body_is_the_response_model_as_built(client: TestClient) -> None:
    """Encoded once from SearchResponse.build, it is what the declared model gives (/docs stays true)."""
    params = {"q": "tre em", "province": ["ha-noi", "dak-lak"], "nope": "1"}
    got = client.get("/api/search", params=params)
    assert got.headers["content-type"] == "application/json"
    app = client.app
    backend, labels = app.state.backend, app.state.labels  # type: ignore[attr-defined]
    resolved = resolve(SearchParams(q="tre em", province=["ha-noi", "dak-lak"]), labels, backend, list(params))
    want = SearchResponse.build(resolved, run_search(backend, resolved), labels).model_dump(mode="json")
    body = got.json()
    assert body["warnings"]
    assert body["hits"]
    assert SearchResponse.model_validate(body).model_dump(mode="json", exclude={"took_ms"}) == {
        k: v for k, v in want.items() if k != "took_ms"
    }


def test_a_coverage_table_is_resolved_and_built_in_two_worker_thread_calls(
    client: TestClient, thread_calls: list[str]
) -> None:
    """Thousands of cells: FastAPI checking the returned table again was a thread hop and most of its time."""
    client.get("/healthz")
    thread_calls.clear()
    body = client.get("/api/coverage", params={"directive": "20-CT/TW"}).json()
    assert len(body["rows"]) == 34
    assert len(thread_calls) == 2, thread_calls
