"""Files govnews writes, damaged for real (junk bytes, cuts at seeded random offsets), then the next run: it skips
what it cannot read, says so, exits 0 and loses nothing else (issue 17 #9, #10, #11 and the cut test)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.index import open_for_reading
from archive.reader import responses, warc_files
from core.settings import Settings
from core.sqlite_files import problem
from indexer.factory import get_backend
from tests.crawler.support import CountingServer, fixture_source, govnews, serve_directory, write_sources_file

pytestmark = pytest.mark.slow
Crawled = tuple[Path, Path, dict[str, str]]  # data dir, sources file, id -> URL of the articles indexed
CATEGORY = ("thanh-tra",)


def report_of(proc: Any) -> dict[str, Any]:
    """The JSON report a `govnews crawl` / `reprocess` run prints (before its one-line summary)."""
    text = proc.stdout
    found: dict[str, Any] = json.loads(text[text.index("{") : text.rindex("}") + 1])
    return found


def indexed(data: Path) -> dict[str, str]:
    """id -> URL of every article in the data dir's tantivy index (read through the backend, as the API does)."""
    from core.search import SearchQuery

    backend = get_backend(Settings(data_dir=data, backend="tantivy"))
    try:
        result = backend.search(SearchQuery(size=200, facets=()))
        assert result.total <= 200
        return {hit.id: hit.url for hit in result.hits}
    finally:
        backend.close()


def stories(data: Path) -> set[str]:
    """The stories in the data dir's index, each indexed exactly once. A story is the crawl's content identity
    (crawler.sink.text_key): a page the portal (here HTTrack) holds twice is indexed once, under whichever URL a run
    fetched first, so a run that fetched in another order is compared with the first by story, not by id."""
    from crawler.sink import text_key

    backend = get_backend(Settings(data_dir=data, backend="tantivy"))
    try:
        found = [backend.get(i) for i in indexed(data)]
    finally:
        backend.close()
    keys = [text_key(a) for a in found if a is not None]
    assert len(set(keys)) == len(keys) == len(found), "a story indexed twice, or an id that does not read back"
    return set(keys)


@pytest.fixture(scope="module")
def server() -> Iterator[CountingServer]:
    with serve_directory() as running:
        yield running


@pytest.fixture(scope="module")
def crawled(server: CountingServer, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """One real crawl of a fixture-site category: (data dir, sources file, article ids indexed)."""
    root = tmp_path_factory.mktemp("crawled")
    sources = write_sources_file(root / "sources.yaml", [fixture_source(server.base_url, CATEGORY)])
    proc = govnews("crawl", "--sources", str(sources), data_dir=root / "data")
    assert proc.returncode == 0, proc.stderr[-3000:]
    ids = indexed(root / "data")
    assert len(ids) > 40
    return root / "data", sources, ids


def copy_of(crawled: Crawled, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(crawled[0], data)
    return data


# -- #10: 256 random bytes in the middle of a WARC file, then reprocess into an empty index ----------------------


def test_junk_in_a_warc_file_loses_only_the_damaged_record(crawled: Crawled, tmp_path: Path) -> None:
    data = copy_of(crawled, tmp_path)
    warc = max(warc_files(data / "warc"), key=lambda p: p.stat().st_size)
    records = list(responses(warc))
    middle = warc.stat().st_size // 2
    with warc.open("r+b") as fh:
        fh.seek(middle)
        fh.write(random.Random(10).randbytes(256))
    # the records the junk can reach: the one whose member holds `middle`, and the next one if the junk spans both
    starts = [r.offset for r in records] + [warc.stat().st_size]
    hit = {r.url for r, end in zip(records, starts[1:], strict=True) if r.offset < middle + 256 and end > middle}
    shutil.rmtree(data / "index")
    proc = govnews("reprocess", "--sources", str(crawled[1]), data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]  # damaged data skipped is not a failed run
    report = report_of(proc)
    lost = {crawled[2][i] for i in crawled[2].keys() - indexed(data).keys()}
    assert lost <= hit, "only the damaged record may be lost"  # 19 of 36 were, before
    assert len(lost) <= 1
    assert len(report["damaged"]) == 1
    assert report["damaged"][0].startswith(warc.name.removesuffix(".open") + "@")
    assert "damaged" in proc.stdout.splitlines()[-1]  # and the one-line summary says so


# -- #9: a halved or garbage crawl-state.sqlite3 ------------------------------------------------------------------


def halve(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garble(path: Path) -> None:
    path.write_bytes(random.Random(9).randbytes(path.stat().st_size))


@pytest.mark.parametrize("damage", [halve, garble], ids=["halved", "garbage"])
def test_a_damaged_crawl_state_is_set_aside_and_rebuilt(
    crawled: Crawled, server: CountingServer, tmp_path: Path, damage: Any
) -> None:
    data = copy_of(crawled, tmp_path)
    state = data / "crawl-state.sqlite3"
    assert state.is_file()
    damage(state)
    before = server.article_hits()
    proc = govnews("crawl", "--sources", str(crawled[1]), data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]  # exit 1 with two raw DatabaseError tracebacks, before
    assert "Traceback" not in proc.stderr
    report = report_of(proc)
    assert len(report["damaged"]) == 1
    assert report["damaged"][0].startswith("crawl-state.sqlite3.damaged-")
    aside = [p.name for p in data.glob("crawl-state.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside == [report["damaged"][0].split(" ")[0]]  # kept, not deleted
    assert "damaged" in proc.stdout.splitlines()[-1]
    assert stories(data) == stories(crawled[0])  # nothing lost
    assert report["skipped_known"] >= len(crawled[2]) - 2  # rebuilt from the archive and the index: not refetched
    assert server.article_hits() - before <= 2
    again = govnews("crawl", "--sources", str(crawled[1]), data_dir=data)  # and the run after that is clean
    assert again.returncode == 0, again.stderr[-3000:]
    assert report_of(again)["damaged"] == []


# -- every file cut at seeded random offsets (a kill or a full disk at any byte), then the next run ---------------

SEEDS = (1, 2, 3)


def cut(path: Path, seed: int) -> int:
    """Truncate `path` at a seeded random offset inside it; returns the offset."""
    at = random.Random(seed).randrange(1, path.stat().st_size)
    with path.open("r+b") as fh:
        fh.truncate(at)
    return at


def clean_run(proc: Any) -> dict[str, Any]:
    """The report of a run that must have gone through: rc 0, no traceback, and damage named when there was any."""
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    report = report_of(proc)
    assert ("damaged" in proc.stdout.splitlines()[-1]) == bool(report["damaged"])
    return report


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_crawl_state(crawled: Crawled, tmp_path: Path, seed: int) -> None:
    data = copy_of(crawled, tmp_path)
    cut(data / "crawl-state.sqlite3", seed)
    clean_run(govnews("crawl", "--sources", str(crawled[1]), data_dir=data))
    assert stories(data) == stories(crawled[0])
    assert problem(data / "crawl-state.sqlite3") is None


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_warc_index(crawled: Crawled, tmp_path: Path, seed: int) -> None:
    data = copy_of(crawled, tmp_path)
    path = data / "warc" / "index.sqlite3"
    archived = sum(1 for f in warc_files(data / "warc") for _ in responses(f))
    cut(path, seed)
    clean_run(govnews("crawl", "--sources", str(crawled[1]), data_dir=data))
    assert stories(data) == stories(crawled[0])
    assert problem(path) is None
    index = open_for_reading(path)
    assert index is not None
    assert index.count() >= archived  # every response of the first crawl can be served again, and this run's
    index.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_warc_file_then_reprocess(crawled: Crawled, tmp_path: Path, seed: int) -> None:
    data = copy_of(crawled, tmp_path)
    warc = max(warc_files(data / "warc"), key=lambda p: p.stat().st_size)
    records = list(responses(warc))
    at = cut(warc, seed)
    ends = [r.offset for r in records[1:]]  # a response's record pair ends where the next response starts
    whole = {r.url for r, end in zip(records, ends, strict=False) if end <= at}
    shutil.rmtree(data / "index")
    report = clean_run(govnews("reprocess", "--sources", str(crawled[1]), data_dir=data))
    got = set(indexed(data).values())
    assert {u for u in crawled[2].values() if u in whole} <= got  # every record wholly before the cut is back
    assert all(d.startswith(warc.name) for d in report["damaged"])


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_spool_file_then_crawl(crawled: Crawled, tmp_path: Path, seed: int) -> None:
    """A run spooled the articles it could not index (here: all of them, taken out of the index), then its
    spool file was cut: the next crawl loads every whole record and names the cut one, and the crawl after it
    fetches the pages of the lost records again: in the end nothing is lost."""
    from indexer.backends.tantivy_backend import TantivyBackend
    from indexer.spool import SpoolWriter

    data = copy_of(crawled, tmp_path)
    backend = TantivyBackend(data / "index")
    articles = [a for a in (backend.get(i) for i in sorted(crawled[2])) if a is not None]
    writer = SpoolWriter(data / "spool")
    for article in articles:
        writer.write(article)
    writer.close()
    assert backend.delete(a.id for a in articles) == len(articles)
    backend.close()
    ends = [n + 1 for n, byte in enumerate(writer.path.read_bytes()) if byte == ord("\n")]
    at = cut(writer.path, seed)
    report = clean_run(govnews("crawl", "--sources", str(crawled[1]), data_dir=data))
    whole = {a.id for a, end in zip(articles, ends, strict=True) if end - 1 <= at}  # the newline may be cut off
    assert whole <= indexed(data).keys()
    assert len(report["damaged"]) == (0 if at in ends or at + 1 in ends else 1)
    if report["damaged"]:  # (a cut exactly between two lines leaves no trace: a spool is fsynced before pages
        # are marked done, so only a lost disk write could do that)
        after = clean_run(govnews("crawl", "--sources", str(crawled[1]), data_dir=data))
        assert stories(data) == stories(crawled[0])
        assert after["reconciled"] == len(crawled[2]) - len(whole)  # forgotten by the state, so fetched again


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_run_report(crawled: Crawled, tmp_path: Path, seed: int) -> None:
    from search_api.reports import load_reports

    data = copy_of(crawled, tmp_path)
    (first,) = list((data / "reports").glob("*.json"))
    cut(first, seed)
    clean_run(govnews("crawl", "--sources", str(crawled[1]), data_dir=data))
    names = [r.name for r in load_reports(data / "reports", 10)]
    assert len(names) == 1  # the cut report is skipped (and logged), the new one is read
    assert first.name not in names


# -- exit codes: a run that cannot do its job stops with one line -------------------------------------------------


def test_a_crawl_on_a_damaged_index_stops_with_one_line(crawled: Crawled, tmp_path: Path) -> None:
    """An emptied meta.json (a kill mid-commit on a filesystem without atomic rename): the crawl exited 1 with
    five tracebacks from Scrapy's stages, before; now it refuses before fetching, in one line that says what to do."""
    data = copy_of(crawled, tmp_path)
    (data / "index" / "meta.json").write_text("")
    proc = govnews("crawl", "--sources", str(crawled[1]), data_dir=data)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("govnews: ")
    assert "govnews reprocess" in proc.stderr


@pytest.fixture(scope="module")
def stopped(server: CountingServer, crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose crawl stopped at its page budget: it leaves Scrapy's queue in jobs/portal to resume."""
    data = tmp_path_factory.mktemp("stopped") / "data"
    proc = govnews("crawl", "--sources", str(crawled[1]), "--set", "CLOSESPIDER_PAGECOUNT=30", data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (data / "jobs" / "portal" / "requests.queue" / "active.json").is_file()
    return data


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_queue_file_then_resume(stopped: Path, crawled: Crawled, tmp_path: Path, seed: int) -> None:
    """Each file of the queue a stopped crawl left, cut at a seeded offset: a cut queue chunk hung the next crawl
    for 600 s, a cut active.json stopped it with six tracebacks, before. Now the queue is dropped and named, the
    crawl finds every article from the listings again."""
    shutil.copytree(stopped, tmp_path / "data")
    data = tmp_path / "data"
    files = sorted(p for p in (data / "jobs" / "portal").rglob("*") if p.is_file() and p.stat().st_size > 1)
    victim = files[seed % len(files)]
    cut(victim, seed)
    report = clean_run(govnews("crawl", "--sources", str(crawled[1]), data_dir=data, timeout=180))
    if victim.name != "govnews-seal.json":
        assert report["damaged"] == [report["damaged"][0]]
        assert report["damaged"][0].startswith("jobs/portal (pending queue:")
    assert report["finish_reason"] == "finished"
    assert stories(data) == stories(crawled[0])


def test_a_damaged_state_that_cannot_be_moved_is_refused_in_one_line(crawled: Crawled, tmp_path: Path) -> None:
    """The damaged file made immutable (`chattr +i`: even root cannot rename it), so it cannot be set aside: the
    crawl refuses in one line that says what to do, exit 1, and fetches nothing."""
    data = copy_of(crawled, tmp_path)
    state = data / "crawl-state.sqlite3"
    halve(state)
    if subprocess.run(["chattr", "+i", str(state)], capture_output=True, check=False).returncode != 0:
        pytest.skip("chattr +i is not available here: no way to make a file unmovable for real")
    try:
        proc = govnews("crawl", "--sources", str(crawled[1]), data_dir=data)
    finally:
        subprocess.run(["chattr", "-i", str(state)], capture_output=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("govnews: the crawl state ")
    assert "move or delete it, then run again" in last
    assert state.is_file()
    assert not list(data.glob("crawl-state.sqlite3.damaged-*"))  # nothing half-moved


def test_what_is_wrong_with_a_damaged_file_is_one_line(tmp_path: Path) -> None:
    """SQLite's quick_check can answer several lines ("*** in database main ***\\nFragmentation…"); the report's
    summary line names the damage, so the reason must stay on one line (seed 2's cut state broke that line)."""
    import sqlite3

    path = tmp_path / "many.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (a TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(400)])
    db.commit()
    db.close()
    raw = bytearray(path.read_bytes())
    for page in range(4, len(raw) // 4096, 3):  # corrupt cell pointers on every third page
        raw[page * 4096 + 8 : page * 4096 + 16] = b"\x00\x10\xff\x00\x00\x20\xff\x00"
    path.write_bytes(bytes(raw))
    why = problem(path)
    assert why is not None
    assert "\n" not in why
