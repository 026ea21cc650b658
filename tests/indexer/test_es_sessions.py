"""Elasticsearch loading sessions and index settings on a real node: refresh off while loading, facets eager."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.facets import FACETS
from core.search import SearchQuery
from indexer.backends.elasticsearch import ElasticsearchBackend
from indexer.backends.es_query import field as facet_field
from indexer.load import BulkLoading, load
from tests.support.corpus import make_articles

pytestmark = pytest.mark.elasticsearch


def _refresh_interval(backend: ElasticsearchBackend) -> str | None:
    [index] = backend.indices()
    got = backend.client.indices.get_settings(index=index, name="index.refresh_interval")
    value = got.body.get(index, {}).get("settings", {}).get("index", {}).get("refresh_interval")  # absent: default
    return None if value is None else str(value)


def test_a_session_turns_refresh_off_and_makes_everything_searchable_at_its_end(es_url: str, es_alias: str) -> None:
    backend = ElasticsearchBackend(es_url, alias=es_alias)
    assert isinstance(backend, BulkLoading)
    backend.ensure_schema()
    with backend.bulk():
        assert _refresh_interval(backend) == "-1"
        report = backend.upsert(make_articles(50))
        assert report.indexed == 50
        assert backend.get(next(make_articles(1)).id) is not None  # durable: a realtime get finds it
        assert backend.count() == 0  # but not refreshed one upsert at a time
        with backend.bulk():  # a nested session joins the outer one
            backend.upsert(make_articles(10, start=50))
        assert _refresh_interval(backend) == "-1"
    assert _refresh_interval(backend) is None  # back to the node's default
    assert backend.count() == 60
    assert backend.search(SearchQuery(facets=("province",))).total == 60
    backend.close()


def test_a_session_left_behind_is_undone_by_the_next(es_url: str, es_alias: str) -> None:
    backend = ElasticsearchBackend(es_url, alias=es_alias)
    backend.ensure_schema()
    [index] = backend.indices()
    backend.client.indices.put_settings(index=index, settings={"index.refresh_interval": "-1"})  # a killed load
    with backend.bulk():
        backend.upsert(make_articles(5))
    assert _refresh_interval(backend) is None
    assert backend.count() == 5
    backend.close()


def test_load_runs_in_a_session_and_facet_keywords_have_eager_ordinals(
    es_url: str, es_alias: str, tmp_path: Path
) -> None:
    backend = ElasticsearchBackend(es_url, alias=es_alias)
    report = load(make_articles(120), backend, spool_dir=tmp_path / "spool", batch_size=50)
    assert (report.indexed, report.failed) == (120, 0)
    assert backend.count() == 120
    assert _refresh_interval(backend) is None
    [index] = backend.indices()
    mapping = backend.client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    for facet in FACETS:
        field = facet_field(facet.name)
        node = mapping
        for part in field.split("."):
            node = node[part] if part in node else node["properties"][part]
        assert node.get("eager_global_ordinals") is True, field
    assert "eager_global_ordinals" not in mapping["url"]
    backend.close()
