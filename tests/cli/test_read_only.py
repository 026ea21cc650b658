"""A read-only data directory (finding 11): crawl, serve, demo, reprocess and sources check print one line and exit
non-zero; the API over a read-only tantivy index answers a permanent 503 (no Retry-After).

The directory is made read-only for real: a bind mount remounted read-only inside a private user and mount
namespace (`unshare -rm`), so nothing outside the test process tree sees it and it vanishes with the process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from core.source import Source
from crawler.sources import write_sources
from search_api.errors import BROKEN
from tests.indexer.corpus import corpus
from tests.search_api.conftest import seeded

REPO = Path(__file__).resolve().parents[2]


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _can_unshare(), reason="needs unshare -rm (user + mount namespaces)")


def read_only(src: Path, mount: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run `command` with `mount` a read-only view of `src`."""
    mount.mkdir(parents=True, exist_ok=True)
    script = f'mount --bind "{src}" "{mount}" && mount -o remount,bind,ro "{mount}" && exec "$@"'
    env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", *command],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=env, check=False,
    )  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "src"
    seeded(src, corpus())
    (src / "warc").mkdir()
    return src, tmp_path / "ro"


@pytest.mark.parametrize(
    "args",
    [
        ["crawl", "--sources", "{loopback_sources}"],
        ["serve", "--port", "9"],
        ["demo", "--no-serve", "--count", "5"],
        ["reprocess"],
        ["sources", "check", "--sources", "{loopback_sources}"],  # loopback only, should the guard ever fail
    ],
)
def test_commands_on_a_read_only_data_dir_print_one_line(
    data: tuple[Path, Path], args: list[str], tmp_path: Path
) -> None:
    src, mount = data
    loopback = write_sources(
        [Source(id="local", name="local", base_url="http://127.0.0.1:9/", start_urls=["http://127.0.0.1:9/"])],
        tmp_path / "loopback-sources.yaml",
    )
    args = [a.replace("{loopback_sources}", str(loopback)) for a in args]
    done = read_only(src, mount, sys.executable, "-m", "cli.main", "--data-dir", str(mount), *args)
    assert done.returncode == 1, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip() and "Deprecation" not in ln and "import" not in ln]
    assert lines == [f"govnews: data directory {mount} is not writable (Read-only file system)"], done.stderr
    assert "Traceback" not in done.stderr


def test_a_new_data_dir_under_a_read_only_path(data: tuple[Path, Path]) -> None:
    src, mount = data
    loopback = write_sources(
        [Source(id="local", name="local", base_url="http://127.0.0.1:9/", start_urls=["http://127.0.0.1:9/"])],
        src.parent / "loopback-sources.yaml",
    )
    done = read_only(src, mount, sys.executable, "-m", "cli.main", "--data-dir", str(mount / "new"), "crawl",
                     "--sources", str(loopback))  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"data directory {mount / 'new'} is not writable" in done.stderr


SERVE_SCRIPT = """
import json, sys
from fastapi.testclient import TestClient
from core.settings import Settings
from core.source import Source
from crawler.sources import write_sources
from search_api.app import create_app
with TestClient(create_app(Settings(data_dir=sys.argv[1], backend="tantivy")), raise_server_exceptions=False) as c:
    out = {p: [r.status_code, r.headers.get("retry-after"), r.text] for p in ("/healthz", "/api/search?q=tre")
           for r in [c.get(p)]}
print(json.dumps(out))
"""


def test_the_api_over_a_read_only_index_is_a_permanent_503(data: tuple[Path, Path]) -> None:
    src, mount = data
    done = read_only(src, mount, sys.executable, "-c", SERVE_SCRIPT, str(mount))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    for path, (status, retry_after, body) in out.items():
        assert status == 503, path
        assert retry_after is None, path  # a read-only mount does not heal by waiting
        assert BROKEN in body  # the permanent kind: an operator must act
        assert str(mount) not in body
    assert Settings(data_dir=src).index_dir.is_dir()
