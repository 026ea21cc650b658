"""`govnews warc-index` rebuilds the archive's offset index from the WARC files."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.index import open_for_reading
from cli.main import main
from core.settings import Settings
from tests.archive.test_index import archive_of, newest


def test_rebuilds_the_index_of_an_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warc, db = archive_of(tmp_path)
    assert warc == Settings(data_dir=tmp_path).archive_dir
    db.unlink()
    assert main(["--data-dir", str(tmp_path), "warc-index"]) == 0
    assert "indexed 4 archived responses" in capsys.readouterr().out
    index = open_for_reading(db)
    assert index is not None
    assert newest(index, "https://a.gov.vn/tin/1.html") is not None
    assert main(["--data-dir", str(tmp_path), "warc-index"]) == 0  # again: replaced, not doubled
    again = open_for_reading(db)
    assert again is not None
    assert again.count() == 4


def test_no_archive_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "nothing"), "warc-index"]) == 1
    assert "no archive" in capsys.readouterr().err


def test_junk_in_a_warc_file_is_skipped_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The junk overwrites the first page's record: the three after it are indexed (none were, before: the reader
    stopped there), and the damaged range is named; the run still exits 0."""
    warc, db = archive_of(tmp_path)
    (path,) = warc.glob("*.warc.gz")
    data = bytearray(path.read_bytes())
    start = data.index(b"\x1f\x8b\x08", 1)  # the first record after the warcinfo record
    data[start + 40 : start + 80] = b"\x00" * 40
    path.write_bytes(bytes(data))
    db.unlink()
    assert main(["--data-dir", str(tmp_path), "warc-index"]) == 0
    out = capsys.readouterr().out
    assert "indexed 3 archived responses" in out
    assert f"skipped 1 damaged byte ranges: {path.name}@{start}-" in out
