"""`govnews simulate` and `govnews serve` start real servers on loopback and stop on SIGINT."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, attempts: int = 150) -> bytes:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return bytes(resp.read())
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def start(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "WARNING"},
    )


def stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def test_simulate_serves_portals_with_robots(tmp_path: Path) -> None:
    port = free_port()
    proc = start("simulate", "--port", str(port), "--count", "20", data_dir=tmp_path)
    try:
        robots = get(f"http://127.0.0.1:{port}/robots.txt").decode()
        assert "Disallow:" in robots
        assert "Sitemap:" in robots
    finally:
        assert stop(proc) == 0


def test_serve_answers_searches_on_an_empty_index(tmp_path: Path) -> None:
    port = free_port()
    proc = start("serve", "--port", str(port), data_dir=tmp_path)
    try:
        result = json.loads(get(f"http://127.0.0.1:{port}/api/search?q=tre+em"))
        assert result["total"] == 0
        assert result["hits"] == []
    finally:
        stop(proc)
