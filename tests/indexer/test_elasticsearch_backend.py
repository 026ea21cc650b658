"""ElasticsearchBackend against a real node: the backend contract plus alias, bulk and paging behaviour."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from core.article import Article
from core.search import BackendUnavailable, SearchBackend, SearchQuery
from core.settings import REPO_ROOT
from indexer.backends.elasticsearch import ElasticsearchBackend
from indexer.load import load
from indexer.pipeline.documents import document
from tests.indexer.contract import BackendContract
from tests.indexer.contract_ranking import ElasticsearchRankingFloors
from tests.support.corpus import make_article, make_articles
from tests.support.es_node import ES_VERSION, EsNode, free_port

pytestmark = pytest.mark.elasticsearch


class TestElasticsearchContract(ElasticsearchRankingFloors, BackendContract):
    """The shared contract on a real node, a fresh alias (template + index) per test."""

    @pytest.fixture(autouse=True)
    def _node(self, es_url: str, es_alias: str) -> None:
        self.es_url, self.es_alias = es_url, es_alias

    def make_backend(self, tmp_path: Path) -> SearchBackend:
        return ElasticsearchBackend(self.es_url, alias=self.es_alias)


@pytest.fixture
def backend(es_url: str, es_alias: str) -> Iterator[ElasticsearchBackend]:
    b = ElasticsearchBackend(es_url, alias=es_alias)
    b.ensure_schema()
    yield b
    b.close()


def test_schema_is_a_template_and_one_timestamped_index_behind_the_alias(backend: ElasticsearchBackend) -> None:
    backend.ensure_schema()  # idempotent
    templates = backend.client.indices.get_index_template(name=f"{backend.alias}-template")["index_templates"]
    assert templates[0]["index_template"]["index_patterns"] == [f"{backend.alias}-*"]
    [index] = backend.indices()
    assert index.startswith(f"{backend.alias}-")
    def tokens(analyzer: str, text: str) -> list[str]:
        resp = backend.client.indices.analyze(index=index, analyzer=analyzer, text=text)
        return [t["token"] for t in resp["tokens"]]

    # Words are \w+ runs as in tantivy and core.query ("5.000" is two words); folded drops every mark, exact none.
    assert tokens("vi_folded", "Đắk Lắk: 5.000 người") == ["dak", "lak", "5", "000", "nguoi"]
    assert tokens("vi_exact", "Đắk Lắk: 5.000 người") == ["đắk", "lắk", "5", "000", "người"]


def test_before_any_load_searches_are_empty_and_the_first_write_creates_the_schema(es_url: str, es_alias: str) -> None:
    fresh = ElasticsearchBackend(es_url, alias=es_alias)
    assert fresh.search(SearchQuery(facets=("province", "month"))).total == 0
    assert fresh.count() == 0
    assert fresh.get("nothing") is None
    fresh.upsert(make_articles(2))  # without ensure_schema(): must not auto-create a bare index named like the alias
    [index] = fresh.indices()
    assert index.startswith(f"{es_alias}-")
    assert fresh.count() == 2
    fresh.close()


def test_reloading_duplicates_nothing_and_replaces_by_id(backend: ElasticsearchBackend) -> None:
    articles = list(make_articles(120))
    assert backend.upsert(articles).indexed == 120
    assert backend.upsert(articles).indexed == 120
    assert backend.count() == 120
    changed = articles[7].model_copy(update={"title": "Tiêu đề mới"})
    backend.upsert([document(changed)])
    assert backend.count() == 120
    assert backend.get(changed.id) == document(changed)


def test_get_returns_the_article_as_stored_even_when_search_text_was_normalised(backend: ElasticsearchBackend) -> None:
    article = make_article(1).model_copy(update={"title": "Hoà bình và thuỷ lợi", "body": "Uỷ ban hoà giải."})
    backend.upsert([document(article)])
    assert backend.get(article.id) == document(article)
    assert backend.search(SearchQuery(text="hòa bình")).total == 1  # new-style query finds old-style text
    assert backend.search(SearchQuery(text="uy ban")).total == 1


def test_search_after_cursor_walks_every_hit_once(backend: ElasticsearchBackend) -> None:
    backend.upsert(make_articles(230))
    for sort in ("newest", "relevance"):
        seen: list[str] = []
        query = SearchQuery(text="" if sort == "newest" else "tỉnh", sort=sort, size=50)
        result = backend.search(query)
        total = result.total
        while True:
            seen += [h.id for h in result.hits]
            if result.next_cursor is None:
                break
            result = backend.search(query.model_copy(update={"cursor": result.next_cursor}))
        assert len(seen) == len(set(seen)) == total > 50


def test_reindex_swaps_the_alias_while_searches_keep_working(backend: ElasticsearchBackend) -> None:
    backend.upsert(make_articles(1500))
    [old] = backend.indices()
    totals: dict[str, list[int]] = {"text": [], "all": []}
    errors: list[BaseException] = []
    stop = threading.Event()

    def search_loop() -> None:
        reader = ElasticsearchBackend(backend.url, alias=backend.alias)
        try:
            while not stop.is_set():
                totals["text"].append(reader.search(SearchQuery(text="trẻ em", size=5)).total)
                totals["all"].append(reader.search(SearchQuery(size=0, facets=("province",))).total)
        except BaseException as exc:
            errors.append(exc)
        finally:
            reader.close()

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        new = backend.reindex()
    finally:
        stop.set()
        thread.join(30)
    assert not errors
    assert len(totals["all"]) > 2, "the reader should have run during the reindex"
    assert set(totals["all"]) == {1500}  # never an empty or half-filled index
    assert len(set(totals["text"])) == 1
    assert totals["text"][0] > 0
    assert backend.indices() == [new] != [old]
    assert backend.count() == 1500
    assert not backend.client.indices.exists(index=old)


def test_a_document_the_node_rejects_is_reported_not_raised(backend: ElasticsearchBackend) -> None:
    good = list(make_articles(3))
    bad = make_article(99).model_copy(update={"author": "x" * 40_000})  # keyword term over Lucene's 32 KB limit
    report = backend.upsert([*good, bad])
    assert (report.indexed, report.failed) == (3, 1)
    assert bad.id in report.errors
    assert "author" in report.errors[bad.id]
    assert len(report.errors[bad.id]) <= 500
    assert backend.count() == 3


def test_an_unreachable_node_raises_backend_unavailable() -> None:
    backend = ElasticsearchBackend(f"http://127.0.0.1:{free_port()}", alias="nowhere", timeout=2)
    with pytest.raises(BackendUnavailable):
        backend.count()
    with pytest.raises(BackendUnavailable):
        backend.upsert(make_articles(2))
    backend.close()


def test_compose_runs_the_version_the_tests_run(es_url: str) -> None:
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert compose["services"]["elasticsearch"]["image"].endswith(f":{ES_VERSION}")
    assert version("elasticsearch").split(".")[0] == ES_VERSION.split(".")[0]  # client pinned to the server major
    backend = ElasticsearchBackend(es_url, alias="unused")
    # GET / lives in the rest-root module, which the integ-test-zip lacks; node info is in the server itself.
    [server] = {n["version"] for n in backend.client.nodes.info()["nodes"].values()}
    backend.close()
    assert server.split(".")[0] == ES_VERSION.split(".")[0]
    if not os.environ.get("ELASTICSEARCH_URL"):
        assert server == ES_VERSION


@pytest.mark.slow
def test_loading_loses_nothing_when_the_node_stops_mid_load(
    es_node_factory: Callable[[], EsNode], tmp_path: Path
) -> None:
    """A real node is stopped in the middle of a load and started again on the same data directory."""
    node = es_node_factory()
    node.start()
    backend = ElasticsearchBackend(node.url, alias="lossfree", timeout=5)
    backend.ensure_schema()
    spool = tmp_path / "spool"
    articles = list(make_articles(1200))
    stop_after = 450

    def feed() -> Iterator[Article]:
        for n, article in enumerate(articles):
            if n == stop_after:
                node.stop()  # the batch being assembled and every later one meet a dead node
            yield article

    first = load(feed(), backend, spool_dir=spool, batch_size=100, retries=2, backoff=0.05)
    assert first.indexed + first.spooled == len(articles)
    assert first.spooled >= len(articles) - stop_after
    assert first.spooled == first.failed == len(first.errors)
    assert all("unavailable" in reason for reason in first.errors.values())
    assert list(spool.glob("spool-*.jsonl"))

    node.start()  # same data directory: what was acknowledged before the stop is still there
    assert backend.count() == first.indexed
    more = list(make_articles(100, start=1200))
    second = load(more, backend, spool_dir=spool, batch_size=100, retries=2, backoff=0.05)
    assert (second.indexed, second.spooled, second.failed) == (first.spooled + len(more), 0, 0)
    assert not list(spool.iterdir())

    again = load(articles, backend, spool_dir=spool, batch_size=500)  # a full re-run duplicates nothing
    assert (again.indexed, again.spooled) == (len(articles), 0)
    expected = {a.id for a in [*articles, *more]}
    assert backend.count() == len(expected)
    stored = {a.id for a in backend.iter_articles()}
    assert stored == expected
    backend.close()


def test_govnews_reindex_copies_the_stored_articles_through_the_pipeline(
    backend: ElasticsearchBackend, es_url: str, es_alias: str, tmp_path: Path
) -> None:
    """Stored without the pipeline, twelve pages of one host dated its newest day: the reindexed copy is dated
    by the pipeline's dates stage (a build stamp: no date), and keeps the articles' groups."""
    from core.settings import Settings
    from indexer.reindex import reindex
    from tests.indexer.neardup_corpus import article, story

    stamped = [article(f"trang-{n}", story(40 + n), day=5) for n in range(12)]
    backend.upsert([document(a) for a in stamped])
    settings = Settings(data_dir=tmp_path, backend="elasticsearch", elasticsearch_url=es_url, es_alias=es_alias)
    reindex(settings)
    got = [backend.get(a.id) for a in stamped]
    assert all(g is not None and g.published is None for g in got)
    assert all(g is not None and g.dup_group == g.id for g in got)
