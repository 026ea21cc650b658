"""indexer.pipeline.grouping: same-story groups from the pipeline store alone, stable across runs; a lost or damaged
store rebuilt from the index (real SQLite, real tantivy)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.article import Article
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.pipeline import Pipeline
from indexer.pipeline.grouping import LOOKUP, group
from indexer.pipeline.signature import sign
from indexer.pipeline.store import PipelineStore
from tests.indexer.neardup_corpus import article, near_pair, republished, story


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PipelineStore]:
    opened = PipelineStore(tmp_path / "pipeline.sqlite3")
    yield opened
    opened.close()


def run(store: PipelineStore, articles: list[Article]) -> dict[str, str]:
    """One run's batch through the signature and grouping stages: id -> group."""
    with store.batch() as db:
        return {a.id: a.dup_group or "" for a in group(db, sign(articles))}


def test_a_copy_in_a_later_run_joins_the_stored_representatives_group(store: PipelineStore) -> None:
    first, other = article("goc", story(1), day=3), article("khac", story(2), day=4)
    assert run(store, [first, other]) == {first.id: first.id, other.id: other.id}
    copy = article("dang-lai", republished(story(1), 7), day=5, source="portal-b")
    assert run(store, [copy]) == {copy.id: first.id}  # found by the store's band keys: no index exists here


def test_groups_are_stable_across_runs_and_reprocess_in_any_order(store: PipelineStore) -> None:
    first = article("goc", story(4), day=3)
    copies = [article(f"ban-{n}", republished(story(4), n), day=4 + n, source=f"portal-{n}") for n in range(3)]
    grouped = run(store, [first, *copies])
    assert set(grouped.values()) == {first.id}
    assert run(store, list(reversed([*copies, first]))) == grouped  # reprocess, copies first: nothing moves
    assert run(store, copies[:1]) == {copies[0].id: first.id}


def test_a_member_never_represents_so_groups_do_not_chain(store: PipelineStore) -> None:
    """The second resembles the first and the third the second, not the first: the third founds its own group."""
    text = story(21)
    words = text.split()
    n = len(words)
    second_text = " ".join(words[: 0] + [f"khac{i}" for i in range(n // 6)] + words[n // 6 :])
    w2 = second_text.split()
    third_text = " ".join(w2[: n // 2] + [f"khac{n // 2 + i}" for i in range(n // 6)] + w2[n // 2 + n // 6 :])
    first, second, third = (article(f"a{i}", t, day=i + 1) for i, t in enumerate((text, second_text, third_text)))
    assert run(store, [first, second]) == {first.id: first.id, second.id: first.id}
    assert run(store, [third]) == {third.id: third.id}


def test_the_exact_check_near_the_threshold_reads_bodies_from_the_store(store: PipelineStore) -> None:
    template, distinct = near_pair(47, 38)  # estimated over SAME_STORY, exactly under: two stories
    story_, same = near_pair(40, 32)  # estimated under SAME_STORY, exactly over: one story
    run(store, [template, story_])
    assert run(store, [distinct, same]) == {distinct.id: distinct.id, same.id: story_.id}


def test_too_short_bodies_are_alone(store: PipelineStore) -> None:
    a, b = article("tb-1", "Xem file đính kèm.", day=3), article("tb-2", "Xem file đính kèm.", day=4, source="p-b")
    assert run(store, [a, b]) == {a.id: a.id, b.id: b.id}


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_lost_or_damaged_store_is_rebuilt_from_the_index(tmp_path: Path, damage: str) -> None:
    backend = TantivyBackend(tmp_path / "index")
    path = tmp_path / "pipeline.sqlite3"
    first = article("goc", story(9), day=1)
    copies = [article(f"ban-{n}", republished(story(9), n), day=2 + n, source=f"portal-{n}") for n in range(2)]
    pipeline = Pipeline(backend, path, tmp_path / "spool")
    pipeline.index([first, copies[0]])
    pipeline.close()
    for side in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        side.unlink(missing_ok=True)
    if damage == "garbage":
        path.write_bytes(b"not a database" * 1000)
    pipeline = Pipeline(backend, path, tmp_path / "spool")
    assert pipeline.store.fresh
    pipeline.index([copies[1]])  # a later run: the representative is known again, from the index
    pipeline.close()
    assert {a.id for a in backend.group(first.id)} == {first.id, copies[0].id, copies[1].id}
    if damage == "garbage":
        assert list(tmp_path.glob("pipeline.sqlite3.damaged-*"))  # moved aside, not deleted
    backend.close()


def test_a_representative_whose_text_changed_stays_one_with_its_new_keys(store: PipelineStore) -> None:
    first = article("goc", story(5), day=1)
    run(store, [first])
    edited = first.model_copy(update={"body": story(6)})  # re-extracted by a better cleaner: another text
    assert run(store, [edited]) == {first.id: first.id}
    copy = article("ban", republished(story(6), 3), day=2, source="portal-b")
    assert run(store, [copy]) == {copy.id: first.id}  # found by the new keys
    old_copy = article("ban-cu", republished(story(5), 3), day=2, source="portal-c")
    assert run(store, [old_copy]) == {old_copy.id: old_copy.id}  # the old keys are gone


def test_a_lookup_searches_bands_by_key_and_never_scans_them(store: PipelineStore) -> None:
    run(store, [article(f"s{i}", story(i), day=i + 1) for i in range(3)])  # every batch's keys go through LOOKUP
    store.db.execute("ANALYZE")
    plan = " | ".join(row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {LOOKUP}", (10,)))
    assert "SEARCH b USING PRIMARY KEY (key=?)" in plan  # a few B-tree searches per key, at any store size
    assert "SCAN b" not in plan
