"""WARC archive: request+response records round-trip with headers, rotation, and newest-copy selection."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reader import iter_archive, latest_articles
from archive.writer import WarcArchive
from tests.support.warc import archive_page

BODY = "<html><body><h1>Tiêu đề bài viết</h1><p>Trẻ em và Chỉ thị 20-CT/TW.</p></body></html>".encode()


def write_one(archive: WarcArchive, url: str, body: bytes, *, kind: str = "article", status: int = 200) -> None:
    archive_page(
        archive, url, body, status=status, kind=kind, source_id="src-1",
        fetched_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        headers=[("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"'), ("Content-Length", "1")],
        request_headers={"User-Agent": "govnews-test", "If-None-Match": '"abc"'},
    )  # fmt: skip


def test_round_trip_keeps_body_headers_and_metadata(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    write_one(archive, "http://h/a.html", BODY)
    write_one(archive, "http://h/list.html", b"<html>listing</html>", kind="listing")
    archive.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 1
    assert not list(tmp_path.glob("*.open"))
    records = list(iter_archive(tmp_path))
    assert [r.url for r in records] == ["http://h/a.html", "http://h/list.html"]
    first = records[0]
    assert first.body == BODY
    assert first.status == 200
    assert first.headers["etag"] == '"abc"'
    assert first.headers["content-length"] == str(len(BODY))  # rewritten to the stored (decoded) body
    assert first.source_id == "src-1"
    assert first.kind == "article"
    assert first.fetched_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert records[1].kind == "listing"


def test_files_are_valid_gzip_warc_with_request_and_response_records(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    write_one(archive, "http://h/a.html", BODY)
    archive.close()
    path = next(tmp_path.glob("*.warc.gz"))
    assert gzip.decompress(path.read_bytes()).startswith(b"WARC/1.")
    with path.open("rb") as fh:
        types = [
            (r.rec_type, r.http_headers.get_header("User-Agent") if r.rec_type == "request" else None)
            for r in ArchiveIterator(fh)
        ]
    assert types == [("warcinfo", None), ("response", None), ("request", "govnews-test")]


def test_rotates_by_size_and_latest_copy_wins(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, max_bytes=1)  # every write opens a new file
    write_one(archive, "http://h/a.html", b"<html>old</html>")
    write_one(archive, "http://h/b.html", b"<html>b</html>")
    write_one(archive, "http://h/a.html", b"<html>new</html>")
    write_one(archive, "http://h/gone.html", b"gone", status=404)
    write_one(archive, "http://h/list.html", b"list", kind="listing")
    archive.close()
    assert len(list(tmp_path.glob("*.warc.gz"))) == 5
    latest = {r.url: r.body for r in latest_articles(tmp_path)}
    assert latest == {"http://h/a.html": b"<html>new</html>", "http://h/b.html": b"<html>b</html>"}


def test_empty_or_missing_archive_reads_as_nothing(tmp_path: Path) -> None:
    assert list(iter_archive(tmp_path / "none")) == []
    assert list(latest_articles(tmp_path)) == []


def test_a_killed_crawls_open_file_is_read_up_to_its_last_complete_record(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    write_one(archive, "http://h/a.html", BODY)
    write_one(archive, "http://h/b.html", BODY)
    # no close(): the process died; chop the tail of the last record
    open_file = next(tmp_path.glob("*.warc.gz.open"))
    data = open_file.read_bytes()
    open_file.write_bytes(data[: len(data) - 40])
    urls = [r.url for r in iter_archive(tmp_path)]
    assert urls[0] == "http://h/a.html"
    assert len(urls) in (1, 2)
