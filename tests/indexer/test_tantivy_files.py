"""What a killed tantivy commit leaves on disk does not make the next process's commits fail (or spool)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.article import Article
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.backends.tantivy_files import committed_opstamp, drop_uncommitted_deletes
from indexer.load import load
from tests.support.corpus import make_articles


def _revised(articles: list[Article]) -> list[Article]:
    return [a.model_copy(update={"title": a.title + " (sửa)"}) for a in articles]


def _killed_commit_leftovers(index: Path, work: Path, batch: list[Article]) -> list[str]:
    """Leave in `index` what a process SIGKILLed inside the commit of `batch` leaves: the files the commit writes
    before it renames meta.json (the delete files of the segments it deletes from, its new segment), not meta.json.

    The kill itself lands in a window of a few milliseconds, so a test cannot hit it on purpose: the commit runs to
    the end in a copy of the index (a real tantivy commit, same opstamps, one writer thread so the opstamps do not
    depend on thread timing) and its new files, except meta.json and .managed.json, are copied back."""
    copy = work / "copy"
    shutil.copytree(index, copy)
    TantivyBackend(copy, writer_threads=1).upsert(batch)
    before = {p.name for p in index.iterdir()}
    left = sorted(p.name for p in copy.iterdir() if p.name not in before and not p.name.startswith("."))
    for name in left:
        shutil.copy2(copy / name, index / name)
    return left


def test_a_commit_killed_after_its_delete_files_does_not_block_the_next_process(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first, more = list(make_articles(20)), list(make_articles(15, start=20))
    TantivyBackend(index, writer_threads=1).upsert(first)
    committed = committed_opstamp(index)
    # the killed run re-indexed some of them (their pages were not marked done yet) with new ones: it deletes from
    # the committed segment (a segment whose every document is deleted is dropped without a delete file)
    again = _revised(first[:5]) + more
    left = _killed_commit_leftovers(index, tmp_path, again)
    stale = [n for n in left if n.endswith(".del")]
    assert stale, left
    assert committed is not None
    assert all(int(n.split(".")[1]) > committed for n in stale), left

    backend = TantivyBackend(index, writer_threads=1)  # the next process: same batch, same opstamps
    report = load(again, backend, spool_dir=tmp_path / "spool", retries=1, backoff=0.0)

    assert (report.indexed, report.spooled, report.failed) == (20, 0, 0), report.errors
    assert backend.count() == 35  # the five replaced, not added beside their old versions
    assert all((got := backend.get(a.id)) is not None and got.title == a.title for a in again)
    assert not list((tmp_path / "spool").glob("spool-*"))


def test_a_retry_after_a_failed_commit_does_not_collide_with_its_delete_files(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first, more = list(make_articles(20)), list(make_articles(15, start=20))
    backend = TantivyBackend(index, writer_threads=1)
    backend.upsert(first)
    again = _revised(first[:5]) + more
    with backend.bulk():  # the session's writer is open: the leftovers below make its first commit fail
        _killed_commit_leftovers(index, tmp_path, again)
        report = load(again, backend, spool_dir=tmp_path / "spool", retries=1, backoff=0.0)
    assert (report.indexed, report.spooled) == (20, 0), report.errors  # the rolled-back attempt's files went too
    assert backend.count() == 35


def test_only_delete_files_newer_than_the_last_commit_are_removed(tmp_path: Path) -> None:
    index = tmp_path / "index"
    articles = list(make_articles(10))
    backend = TantivyBackend(index, writer_threads=1)
    backend.upsert(articles)
    backend.upsert(_revised(articles[:3]))  # a committed delete file, named in meta.json
    committed = committed_opstamp(index)
    assert committed is not None
    kept = sorted(p.name for p in index.glob("*.del"))
    assert kept
    segment = kept[0].split(".")[0]
    (index / f"{segment}.{committed + 5}.del").write_bytes(b"left by a killed commit")
    (index / f"{segment}.{committed}.x.del").write_bytes(b"not a tantivy delete file name")

    assert drop_uncommitted_deletes(index) == [f"{segment}.{committed + 5}.del"]
    assert sorted(p.name for p in index.glob("*.del")) == sorted([*kept, f"{segment}.{committed}.x.del"])
    assert TantivyBackend(index).count() == 10


def _second_copy(backend: TantivyBackend, article: Article) -> None:
    """A second live copy of `article`, written by a bare writer without the delete (the state the SIGKILL test has
    ended in: both copies in one merged segment, cause unknown)."""
    from indexer.backends.tantivy_schema import to_document

    writer = backend.index.writer(heap_size=50_000_000, num_threads=1)
    writer.add_document(to_document(article.model_copy(update={"title": article.title + " (bản cũ)"})))
    writer.commit()
    writer.wait_merging_threads()


def test_an_upsert_leaves_each_of_its_ids_stored_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    backend = TantivyBackend(tmp_path / "index")
    articles = list(make_articles(5))
    backend.upsert(articles)
    twice = articles[2]
    _second_copy(backend, twice)
    assert backend.count() == 6
    assert backend._stored_once([a.id for a in articles]) == [twice.id]
    assert backend.count() == 5
    kept = backend.get(twice.id)
    assert kept is not None
    assert "held 1 upserted articles twice" in caplog.text
    assert backend._stored_once([a.id for a in articles]) == []  # one count query, nothing to do


def test_a_loading_session_checks_its_ids_when_it_ends(tmp_path: Path) -> None:
    """Inside a session the writer lock is held, so no second copy can be made there; the session hands its ids to
    the same check once its merges are done (where the SIGKILL test's duplicate appeared)."""
    backend = TantivyBackend(tmp_path / "index")
    articles = list(make_articles(6))
    with backend.bulk():
        backend.upsert(articles[:3])
        backend.upsert(articles[3:])
        assert backend._session_ids == [a.id for a in articles]
    assert backend._session_ids == []
    assert backend.count() == 6


def test_closing_a_handle_checks_every_id_it_wrote(tmp_path: Path) -> None:
    """A merge after a session ended could still bring an old copy back: the handle checks all it wrote on close."""
    backend = TantivyBackend(tmp_path / "index")
    articles = list(make_articles(4))
    with backend.bulk():
        backend.upsert(articles)
    _second_copy(TantivyBackend(tmp_path / "index"), articles[0])
    assert backend.count() == 5
    backend.close()
    assert TantivyBackend(tmp_path / "index").count() == 4
