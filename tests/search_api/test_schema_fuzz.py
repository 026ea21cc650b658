"""Schemathesis over the app's own OpenAPI schema, in process over a small real tantivy index: no generated request
(a bounded, seeded number per operation) may get a server error (5xx).

Cases are drawn from each operation's Hypothesis strategy directly: schemathesis' pytest plugin does not load
under pytest 9 ('Function' object has no attribute '_nodeid').
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import not_a_server_error

from core.settings import Settings
from crawler.report import CrawlReport, write_report
from search_api.app import create_app
from tests.indexer.corpus import corpus

EXAMPLES = 60  # per operation: 10 operations, ~600 requests, well under a minute on the shared machine
OPERATIONS = [
    "GET /api/search",
    "GET /api/articles/{article_id}",
    "GET /api/export.csv",
    "GET /api/feed.xml",
    "GET /api/coverage",
    "GET /api/coverage.csv",
    "GET /api/documents/{key}",
    "GET /healthz",
    "GET /api/reports",
    "GET /api/reports/latest",
    "GET /api/reports/history",
]


# Hypothesis draws their one case once
PARAMETERLESS = {"GET /healthz", "GET /api/reports/latest", "GET /api/reports/history"}


@pytest.fixture(scope="module")
def api_schema(corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    data_dir = tmp_path_factory.mktemp("reports")
    started = datetime(2026, 11, 29, 2, tzinfo=UTC)
    report = CrawlReport(started=started, finished=started, duration_s=1.0, sources=["moh"],
                         by_source={"moh": {"pages": 3, "articles": 2}})  # fmt: skip
    write_report(report, data_dir)
    app = create_app(corpus_settings, reports_dir=data_dir / "reports")
    with TestClient(app):  # runs the lifespan: the backend is opened once for every generated case
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_schema_lists_every_operation(api_schema: Any) -> None:
    assert sorted(r.ok().label for r in api_schema.get_all_operations()) == sorted(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_generated_request_is_a_server_error(api_schema: Any, label: str) -> None:
    [operation] = [r.ok() for r in api_schema.get_all_operations() if r.ok().label == label]
    calls: list[int] = []
    real_id = corpus()[0].id

    @seed(20261129)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        if "article_id" in (case.path_parameters or {}) and len(calls) % 2:
            case.path_parameters = {"article_id": real_id}  # half the article requests hit a stored article
        if "key" in (case.path_parameters or {}) and len(calls) % 2:
            case.path_parameters = {"key": ("20-CT/TW", "20-ct/tw.csv", "377/KH-UBND.rss")[len(calls) % 3]}
        calls.append(case.call_and_validate(checks=[not_a_server_error]).status_code)

    run()
    print(f"{label}: {len(calls)} cases, statuses {sorted(set(calls))}")
    assert len(calls) >= (1 if label in PARAMETERLESS else EXAMPLES // 2)
