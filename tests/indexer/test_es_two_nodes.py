"""The backend contract on a real two-node cluster (one replica, so both nodes hold every shard)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from core.search import SearchBackend, SearchQuery
from indexer.backends.elasticsearch import ElasticsearchBackend
from tests.indexer.contract import BackendContract
from tests.indexer.contract_ranking import ElasticsearchRankingFloors
from tests.support.corpus import make_articles
from tests.support.es_node import EsCluster

pytestmark = pytest.mark.elasticsearch


@pytest.fixture(scope="module")
def cluster() -> Iterator[EsCluster]:
    """Two nodes on loopback, 512 MB heap each, discovering each other through their transport ports."""
    nodes = EsCluster(size=2, heap="512m")
    nodes.start()
    try:
        yield nodes
    finally:
        nodes.remove()


@pytest.fixture
def alias(cluster: EsCluster) -> Iterator[str]:
    name = f"two-{uuid.uuid4().hex[:10]}"
    yield name
    backend = ElasticsearchBackend(cluster.url, alias=name)
    try:
        backend.drop()
    finally:
        backend.close()


class TestTwoNodeContract(ElasticsearchRankingFloors, BackendContract):
    """Mapping, aliases, facets and search_after with shards on two nodes (writes through node 0)."""

    @pytest.fixture(autouse=True)
    def _cluster(self, cluster: EsCluster, alias: str) -> None:
        self.url, self.alias = cluster.url, alias

    def make_backend(self, tmp_path: Path) -> SearchBackend:
        return ElasticsearchBackend(self.url, alias=self.alias, replicas=1)


def test_every_shard_has_a_copy_on_each_node_and_either_node_answers_alike(cluster: EsCluster, alias: str) -> None:
    writer = ElasticsearchBackend(cluster.nodes[0].url, alias=alias, shards=2, replicas=1)
    reader = ElasticsearchBackend(cluster.nodes[1].url, alias=alias, shards=2, replicas=1)
    writer.ensure_schema()
    writer.upsert(make_articles(120))
    [index] = writer.indices()
    health = writer.client.cluster.health(index=index, wait_for_status="green", timeout="60s")
    assert health["status"] == "green"
    shards = cast(list[dict[str, str]], writer.client.cat.shards(index=index, format="json").body)
    assert len(shards) == 4  # 2 primaries + 2 replicas
    assert {s["node"] for s in shards} == {n.name for n in cluster.nodes}
    for shard in ("0", "1"):
        assert {s["node"] for s in shards if s["shard"] == shard} == {n.name for n in cluster.nodes}
    query = SearchQuery(facets=("province", "directive", "month"), size=7, sort="newest")
    ours, theirs = writer.search(query), reader.search(query)
    assert ours.total == theirs.total == 120
    assert ours.facets == theirs.facets
    seen: list[str] = []
    page = reader.search(query)
    while True:  # search_after across both shards, paged through the other node
        seen += [h.id for h in page.hits]
        if not page.next_cursor:
            break
        page = reader.search(query.model_copy(update={"cursor": page.next_cursor}))
    assert len(seen) == len(set(seen)) == 120
    new = writer.reindex()  # the zero-downtime swap works the same on the cluster
    assert reader.indices() == [new]
    assert reader.count() == 120
    writer.close()
    reader.close()
