"""archive.index: the crawler's writer records each response's offset; one seek reads it back; damage is clear."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from archive.index import RecordRef, WarcIndex, captured_at, newest_copy, open_for_reading, read_record, rebuild
from archive.reader import ArchiveUnreadable
from archive.writer import WarcArchive
from tests.support.warc import archive_page

VN = timezone(timedelta(hours=7))
PAGE = "<html><head><title>Tin</title></head><body><p>Bản lưu {n}</p></body></html>"


def write(archive: WarcArchive, url: str, n: int, *, status: int = 200, day: int = 1) -> None:
    archive_page(archive, url, PAGE.format(n=n), status=status, fetched_at=datetime(2026, 1, day, 8, tzinfo=UTC))


def newest(index: WarcIndex, *urls: str) -> RecordRef | None:
    """The newest 200 capture of any of the URLs, as the article page finds it."""
    return newest_copy(index.captures(*urls))


def archive_of(tmp_path: Path, max_bytes: int = 10_000_000) -> tuple[Path, Path]:
    warc, db = tmp_path / "warc", tmp_path / "warc" / "index.sqlite3"
    index = WarcIndex(db)
    archive = WarcArchive(warc, index=index, max_bytes=max_bytes)
    write(archive, "https://a.gov.vn/tin/1.html", 1, day=1)
    write(archive, "https://a.gov.vn/tin/2.html", 2, day=1)
    write(archive, "https://a.gov.vn/tin/1.html", 3, day=2)  # a newer fetch of the same page
    write(archive, "https://a.gov.vn/tin/1.html", 4, status=404, day=3)  # gone later: the 200 copy stays
    archive.close()
    index.close()
    return warc, db


def test_the_newest_200_copy_is_found_and_read_with_one_seek(tmp_path: Path) -> None:
    warc, db = archive_of(tmp_path, max_bytes=1)  # one file per page pair: offsets across rotated files
    assert len(list(warc.glob("*.warc.gz"))) == 4
    index = open_for_reading(db)
    assert index is not None
    ref = newest(index, "https://a.gov.vn/tin/1.html")
    assert ref is not None
    assert ref.status == 200
    page = read_record(warc, ref)
    assert b"B\xe1\xba\xa3n l\xc6\xb0u 3" in page.body
    assert page.fetched_at == datetime(2026, 1, 2, 8, tzinfo=UTC)
    assert page.headers["content-type"].startswith("text/html")
    other = newest(index, "https://A.gov.vn/tin/2.html#x", "https://nowhere/")  # compared canonically
    assert other is not None
    assert b"u 2" in read_record(warc, other).body
    assert newest(index, "https://a.gov.vn/tin/9.html") is None


def test_every_capture_of_a_url_is_listed_and_found_by_its_time(tmp_path: Path) -> None:
    warc, db = archive_of(tmp_path, max_bytes=1)
    index = open_for_reading(db)
    assert index is not None
    caps = index.captures("https://a.gov.vn/tin/1.html", "https://A.gov.vn/tin/1.html#x")
    assert [(c.fetched_at, c.status) for c in caps] == [
        (datetime(2026, 1, 3, 8, tzinfo=UTC), 404),
        (datetime(2026, 1, 2, 8, tzinfo=UTC), 200),
        (datetime(2026, 1, 1, 8, tzinfo=UTC), 200),
    ]
    first = captured_at(caps, datetime(2026, 1, 1, 15, 0, 0, 400, tzinfo=VN))
    assert first is not None  # 15:00 in Vietnam is 08:00 UTC; the second's fraction is not part of a capture time
    assert b"u 1<" in read_record(warc, first).body
    assert captured_at(caps, datetime(2026, 1, 1, 8, 0, 1, tzinfo=UTC)) is None
    assert captured_at(index.captures("https://a.gov.vn/tin/9.html"), datetime(2026, 1, 1, 8, tzinfo=UTC)) is None
    assert index.captures() == []


def test_rebuild_indexes_an_archive_written_without_an_index(tmp_path: Path) -> None:
    warc, db = archive_of(tmp_path)
    written = open_for_reading(db)
    assert written is not None
    want = newest(written, "https://a.gov.vn/tin/1.html")
    db.unlink()
    fresh = WarcIndex(tmp_path / "rebuilt.sqlite3")
    assert rebuild(warc, fresh) == 4
    assert newest(fresh, "https://a.gov.vn/tin/1.html") == want


def test_no_index_and_damaged_files_are_clear_errors(tmp_path: Path) -> None:
    assert open_for_reading(tmp_path / "missing.sqlite3") is None
    warc, db = archive_of(tmp_path)
    index = open_for_reading(db)
    assert index is not None
    ref = newest(index, "https://a.gov.vn/tin/1.html")
    assert ref is not None
    path = warc / ref.file
    data = bytearray(path.read_bytes())
    data[ref.offset + 20 : ref.offset + 60] = b"\x00" * 40  # garble the gzip member holding the record
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveUnreadable, match="damaged"):
        read_record(warc, ref)
    second = newest(index, "https://a.gov.vn/tin/2.html")
    assert second is not None
    with pytest.raises(ArchiveUnreadable, match="holds"):  # an offset pointing at another page's record
        read_record(warc, RecordRef(ref.url, second.file, second.offset, 200, None))
    path.unlink()
    with pytest.raises(ArchiveUnreadable, match="no longer"):
        read_record(warc, ref)


def test_a_response_record_without_readable_http_headers_is_damaged(tmp_path: Path) -> None:
    """Garbled bytes can leave a record's WARC headers readable (a response) and its HTTP block not: CI once
    garbled a record so, and the error said "is a response record, not a response"."""
    import gzip

    block = b""  # a response record whose HTTP block is gone: warcio reads it with http_headers None
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.gov.vn/tin/1.html\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2026-01-01T08:00:00Z\r\n"
        f"Content-Type: text/plain\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    (tmp_path / "x.warc.gz").write_bytes(gzip.compress(head.encode() + block + b"\r\n\r\n"))
    with pytest.raises(ArchiveUnreadable, match="damaged record"):
        read_record(tmp_path, RecordRef("https://a.gov.vn/tin/1.html", "x.warc.gz", 0, 200, None))
