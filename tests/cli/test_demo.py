"""`govnews demo`: one command from nothing to a served search page over the simulated portals."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_crawls_indexes_and_serves(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli.main",
            "--data-dir",
            str(tmp_path / "demo"),
            "demo",
            "--count",
            "120",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "GOVNEWS_LOG_LEVEL": "WARNING"},
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 240
        ready = None
        lines: list[str] = []
        while time.monotonic() < deadline and ready is None:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            ready = re.search(r"govnews demo ready: (http://127\.0\.0\.1:\d+/) \((\d+) articles\)", line)
        assert ready, "".join(lines[-30:])
        assert ready.group(1) == f"http://127.0.0.1:{port}/"
        assert int(ready.group(2)) > 50
        body = b""
        for _ in range(50):  # uvicorn binds just after the line is printed
            try:
                with urllib.request.urlopen(f"{ready.group(1)}api/search?q=tre+em&size=5", timeout=5) as resp:
                    body = resp.read()
                break
            except OSError:
                time.sleep(0.2)
        result = json.loads(body)
        assert result["total"] > 0
        names = {h["source"]: h["source_name"] for h in result["hits"]}
        assert all(name and name != sid for sid, name in names.items()), names  # portals by name, not by id
        with urllib.request.urlopen(f"{ready.group(1)}bai-viet/{result['hits'][0]['id']}", timeout=5) as resp:
            page = resp.read().decode()
        assert f'<dd id="source">{html.escape(result["hits"][0]["source_name"])}</dd>' in page
        with urllib.request.urlopen(f"{ready.group(1)}api/articles/{result['hits'][0]['id']}", timeout=5) as resp:
            citation = json.loads(resp.read())["citation"]
        assert citation["govnews_url"] == f"{ready.group(1)}bai-viet/{result['hits'][0]['id']}"  # the demo's port
        assert citation["portal"] == result["hits"][0]["source_name"]
        with urllib.request.urlopen(ready.group(1), timeout=5) as resp:
            assert resp.status == 200
            assert "text/html" in resp.headers["Content-Type"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_demo_refuses_a_data_dir_it_did_not_create(tmp_path: Path) -> None:
    (tmp_path / "crawl-state.sqlite3").write_bytes(b"real data")
    proc = subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(tmp_path), "demo", "--count", "10", "--no-serve"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "did not create" in proc.stderr
    assert (tmp_path / "crawl-state.sqlite3").read_bytes() == b"real data"


def test_demo_rerun_starts_fresh(tmp_path: Path) -> None:
    def demo() -> str:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "cli.main",
                "--data-dir",
                str(tmp_path / "d"),
                "demo",
                "--count",
                "40",
                "--no-serve",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        ready = re.search(r"govnews demo ready: \S+ \((\d+) articles\)", proc.stdout)
        assert ready, proc.stdout
        return ready.group(1)

    first = demo()
    assert int(first) > 20
    assert demo() == first  # not doubled by the new simulator port's URLs


def test_a_busy_port_fails_before_crawling(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "cli.main", "--data-dir", str(tmp_path / "demo"), "demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "crawling" not in done.stdout  # refused before the simulator and the crawl started
    assert time.monotonic() - started < 30
