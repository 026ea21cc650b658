"""`govnews crawl` argument errors are clear and exit 2, before any network traffic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawler.support import govnews


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "--source", "no-such-portal"], "unknown source id(s): no-such-portal"),
        (["crawl", "--sources", "/nonexistent/sources.yaml"], "file not found"),
        (["crawl", "--source", "sotttt-hanoi", "--set", "DOWNLOAD_TIMEOUT"], "--set expects KEY=VALUE"),
        (["crawl", "--source", "sotttt-hanoi", "--set", "GOVNEWS_INDEX_BATCH=20"],
         "--set GOVNEWS_INDEX_BATCH: govnews settings come from the environment"),
    ],
)
def test_configuration_errors(tmp_path: Path, args: list[str], message: str) -> None:
    proc = govnews(*args, data_dir=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert message in proc.stderr
    assert not (tmp_path / "warc").exists()  # nothing was fetched


def test_no_enabled_source_is_an_error(tmp_path: Path) -> None:
    sources = tmp_path / "s.yaml"
    sources.write_text("sources:\n  - {id: x, name: X, base_url: 'http://127.0.0.1:9/', enabled: false}\n")
    proc = govnews("crawl", "--sources", str(sources), data_dir=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "no enabled sources" in proc.stderr
