"""Issue 17's hostile pages through `govnews extract`: wall time and peak RSS, against a normal page in the same run.

    python -m benchmarks.hostile_pages [--repeat N]

Pages (built here around seed 000's text): a normal article (the baseline), a 21 MB article, an article plus
1,000,000 `<b>x</b>` tags, and 300 paragraphs of unclosed `<p><font>`. Each is cleaned by a fresh `govnews
extract` process (default Settings: `Limits.page_bytes` 2 MiB, `dom_nodes` 100,000), so the figures include the
interpreter's start, as the probe's did. Targets (issue 17): <= 5 s and <= 300 MiB for each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

from tests.cleaner.pages import TITLE, frame, seed_paragraphs

URL = "https://bankan.gov.vn/tin-tuc/2022/9/tre-em.html"
START = f'<div class="news-detail"><h1 class="title">{escape(TITLE)}</h1><div class="content">'
END = "</div></div>"


def _numbered(n: int) -> str:
    paras = seed_paragraphs()
    return "".join(f"<p>Đoạn {i}. {escape(paras[i % len(paras)])}</p>" for i in range(n))


def _until(size: int) -> str:
    """Numbered paragraphs of the seed up to `size` bytes of UTF-8."""
    paras, total = seed_paragraphs(), 0
    out: list[str] = []
    while total < size:
        out.append(f"<p>Đoạn {len(out)}. {escape(paras[len(out) % len(paras)])}</p>")
        total += len(out[-1].encode())
    return "".join(out)


def _unclosed() -> str:
    return "".join(f"<p><font>Câu {i}: {escape(seed_paragraphs()[i % 5][:80])} " for i in range(300))


PAGES: tuple[tuple[str, Callable[[], str]], ...] = (  # the baseline first
    ("normal (baseline)", lambda: frame(START + _numbered(12) + END)),
    ("21 MB article", lambda: frame(START + _until(21 * 1024 * 1024) + END)),
    ("1,000,000 <b>x</b>", lambda: frame(START + _numbered(12) + "<b>x</b>" * 1_000_000 + END)),
    ("300 unclosed <p><font>", lambda: frame(START + _unclosed() + END)),
)


def write(directory: Path) -> None:
    """The pages as files 0.html, 1.html, … (run in a child process, so that the measuring process stays small:
    a forked child starts with its parent's resident memory counted in its peak)."""
    for i, (_, build) in enumerate(PAGES):
        (directory / f"{i}.html").write_text(build(), encoding="utf-8")


def run(path: Path) -> tuple[float, float, dict[str, object]]:
    """(wall seconds, peak RSS MiB, the Article as JSON) of one `govnews extract` process (its own rusage)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "cli.main", "extract", str(path), "--url", URL], stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"govnews extract failed on {path} (exit {proc.returncode})")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, json.loads(out.read())


def main() -> None:
    """Print one line per page: size, wall time, peak RSS, ratios to the baseline, truncated flag, body size."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # internal: write the pages into this directory
    args = ap.parse_args()
    if args.write:
        write(args.write)
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "benchmarks.hostile_pages", "--write", tmp], check=True)
        base_wall = base_peak = 0.0
        print(f"{'page':24} {'MB':>6} {'wall s':>7} {'x base':>7} {'peak MiB':>9} {'x base':>7} truncated body_chars")
        for i, (name, _) in enumerate(PAGES):
            path = Path(tmp) / f"{i}.html"
            runs = [run(path) for _ in range(args.repeat)]
            wall, peak = min(r[0] for r in runs), max(r[1] for r in runs)
            article = runs[0][2]
            base_wall, base_peak = base_wall or wall, base_peak or peak
            print(f"{name:24} {path.stat().st_size / 1e6:6.1f} {wall:7.2f} {wall / base_wall:7.2f} {peak:9.0f} "
                  f"{peak / base_peak:7.2f} {article['truncated']!s:9} {len(str(article['body']))}")


if __name__ == "__main__":
    main()
