"""indexer.load against the real tantivy backend: batches, retries, the spool, and nothing lost or duplicated."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import tantivy

from core.article import Article
from core.search import BackendUnavailable, IndexReport
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.backends.tantivy_schema import build_schema
from indexer.load import load
from indexer.spool import SpoolWriter, claim
from tests.support.corpus import make_articles


class HeldLock:
    """Another IndexWriter on the same directory: a real fault, the backend cannot take the writer lock."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(build_schema(), path=str(path), reuse=True)
        self.writer: tantivy.IndexWriter | None = self.index.writer(15_000_000, 1)

    def release(self) -> None:
        if self.writer is not None:
            self.writer.wait_merging_threads()  # consumes the writer and frees the lock
            self.writer = None


class FlakyBackend(TantivyBackend):
    """Rejects chosen ids for the first `times` upserts. A per-document rejection cannot be caused for real in an
    embedded library that accepts every valid document, so this fault is simulated here; the Elasticsearch tests
    cause real rejections and a real outage against a real node."""

    def __init__(self, path: Path, reject: set[str], times: int, down: int = 0) -> None:
        super().__init__(path)
        self.reject, self.times, self.down, self.calls = reject, times, down, 0

    def upsert(self, articles: Iterable[Article]) -> IndexReport:
        self.calls += 1
        if self.calls <= self.down:
            raise BackendUnavailable("simulated outage")
        batch = list(articles)
        if self.calls > self.times:
            return super().upsert(batch)
        report = super().upsert([a for a in batch if a.id not in self.reject])
        for a in batch:
            if a.id in self.reject:
                report.failed += 1
                report.errors[a.id] = "rejected"
        return report


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[TantivyBackend]:
    b = TantivyBackend(tmp_path / "index")
    b.ensure_schema()
    yield b
    b.close()


def spool_lines(spool: Path) -> list[str]:
    return [line for f in sorted(spool.glob("spool-*.jsonl")) for line in f.read_text().splitlines()]


def test_loads_in_batches_and_reloading_duplicates_nothing(backend: TantivyBackend, tmp_path: Path) -> None:
    articles = list(make_articles(130))
    report = load(articles, backend, spool_dir=tmp_path / "spool", batch_size=50)
    assert (report.indexed, report.failed, report.spooled) == (130, 0, 0)
    again = load(iter(articles), backend, spool_dir=tmp_path / "spool", batch_size=40)
    assert again.indexed == 130
    assert backend.count() == 130
    assert backend.get(articles[77].id) == articles[77]
    assert spool_lines(tmp_path / "spool") == []


def test_an_outage_spools_everything_and_the_next_run_loads_it_first(backend: TantivyBackend, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    first, second = list(make_articles(30)), list(make_articles(10, start=30))
    lock = HeldLock(backend.path)
    report = load(first, backend, spool_dir=spool, batch_size=8, retries=2, backoff=0.01)
    assert (report.indexed, report.failed, report.spooled) == (0, 30, 30)
    assert "backend unavailable" in report.errors[first[0].id]
    assert len(spool_lines(spool)) == 30
    # Still down: the earlier file is replaced by this run's, which holds both runs' articles.
    report = load(second, backend, spool_dir=spool, batch_size=8, retries=1, backoff=0.01)
    assert report.spooled == 40
    assert len(list(spool.glob("spool-*.jsonl"))) == 1
    assert len(spool_lines(spool)) == 40
    lock.release()
    report = load([], backend, spool_dir=spool, retries=1, backoff=0.01)
    assert (report.indexed, report.spooled) == (40, 0)
    assert backend.count() == 40
    assert list(spool.iterdir()) == []


def test_a_short_outage_is_ridden_out_by_retries(backend: TantivyBackend, tmp_path: Path) -> None:
    lock = HeldLock(backend.path)
    timer = threading.Timer(0.3, lock.release)
    timer.start()
    try:
        report = load(make_articles(20), backend, spool_dir=tmp_path / "spool", retries=6, backoff=0.05)
    finally:
        timer.join()
    assert (report.indexed, report.spooled) == (20, 0)
    assert backend.count() == 20


def test_rejected_documents_are_retried_then_spooled(tmp_path: Path) -> None:
    articles = list(make_articles(12))
    bad = {articles[2].id, articles[9].id}
    flaky = FlakyBackend(tmp_path / "index", reject=bad, times=2)
    report = load(articles, flaky, spool_dir=tmp_path / "spool", batch_size=5, retries=3, backoff=0.0)
    assert (report.indexed, report.failed, report.spooled) == (12, 0, 0)  # third try succeeded
    assert flaky.count() == 12

    stubborn = FlakyBackend(tmp_path / "index2", reject=bad, times=10**6)
    report = load(articles, stubborn, spool_dir=tmp_path / "spool2", batch_size=5, retries=2, backoff=0.0)
    assert (report.indexed, report.failed, report.spooled) == (10, 2, 2)
    assert set(report.errors) == bad
    assert stubborn.count() == 10
    stubborn.times = 0  # the node accepts them now
    report = load([], stubborn, spool_dir=tmp_path / "spool2", retries=0)
    assert (report.indexed, report.spooled) == (2, 0)
    assert stubborn.count() == 12


def test_outage_then_recovery_within_retries(tmp_path: Path) -> None:
    flaky = FlakyBackend(tmp_path / "index", reject=set(), times=0, down=3)
    report = load(make_articles(7), flaky, spool_dir=tmp_path / "spool", retries=3, backoff=0.0)
    assert (report.indexed, report.spooled) == (7, 0)
    assert flaky.calls == 4


def test_an_unreadable_spool_line_is_kept_not_dropped(backend: TantivyBackend, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    good = next(make_articles(1))
    (spool / "spool-20240101T000000000000-1.jsonl").write_text(good.model_dump_json() + "\n{not json\n")
    report = load([], backend, spool_dir=spool)
    assert report.indexed == 1
    assert backend.get(good.id) == good
    assert [p.name for p in spool.iterdir()] == ["spool-20240101T000000000000-1.bad"]
    assert "spool-20240101T000000000000-1.jsonl:2" in report.errors


def test_a_backend_error_that_is_not_an_outage_spools_without_retrying(tmp_path: Path) -> None:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("older_schema")
    (tmp_path / "index").mkdir()
    tantivy.Index(builder.build(), path=str(tmp_path / "index"))
    backend = TantivyBackend(tmp_path / "index")  # refuses the index: IndexSchemaMismatch, not retryable
    articles = list(make_articles(6))
    report = load(articles, backend, spool_dir=tmp_path / "spool", batch_size=4, retries=5, backoff=10.0)
    assert (report.indexed, report.failed, report.spooled) == (0, 6, 6)
    assert "IndexSchemaMismatch" in report.errors[articles[0].id]
    assert len(spool_lines(tmp_path / "spool")) == 6


def test_a_spool_file_another_run_holds_is_left_alone_until_released(backend: TantivyBackend, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    article = next(make_articles(1))
    other_run = SpoolWriter(spool)  # another process's load, still writing its spool file
    other_run.write(article)
    other_run.sync()
    report = load([], backend, spool_dir=spool)
    assert report.indexed == 0
    assert other_run.path.exists()
    other_run.write(next(make_articles(1, start=1)))  # still appending: nothing may be lost
    other_run.close()
    report = load([], backend, spool_dir=spool)
    assert report.indexed == 2
    assert backend.count() == 2
    assert list(spool.iterdir()) == []


def test_a_spool_file_is_claimed_by_one_load_at_a_time(tmp_path: Path) -> None:
    writer = SpoolWriter(tmp_path)
    writer.write(next(make_articles(1)))
    with claim(writer.path) as fh:
        assert fh is None  # its writer still holds it
    writer.close()
    with claim(writer.path) as first:
        assert first is not None
        with claim(writer.path) as second:
            assert second is None
        writer.path.unlink()  # the first claimant replayed and removed it
    with claim(writer.path) as gone:
        assert gone is None


def spooled_articles(tmp_path: Path, count: int) -> tuple[Path, list[Article], Path]:
    """A spool directory holding one closed spool file of `count` articles: (directory, articles, the file)."""
    spool = tmp_path / "spool"
    spool.mkdir()
    articles = list(make_articles(count))
    writer = SpoolWriter(spool)
    for article in articles:
        writer.write(article)
    writer.close()
    return spool, articles, writer.path


def test_a_spool_cut_mid_character_loses_only_that_record(backend: TantivyBackend, tmp_path: Path) -> None:
    """Issue 17 #11: the disk fills while articles are spooled, so the file ends inside a multi-byte character.
    The next run loads every whole record, names the cut one, and keeps the file (.bad) instead of dying on
    UnicodeDecodeError and indexing nothing."""
    spool, articles, spooled = spooled_articles(tmp_path, 40)
    data = spooled.read_bytes()
    last = data.rindex(b"\n", 0, len(data) - 1) + 1  # where the 40th record starts
    cut = last + next(i for i, b in enumerate(data[last:]) if b >= 0xC0) + 1  # inside a multi-byte character
    spooled.write_bytes(data[:cut])
    report = load([], backend, spool_dir=spool)
    assert report.indexed == 39
    assert report.damaged == [f"{spooled.name}:40"]
    assert f"{spooled.name}:40" in report.errors
    assert backend.get(articles[-1].id) is None
    assert all(backend.get(a.id) is not None for a in articles[:-1])
    assert [p.suffix for p in spool.iterdir()] == [".bad"]


def test_junk_inside_a_spool_record_skips_it_and_loads_the_rest(backend: TantivyBackend, tmp_path: Path) -> None:
    """Bytes overwritten in the middle of one record (the JSON still parses as an Article when only a letter of
    the body changes): the checksum catches it, the records around it load."""
    spool, articles, spooled = spooled_articles(tmp_path, 5)
    data = bytearray(spooled.read_bytes())
    third = data.index(b'"body":"', data.index(articles[2].id.encode())) + 8
    letter = next(i for i in range(third, len(data)) if chr(data[i]).isalpha())
    data[letter] = ord("q") if data[letter] != ord("q") else ord("z")  # still valid JSON, still an Article
    spooled.write_bytes(bytes(data))
    report = load([], backend, spool_dir=spool)
    assert report.indexed == 4
    assert report.damaged == [f"{spooled.name}:3"]
    assert backend.get(articles[2].id) is None


def test_an_old_format_spool_file_still_loads(backend: TantivyBackend, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    articles = list(make_articles(3))
    (spool / "spool-20240101T000000000000-1.jsonl").write_text("".join(a.model_dump_json() + "\n" for a in articles))
    report = load([], backend, spool_dir=spool)
    assert (report.indexed, report.damaged) == (3, [])
    assert list(spool.iterdir()) == []
