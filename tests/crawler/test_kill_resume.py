"""SIGKILL at random points, five times in a row, then a resume: the same articles as an uninterrupted crawl,
none lost, none duplicated; the extraction workers die with the crawl; a second crawl is locked out."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.ids import article_id
from core.settings import Settings
from crawler.lock import crawl_lock
from indexer.factory import get_backend
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow
KILLS = 5
SMALL_BATCHES = {"GOVNEWS_INDEX_BATCH": "20"}  # so a killed run has indexed something


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _indexed(data: Path, truth: set[str]) -> tuple[set[str], int]:
    """Which of the simulator's article ids are in the index, and how many documents it holds."""
    backend = get_backend(Settings(data_dir=data))
    try:
        return {i for i in truth if backend.get(i) is not None}, backend.count()
    finally:
        backend.close()


def _census(data: Path) -> list[tuple[str, str, str, int, int]]:
    """(id, url, fetched_at, segment ord, doc) of every stored document, to name a duplicate or a stray when the
    counts differ (fetched_at says which run fetched it, against the crawl logs' times; the segment ord indexes
    meta.json's segment list, which names the segment and its deletes)."""
    import tantivy

    backend = get_backend(Settings(data_dir=data))
    try:
        searcher = backend._searcher()  # type: ignore[attr-defined]
        hits = searcher.search(tantivy.Query.all_query(), limit=100_000).hits
        out = []
        for _, addr in hits:
            doc = searcher.doc(addr).to_dict()
            stored = json.loads(doc["article"][0]) if doc.get("article") else {}
            url, fetched = str(stored.get("url", "?")), str(stored.get("fetched_at", "?"))
            out.append((doc["id"][0], url, fetched, addr.segment_ord, addr.doc))
        return out
    finally:
        backend.close()


def _kill_after(
    cmd: list[str], sim: SimulatorServer, requests: int, env: dict[str, str], log: Path, index: Path
) -> list[int]:
    """Start a crawl (its log to `log`), SIGKILL it once it has made `requests` requests to the simulator and
    committed to the index at least once (a point in its progress, not in time: on a loaded machine extraction lags
    the downloads, and a kill before any commit would prove nothing); return its children still alive 5 s after
    the kill."""
    start = sim.total_hits()
    meta = index / "meta.json"
    before = meta.stat().st_mtime_ns if meta.exists() else 0
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
    deadline = time.monotonic() + 90

    def due() -> bool:
        committed = meta.exists() and meta.stat().st_mtime_ns != before
        return sim.total_hits() - start >= requests and committed

    while not due() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    children = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 5
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [c for c in children if _alive(c)]
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    return left


def test_five_sigkills_then_resume_equals_an_uninterrupted_crawl(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    with SimulatorServer(count=500, seed=11, slow_delay=0.3) as sim:
        truth = {article_id(sim.base_url + a.url_path) for a in sim.corpus.iter_articles()}
        sources = write_sources_file(tmp_path / "s.yaml", sources_for(sim.base_url))
        first = govnews("crawl", "--sources", str(sources), data_dir=tmp_path / "d0", env=SMALL_BATCHES)
        baseline = crawl_report(first)
        assert baseline["finish_reason"] == "finished"

        data = tmp_path / "d1"
        cmd = [sys.executable, "-m", "cli.main", "--data-dir", str(data), "crawl", "--sources", str(sources)]
        env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "INFO", **SMALL_BATCHES}
        progress = []
        for n in range(KILLS):
            log = tmp_path / f"killed-{n}.log"
            orphans = _kill_after(cmd, sim, rng.randint(120, 260), env, log, data / "index")
            assert not orphans, f"worker processes outlived the killed crawl: {orphans}"
            progress.append(len(_indexed(data, truth)[0]))
            if (data / "index").is_dir():  # each kill's index, to tell on a failure which run stored a copy
                shutil.copytree(data / "index", tmp_path / f"after-kill-{n}" / "index")
        last = govnews("crawl", "--sources", str(sources), data_dir=data, env=SMALL_BATCHES)
        (tmp_path / "resumed.log").write_text(last.stderr, encoding="utf-8")  # kept with the data for a post-mortem
        resumed = crawl_report(last)

    assert resumed["finish_reason"] == "finished"
    assert 0 < progress[-1] < len(truth), f"the kills must land mid-crawl for the test to prove anything: {progress}"
    expected, expected_count = _indexed(tmp_path / "d0", truth)
    got, got_count = _indexed(data, truth)
    assert len(expected) == baseline["articles_indexed"] > 0
    assert got == expected, f"lost: {len(expected - got)}, extra: {len(got - expected)}, progress: {progress}"
    if got_count != expected_count:
        from collections import Counter

        census = _census(data)
        dups = [(i, n) for i, n in Counter(c[0] for c in census).items() if n > 1]
        strays = [c for c in census if c[0] not in truth]
        copies = [c for c in census if c[0] in dict(dups)]
        segments = (data / "index" / "meta.json").read_text(encoding="utf-8")  # the crawl logs are in tmp_path
        history = {
            snap.name: [c for c in _census(snap) if c[0] in dict(dups)]
            for snap in sorted(tmp_path.glob("after-kill-*"))
        }
        raise AssertionError(
            f"duplicates {dups} strays {strays} copies {copies}\nafter each kill: {history}\n"
            f"meta.json: {segments[:6000]}"
        )
    assert got_count == expected_count == len(expected), "duplicates or stray documents in the index"


def test_a_second_crawl_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sources = write_sources_file(tmp_path / "s.yaml", sources_for("http://127.0.0.1:9"))  # never contacted
    with crawl_lock(data):
        proc = govnews("crawl", "--sources", str(sources), data_dir=data)
    assert proc.returncode == 3, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert "một lần thu thập khác đang chạy" in lines[-1]
    assert "another crawl is already running" in lines[-1]
