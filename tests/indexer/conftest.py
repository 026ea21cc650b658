"""Indexer fixtures: a real Elasticsearch node for the session, a fresh alias per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from tests.support.es_node import EsNode


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    """ELASTICSEARCH_URL when it names a node; otherwise start a real one on loopback for the session."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        yield url
        return
    node = EsNode(heap="1g")
    node.start()
    try:
        yield node.url
    finally:
        node.remove()


@pytest.fixture
def es_alias(es_url: str) -> Iterator[str]:
    """A fresh alias name; its indices and template are dropped after the test."""
    from indexer.backends.elasticsearch import ElasticsearchBackend

    alias = f"test-{uuid.uuid4().hex[:10]}"
    yield alias
    backend = ElasticsearchBackend(es_url, alias=alias)
    try:
        backend.drop()
    finally:
        backend.close()


@pytest.fixture
def es_node_factory() -> Iterator[Callable[[], EsNode]]:
    """Own nodes a test may stop and restart (same data dir under .es-node/); removed after the test."""
    nodes: list[EsNode] = []

    def make() -> EsNode:
        node = EsNode(heap="512m")
        nodes.append(node)
        return node

    yield make
    for node in nodes:
        node.remove()
