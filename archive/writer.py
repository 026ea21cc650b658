"""The archive's writer: every raw request/response pair appended to rotating gzip WARC files, each response indexed."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.index import WarcIndex
from archive.reader import KIND_HEADER, OPEN_SUFFIX, SOURCE_HEADER, WARC_DATE

_DROP_HEADERS = {"content-length", "content-encoding", "transfer-encoding"}
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
PREFIX = "govnews"


class WarcArchive:
    """Appends request+response records to `govnews-<stamp>-<n>.warc.gz` files, rotating by size."""

    def __init__(self, directory: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, index: WarcIndex | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.index = index  # each response's (file, offset), so the API can serve it without a scan
        self.directory = directory
        self.max_bytes = max_bytes
        self._stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self._seq = 0
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None  # the file being written, named with OPEN_SUFFIX

    def _open(self) -> WARCWriter:
        if self._writer is not None and self._fh is not None and self._fh.tell() < self.max_bytes:
            return self._writer
        self.close()
        self._seq += 1
        path = self.directory / f"{PREFIX}-{self._stamp}-{self._seq:05d}.warc.gz{OPEN_SUFFIX}"
        self._fh = path.open("wb")
        self._writer = WARCWriter(self._fh, gzip=True)
        self._path = path
        info = self._writer.create_warcinfo_record(path.name.removesuffix(OPEN_SUFFIX), {"software": "govnews crawler"})
        self._writer.write_record(info)
        return self._writer

    def write(
        self,
        *,
        url: str,
        method: str,
        request_headers: dict[str, str],
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        source_id: str | None = None,
        kind: str | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Write one request record and its response record (headers kept, body as downloaded and decoded)."""
        writer = self._open()
        when = (fetched_at or datetime.now(UTC)).astimezone(UTC).strftime(WARC_DATE)
        extra = {"WARC-Date": when}
        if source_id:
            extra[SOURCE_HEADER] = source_id
        if kind:
            extra[KIND_HEADER] = kind
        headers = [(k, v) for k, v in response_headers if k.lower() not in _DROP_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}".rstrip(), headers, protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=extra
        )
        req_http = StatusAndHeaders(
            f"{method} {_path_of(url)} HTTP/1.1", list(request_headers.items()), is_http_request=True
        )
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=req_http, warc_headers_dict=dict(extra)
        )
        request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        offset = self._fh.tell() if self._fh is not None else 0
        writer.write_record(response)
        writer.write_record(request)
        if self.index is not None and self._path is not None:
            name = self._path.name.removesuffix(OPEN_SUFFIX)
            self.index.add(url=url, file=name, offset=offset, status=status, fetched_at=when, kind=kind)
        if self._fh is not None:
            self._fh.flush()  # a killed crawl loses at most the record being written

    def close(self) -> None:
        """Close the current file and give it its final `.warc.gz` name."""
        if self._fh is not None and self._path is not None:
            self._fh.close()
            self._path.rename(self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX)))
        self._fh = None
        self._path = None
        self._writer = None
        if self.index is not None:
            self.index.commit()


def _path_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
