"""The resynchronising WARC reader against warcio's streaming iterator, on the same archive, in one run.

    python -m benchmarks.warc_read [--records 5000] [--repeat 3]

Writes an archive with the crawler's writer (a response and a request record per page, ~20 KB of HTML each), then
reads every response body back, alternating the two readers `--repeat` times, and prints the best time of each
and their ratio. The baseline cannot skip damage: it stops at the first damaged record (issue 17 #10).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reader import responses, warc_files
from archive.writer import WarcArchive
from tests.support.warc import archive_page

BODY = ("<html><body>" + "<p>Nội dung bài viết về Chỉ thị 20-CT/TW của tỉnh.</p>" * 400 + "</body></html>").encode()


def write(directory: Path, records: int) -> None:
    """`records` article responses, as a crawl writes them."""
    archive = WarcArchive(directory)
    for n in range(records):
        archive_page(archive, f"https://a.gov.vn/tin/{n}.html", BODY, source_id="bench")
    archive.close()


def resync_reader(directory: Path) -> int:
    """Bytes of response bodies read with archive.reader."""
    return sum(len(r.body) for path in warc_files(directory) for r in responses(path))


def warcio_reader(directory: Path) -> int:
    """Bytes of response bodies read with warcio's ArchiveIterator (the baseline)."""
    total = 0
    for path in warc_files(directory):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    total += len(record.content_stream().read())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="govnews-warc-read-"))
    try:
        write(directory, args.records)
        size = sum(p.stat().st_size for p in warc_files(directory))
        readers: dict[str, Callable[[Path], int]] = {"warcio": warcio_reader, "resync": resync_reader}
        best = dict.fromkeys(readers, float("inf"))
        for _ in range(args.repeat):
            for name, read in readers.items():
                started = time.perf_counter()
                assert read(directory) == len(BODY) * args.records
                best[name] = min(best[name], time.perf_counter() - started)
        print(f"{args.records} responses, {size / 1e6:.1f} MB gzip")
        for name, seconds in best.items():
            print(f"{name:>7}: {seconds:.2f} s ({args.records / seconds:,.0f} responses/s)")
        print(f"resync / warcio time: {best['resync'] / best['warcio']:.2f}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
