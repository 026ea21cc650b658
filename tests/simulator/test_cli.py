"""simulator.cli.run serves in the foreground until the process is stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_run_serves_robots_and_sites_until_terminated():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", f"from simulator.cli import run; run({port}, 50, 1)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, body = time.monotonic() + 20, ""
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2) as resp:
                    body = resp.read().decode()
            except OSError:
                time.sleep(0.1)
        assert "Disallow: /liferay-hanoi/tim-kiem" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
            index = resp.read().decode()
        assert "/nukeviet-binhphuoc/" in index
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}" in err
    assert "50 articles, seed 1" in err
