"""Tantivy loading sessions, searcher reuse and the facet cache: visible, durable and invalidated on every commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.search import BackendUnavailable, SearchQuery
from indexer import collapse
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.load import BulkLoading, load
from indexer.pipeline import Pipeline
from tests.indexer.neardup_corpus import article, republished, story
from tests.support.corpus import make_articles


def test_upserts_inside_a_session_are_searchable_when_they_return_and_hold_the_writer(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    other = TantivyBackend(tmp_path / "index")  # another handle, as another process would be
    articles = list(make_articles(30))
    assert isinstance(backend, BulkLoading)
    with backend.bulk():
        backend.upsert(articles[:10])
        assert backend.count() == 10
        assert other.count() == 10
        with pytest.raises(BackendUnavailable):  # the session keeps the directory's writer lock
            other.upsert(articles[10:11])
        backend.upsert(articles[10:30])
        assert other.count() == 30
    other.upsert(articles[:1])  # released at the end of the session
    assert other.count() == 30
    backend.close()
    other.close()


def test_facet_counts_follow_every_commit_even_by_another_handle(tmp_path: Path) -> None:
    reader = TantivyBackend(tmp_path / "index")
    writer = TantivyBackend(tmp_path / "index")
    articles = list(make_articles(40))
    writer.upsert(articles[:20])
    query = SearchQuery(facets=("province",), size=0)
    first = reader.search(query)
    assert reader.search(query).facets == first.facets  # repeated: served from the cache
    writer.upsert(articles[20:])
    after = reader.search(query)
    assert sum(b.count for b in after.facets["province"]) == 40
    assert after.total == 40
    writer.delete([articles[0].id])
    assert sum(b.count for b in reader.search(query).facets["province"]) == 39
    reader.close()
    writer.close()


def test_the_cache_keys_on_filters_and_text_not_on_paging(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    cached = TantivyBackend(tmp_path / "index", facet_cache=0)
    articles = list(make_articles(60))
    backend.upsert(articles)
    province = articles[0].province or ""
    for query in (
        SearchQuery(facets=("province", "directive", "month")),
        SearchQuery(text="trẻ em", facets=("province", "month")),
        SearchQuery(text="tre em", province=[province], facets=("province", "month")),
        SearchQuery(text="tre em", province=[province], facets=("province", "month"), page=2, size=5),
    ):
        warm = backend.search(query)
        assert backend.search(query).facets == warm.facets == cached.search(query).facets
    backend.close()
    cached.close()


def test_a_load_runs_in_one_session_and_every_article_lands(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    report = load(make_articles(250), backend, spool_dir=tmp_path / "spool", batch_size=60)
    assert (report.indexed, report.failed) == (250, 0)
    assert backend.count() == 250
    backend.upsert(make_articles(5))  # the session's writer is gone: a plain upsert takes the lock again
    assert backend.count() == 250
    backend.close()


def test_loads_inside_an_outer_session_join_it(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    other = TantivyBackend(tmp_path / "index")
    with backend.bulk():
        for start in (0, 40):
            report = load(make_articles(40, start=start), backend, spool_dir=tmp_path / "spool", batch_size=15)
            assert report.indexed == 40
            with pytest.raises(BackendUnavailable):  # still the outer session's writer after each load
                other.upsert(make_articles(1))
    assert other.count() == 80
    backend.close()
    other.close()


@pytest.mark.parametrize("exact_matches", [collapse.EXACT_MATCHES, 2])
def test_collapsed_counts_come_from_the_cache_alike_and_follow_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exact_matches: int
) -> None:
    monkeypatch.setattr(collapse, "EXACT_MATCHES", exact_matches)  # 2: rows estimated, shown groups counted
    backend = TantivyBackend(tmp_path / "index")
    uncached = TantivyBackend(tmp_path / "index", facet_cache=0)
    copies = [article(f"ban-{n}", republished(story(5), n), day=2 + n, source=f"portal-{n}") for n in range(3)]
    others = [article(f"le-{n}", story(30 + n), day=10 + n, source="portal-e") for n in range(4)]
    first = article("goc", story(5), day=1)
    pipeline = Pipeline(backend, tmp_path / "pipeline.sqlite3", tmp_path / "spool")  # it groups; the backend stores
    pipeline.index([first, *copies, *others])

    def seen(b: TantivyBackend, page: int) -> tuple[int, int | None, list[tuple[str, int]], str | None]:
        r = b.search(SearchQuery(collapse=True, sort="oldest", size=2, page=page, facets=("source",)))
        return r.total, r.total_articles, [(h.id, h.duplicates) for h in r.hits], r.next_cursor

    for page in (1, 2, 3, 1):  # page 1 again: every count from the cache
        assert seen(backend, page) == seen(uncached, page)
    assert seen(backend, 1)[:2] == (5, 8)
    pipeline.index([article("ban-moi", republished(story(5), 9), day=20, source="portal-x")])
    assert seen(backend, 1)[:2] == (5, 9)  # a commit: the cached group counts are gone
    assert seen(backend, 1)[2][0] == (first.id, 4)
    pipeline.close()
    backend.close()
    uncached.close()
