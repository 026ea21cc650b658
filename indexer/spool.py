"""Spool files: a run's unindexed articles on disk, one checksummed record a line, locked (flock) per run.

A record is `G2 <crc32 of the JSON, 8 hex> <Article JSON>\n`; the JSON never holds a raw newline, so a cut or
junk anywhere damages only the lines it touches: the reader skips a line whose checksum fails, names it, and
reads on from the next newline. Lines of the old format (bare JSON) still load.
"""

from __future__ import annotations

import fcntl
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from core.article import Article
from core.search import IndexReport

SPOOL_GLOB = "spool-*.jsonl"
MAGIC = b"G2 "


def encode(article: Article) -> bytes:
    """One spool record: magic, checksum, JSON, newline."""
    payload = article.model_dump_json().encode("utf-8")
    return MAGIC + b"%08x " % zlib.crc32(payload) + payload + b"\n"


def payloads(data: bytes) -> Iterator[tuple[int, bytes | None]]:
    """(line number, the record's JSON) per non-empty line; None for a line that is damaged (checksum, cut)."""
    for n, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        if not line.startswith(MAGIC):
            yield n, line  # the old format, bare JSON: parsing it is the only check it has
            continue
        crc, _, payload = line[len(MAGIC) :].partition(b" ")
        try:
            ok = int(crc, 16) == zlib.crc32(payload)
        except ValueError:
            ok = False
        yield n, payload if ok else None


class SpoolWriter:
    """This run's spool file (`spool-<UTC time>-<pid>.jsonl`), created on the first write and locked until closed.

    The file is created and locked under a temporary name, then renamed, so no other run can claim it while this
    one writes; a crash releases the lock and the next load replays whatever reached the disk.
    """

    def __init__(self, spool_dir: Path) -> None:
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
        self.path = spool_dir / f"spool-{stamp}-{os.getpid()}.jsonl"
        self._fh: IO[bytes] | None = None

    def write(self, article: Article) -> None:
        """Append one checksummed record."""
        if self._fh is None:
            tmp = self.path.with_suffix(".tmp")
            fh = tmp.open("ab")
            fcntl.flock(fh, fcntl.LOCK_EX)
            os.replace(tmp, self.path)
            self._fh = fh
        self._fh.write(encode(article))

    def sync(self) -> None:
        """Flush to disk: called before an earlier spool file is removed."""
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        """Sync and close, which releases the lock: the file is now an earlier run's spool."""
        if self._fh is not None:
            self.sync()
            self._fh.close()
            self._fh = None


@contextmanager
def claim(path: Path) -> Iterator[IO[bytes] | None]:
    """An earlier spool file opened and locked for replay; None when another run holds it or already removed it."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        yield None
        return
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a run still writing it, or another load replaying it
            yield None
            return
        try:
            current = path.stat().st_ino == os.fstat(fh.fileno()).st_ino
        except FileNotFoundError:
            current = False
        yield fh if current else None  # not current: replayed and removed by another load meanwhile


def read(fh: IO[bytes], name: str, report: IndexReport) -> tuple[list[Article], bool]:
    """The articles in a claimed spool file; False when some record could not be read back (each one named in
    `report.errors` and `report.damaged` as `<file>:<line>`)."""
    out: list[Article] = []
    clean = True
    for n, payload in payloads(fh.read()):
        try:
            if payload is None:
                raise ValueError("checksum mismatch (cut or overwritten)")
            out.append(Article.model_validate_json(payload))
        except ValueError as exc:  # pydantic's ValidationError is one; so are bad UTF-8 and a bad checksum
            clean = False
            report.damaged.append(f"{name}:{n}")
            reason = f"{exc.error_count()} errors" if isinstance(exc, ValidationError) else str(exc)
            report.errors[f"{name}:{n}"] = f"unreadable spool record: {reason}"
    return out, clean
