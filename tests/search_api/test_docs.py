"""Docs-as-tests: every curl example in docs/search_api.md answers as the doc says on the test corpus."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from core.settings import REPO_ROOT
from tests.indexer.corpus import by_slug

DOC = REPO_ROOT / "docs" / "search_api.md"
CURL = re.compile(r"curl [^']*'http://127\.0\.0\.1:8000(/[^']*)'")
EXAMPLES = CURL.findall(DOC.read_text(encoding="utf-8"))


def test_doc_has_examples_for_every_endpoint() -> None:
    paths = {urlsplit(e).path for e in EXAMPLES}
    documented = {"/api/search", "/api/export.csv", "/api/feed.xml", "/api/coverage", "/api/coverage.csv", "/healthz"}
    assert documented <= paths
    assert any(p.startswith("/api/articles/") for p in paths)
    assert {"/api/documents/20-CT%2FTW", "/api/documents/20-CT%2FTW.csv", "/api/documents/20-CT%2FTW.rss"} <= paths


def test_doc_article_id_is_a_corpus_article() -> None:
    assert f"/api/articles/{by_slug('nghi-dinh-20-va-chi-thi-20').id}" in EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES)
def test_curl_example_answers(client: TestClient, path: str) -> None:
    response = client.get(path)
    expected = 422 if "2024-13-45" in path else 200
    assert response.status_code == expected, response.text
    if expected == 422:
        assert [e["loc"][1] for e in response.json()["detail"]] == ["date_from", "size"]
