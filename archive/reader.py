"""The one WARC reader: response records read member by member, resynchronising past damaged bytes.

govnews writes each WARC record as its own gzip member. A record is read by inflating its member (which checks
the gzip CRC) and parsing the result with warcio. When a member does not inflate, is cut short, or does not hold a
`WARC/1.` record, the reader notes the damaged byte range (`Damage`) and searches forward for the next gzip member
that inflates to a `WARC/1.` header, and reads on from there: only the damaged records are lost.
"""

from __future__ import annotations

import io
import logging
import mmap
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

log = logging.getLogger(__name__)
SOURCE_HEADER = "WARC-GovNews-Source"
KIND_HEADER = "WARC-GovNews-Kind"
WARC_DATE = "%Y-%m-%dT%H:%M:%SZ"  # how WARC-Date is written (UTC, to the second)
ARTICLE_KINDS = ("article", "page")  # responses that may hold an article: article pages, pages found by discovery
OPEN_SUFFIX = ".open"  # a WARC file still being written; renamed without the suffix when closed
GZIP_MAGIC = b"\x1f\x8b\x08"
RECORD_MAGIC = b"WARC/1."
CHUNK = 1 << 13
MAX_CHUNK = 1 << 20
MAX_RECORD = 1 << 30  # inflated bytes of one record: past this it is junk, not a page we wrote
_BAD = (OSError, EOFError, ValueError, zlib.error, ArchiveLoadFailed, StopIteration, AttributeError)


class ArchiveUnreadable(RuntimeError):
    """The archived record cannot be read (file gone, damaged, or not the record the index names)."""


@dataclass(frozen=True)
class ArchivedResponse:
    """One response record read back from the archive (`offset`: where its gzip member starts in its file)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime | None
    source_id: str | None = None
    kind: str | None = None
    offset: int = 0


@dataclass(frozen=True)
class Damage:
    """A byte range of a WARC file that could not be read: the records in it are lost, the rest are not."""

    file: str
    start: int
    end: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}@{self.start}-{self.end}"


def warc_date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _inflate(buf: mmap.mmap | bytes, pos: int) -> tuple[bytes, int]:
    """The member starting at `pos` inflated, and where it ends; zlib.error or EOFError when it is damaged or cut."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    parts: list[bytes] = []
    size, at, chunk = 0, pos, CHUNK
    while not inflater.eof:
        if at >= len(buf):
            raise EOFError("the file ends inside this record")
        piece = buf[at : at + chunk]  # small first (most members are a few kB), then doubling: few copies
        chunk = min(chunk * 2, MAX_CHUNK)
        at += len(piece)
        parts.append(inflater.decompress(piece))
        size += len(parts[-1])
        if size > MAX_RECORD:
            raise ValueError("record larger than any page the crawler writes")
    return b"".join(parts), at - len(inflater.unused_data)


def _starts_record(buf: mmap.mmap | bytes, pos: int) -> bool:
    """True when a gzip member starting at `pos` inflates to the start of a WARC record."""
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(buf[pos : pos + 4096], len(RECORD_MAGIC))
    except zlib.error:
        return False
    return head == RECORD_MAGIC


def _resync(buf: mmap.mmap | bytes, pos: int) -> int:
    """The next offset after `pos` where a readable record starts, or the end of the file."""
    at = pos
    while (at := buf.find(GZIP_MAGIC, at + 1)) != -1:
        if _starts_record(buf, at):
            return at
    return len(buf)


def _parse(data: bytes, offset: int) -> ArchivedResponse | None:
    """The response in one inflated record, or None for another record type; raises on a malformed record."""
    if not data.startswith(RECORD_MAGIC):
        raise ValueError("not a WARC record")
    end = data.find(b"\r\n\r\n")
    if end < 0:
        raise ValueError("WARC headers without their end")
    if b"\nwarc-type: response\r\n" not in data[: end + 2].lower():
        return None  # warcinfo, request: checked whole by the gzip CRC, not parsed (half the reading time)
    record = next(iter(ArchiveIterator(io.BytesIO(data), no_record_parse=False)))
    if record.rec_type != "response":
        return None
    if record.http_headers is None:
        raise ValueError("no readable HTTP headers")
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=int(record.http_headers.get_statuscode() or 0),
        headers={k.lower(): v for k, v in record.http_headers.headers},
        body=record.content_stream().read(),
        fetched_at=warc_date(record.rec_headers.get_header("WARC-Date")),
        source_id=record.rec_headers.get_header(SOURCE_HEADER),
        kind=record.rec_headers.get_header(KIND_HEADER),
        offset=offset,
    )


def responses(path: Path, damage: list[Damage] | None = None) -> Iterator[ArchivedResponse]:
    """Every readable response record of one WARC file, in order; each damaged range is appended to `damage`."""
    name = path.name.removesuffix(OPEN_SUFFIX)
    with path.open("rb") as fh:
        if path.stat().st_size == 0:
            return
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            pos = 0
            while pos < len(buf):
                try:
                    data, end = _inflate(buf, pos)
                    found = _parse(data, pos)
                except _BAD as exc:
                    end = _resync(buf, pos)
                    if damage is not None:
                        damage.append(Damage(name, pos, end, f"{type(exc).__name__}: {exc}"[:200]))
                    pos = end
                    continue
                pos = end
                if found is not None:
                    yield found


def response_at(path: Path, offset: int) -> ArchivedResponse:
    """The response record whose member starts at `offset` (one seek, one member); ArchiveUnreadable otherwise."""
    name = path.name.removesuffix(OPEN_SUFFIX)
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            found = _parse(_inflate(buf, offset)[0], offset)
    except _BAD as exc:
        raise ArchiveUnreadable(f"{name}@{offset}: damaged record ({type(exc).__name__}: {exc})") from exc
    if found is None:
        raise ArchiveUnreadable(f"{name}@{offset} is not a response record")
    return found


def warc_files(directory: Path) -> list[Path]:
    """The archive's WARC files, closed and still open (a killed crawl's), oldest name first."""
    paths = [*directory.glob("*.warc.gz"), *directory.glob("*.warc.gz" + OPEN_SUFFIX)]
    return sorted(paths, key=lambda p: p.name)


def iter_archive(directory: Path, damage: list[Damage] | None = None) -> Iterator[ArchivedResponse]:
    """Every readable response record in the archive, oldest file first.

    Files still named `.open` (a crawl that was killed) are read too. A damaged byte range is skipped, the reader
    resynchronises on the next record, and the range is logged and appended to `damage`.
    """
    seen: list[Damage] = []
    for path in warc_files(directory):
        yield from responses(path, seen)
        for bad in seen:
            log.warning("%s: damaged archive bytes skipped (%s)", bad, bad.reason)
        if damage is not None:
            damage.extend(seen)
        seen.clear()


def latest_articles(directory: Path, damage: list[Damage] | None = None) -> Iterator[ArchivedResponse]:
    """The newest HTTP-200 article response per URL, pages found by discovery included (what `reprocess`
    re-cleans), in two streaming passes; the damaged ranges (met in the first pass) are appended to `damage`."""
    last: dict[str, int] = {}
    for n, rec in enumerate(_article_records(directory, damage)):
        last[rec.url] = n
    for n, rec in enumerate(_article_records(directory, None)):
        if last.get(rec.url) == n:
            yield rec


def _article_records(directory: Path, damage: list[Damage] | None) -> Iterator[ArchivedResponse]:
    return (rec for rec in iter_archive(directory, damage) if rec.kind in ARTICLE_KINDS and rec.status == 200)
