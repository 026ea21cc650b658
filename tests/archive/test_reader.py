"""archive.reader, the one WARC reader: junk or a cut anywhere loses only the records it touches (issue 17 #10)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.reader import ArchiveUnreadable, Damage, iter_archive, response_at, responses
from archive.writer import WarcArchive
from tests.support.warc import archive_page

N = 30


def archive(tmp_path: Path) -> Path:
    """One WARC file of N article responses (each with its request record), as the crawler writes them."""
    writer = WarcArchive(tmp_path)
    for n in range(N):
        body = f"<html><body><p>Bài {n}: " + "nội dung bài viết " * (20 + n) + "</p></body></html>"
        archive_page(writer, f"https://a.gov.vn/tin/{n}.html", body)
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    return path


def spans(path: Path) -> list[tuple[str, int, int]]:
    """(url, start, end) of each response with its request record, read from the intact file."""
    records = list(responses(path))
    ends = [r.offset for r in records[1:]] + [path.stat().st_size]
    return [(r.url, r.offset, end) for r, end in zip(records, ends, strict=True)]


@pytest.mark.parametrize("seed", range(12))
def test_junk_anywhere_loses_only_the_records_it_touches(tmp_path: Path, seed: int) -> None:
    path = archive(tmp_path)
    before = spans(path)
    rng = random.Random(seed)
    at = rng.randrange(0, path.stat().st_size - 256)
    data = bytearray(path.read_bytes())
    data[at : at + 256] = rng.randbytes(256)
    path.write_bytes(bytes(data))
    damage: list[Damage] = []
    got = {r.url for r in iter_archive(tmp_path, damage)}
    touched = {url for url, start, end in before if start < at + 256 and end > at}
    assert got >= {url for url, _, _ in before} - touched  # 17 of 36 came back, before: reading stopped there
    assert len(got) >= N - 2
    assert damage  # said so, with the file and the byte range
    assert all(str(d).startswith(path.name + "@") for d in damage)
    assert damage[0].start <= at


@pytest.mark.parametrize("seed", range(8))
def test_a_cut_anywhere_keeps_every_whole_record(tmp_path: Path, seed: int) -> None:
    path = archive(tmp_path)
    before = spans(path)
    at = random.Random(seed).randrange(1, path.stat().st_size)
    path.write_bytes(path.read_bytes()[:at])
    damage: list[Damage] = []
    got = [r.url for r in responses(path, damage)]
    assert got[: len([1 for _, _, end in before if end <= at])] == [u for u, _, end in before if end <= at]
    assert len(damage) <= 1


def test_bytes_inserted_between_records_are_skipped(tmp_path: Path) -> None:
    path = archive(tmp_path)
    before = spans(path)
    cut = before[10][1]
    data = path.read_bytes()
    path.write_bytes(data[:cut] + b"\x1f\x8b\x08 not a member at all " * 40 + data[cut:])
    damage: list[Damage] = []
    assert [r.url for r in responses(path, damage)] == [u for u, _, _ in before]
    assert len(damage) == 1
    assert damage[0].start == cut


def test_reading_one_damaged_record_is_a_clear_error(tmp_path: Path) -> None:
    path = archive(tmp_path)
    url, start, _ = spans(path)[5]
    assert response_at(path, start).url == url
    data = bytearray(path.read_bytes())
    data[start + 30 : start + 60] = b"\x00" * 30
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveUnreadable, match="damaged record"):
        response_at(path, start)
