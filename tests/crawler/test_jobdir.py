"""crawler.jobdir: Scrapy's resumable queue is resumed only when every file is as the stopped run sealed it."""

from __future__ import annotations

from pathlib import Path

from crawler.jobdir import SEAL, drop_unsealed, seal


def queue(path: Path) -> Path:
    (path / "requests.queue" / "127.0.0.1-abc").mkdir(parents=True)
    (path / "requests.queue" / "active.json").write_text('{"127.0.0.1": [-20]}')
    (path / "requests.queue" / "127.0.0.1-abc" / "-20").write_bytes(b"\x00\x00\x00\x02" + b"pickled requests" * 50)
    (path / "requests.seen").write_text("fingerprint\n")
    return path


def test_a_killed_runs_queue_is_dropped_without_counting_as_damage(tmp_path: Path) -> None:
    killed = queue(tmp_path / "portal")  # SIGKILL: Scrapy's files, never sealed
    assert drop_unsealed(killed) == []
    assert not killed.exists()


def test_a_sealed_queue_is_kept_and_unsealed_for_the_run_that_resumes_it(tmp_path: Path) -> None:
    stopped = queue(tmp_path / "portal")
    seal(stopped)
    assert drop_unsealed(stopped) == []
    assert (stopped / "requests.queue" / "active.json").is_file()
    assert not (stopped / SEAL).exists()  # killed while resuming: no seal, so dropped next time


def test_a_queue_file_cut_after_the_run_stopped_is_dropped_and_named(tmp_path: Path) -> None:
    stopped = queue(tmp_path / "portal")
    seal(stopped)
    chunk = stopped / "requests.queue" / "127.0.0.1-abc" / "-20"
    chunk.write_bytes(chunk.read_bytes()[:300])  # Scrapy hung on this for 600 s, before
    (line,) = drop_unsealed(stopped)
    assert line.startswith("jobs/portal (pending queue: changed or cut since the run stopped: requests.queue/")
    assert not stopped.exists()


def test_no_queue_is_nothing_to_do(tmp_path: Path) -> None:
    assert drop_unsealed(tmp_path / "none") == []
    (tmp_path / "empty").mkdir()
    assert drop_unsealed(tmp_path / "empty") == []
