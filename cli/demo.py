"""`govnews demo`: simulator in a thread, crawl it at loopback speed, index into tantivy, serve the page."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from core.config import ConfigError
from core.settings import Settings
from core.source import Politeness

MARKER = "demo-sources.yaml"
DEMO_POLITENESS = Politeness(download_delay=0.0, concurrency=16, autothrottle=False, obey_robots=True)


def demo_settings(settings: Settings, explicit_data_dir: bool) -> Settings:
    """Embedded tantivy under data_dir (./data/demo unless --data-dir or $GOVNEWS_DATA_DIR says otherwise)."""
    update: dict[str, object] = {"backend": "tantivy"}
    if not explicit_data_dir:
        update["data_dir"] = settings.data_dir / "demo"
    return settings.model_copy(update=update)


def fresh_demo_dir(data_dir: Path) -> None:
    """Start every demo from scratch (the simulator's port, hence every URL, changes between runs).

    Only a directory an earlier demo made (it holds demo-sources.yaml) is cleared; a non-empty directory
    without that marker is refused, so real crawl data is never mixed with simulated articles.
    """
    if data_dir.is_dir() and any(data_dir.iterdir()):
        if not (data_dir / MARKER).is_file():
            raise ConfigError(f"{data_dir} holds data that a demo did not create; pick another --data-dir")
        for child in data_dir.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)


def reserve_port(port: int) -> socket.socket:
    """Bind and listen on 127.0.0.1:port now, so a busy port fails before the crawl, not after it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise SystemExit(f"govnews demo: cannot listen on 127.0.0.1:{port} ({exc.strerror}); pass --port") from exc
    sock.listen(128)
    return sock


def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Start the simulator, crawl it in a child process (Scrapy's reactor), then serve API + page here."""
    from crawler.sources import write_sources
    from indexer.factory import get_backend
    from simulator.server import SimulatorServer
    from simulator.sources import sources_for

    listener = None if args.no_serve else reserve_port(args.port)
    explicit = args.data_dir is not None or "GOVNEWS_DATA_DIR" in os.environ
    settings = demo_settings(settings, explicit)
    fresh_demo_dir(settings.data_dir)
    with SimulatorServer(count=args.count, seed=args.seed, slow_delay=2.0) as sim:
        sources = [s.model_copy(update={"politeness": DEMO_POLITENESS}) for s in sources_for(sim.base_url)]
        sources_file = write_sources(sources, settings.data_dir / MARKER)
        print(f"govnews demo: simulator with {args.count} articles at {sim.base_url}; crawling…", flush=True)
        started = time.monotonic()
        cmd = [
            sys.executable,
            "-m",
            "cli.main",
            "--data-dir",
            str(settings.data_dir),
            "crawl",
            "--sources",
            str(sources_file),
            "--set",
            "DOWNLOAD_TIMEOUT=10",
            "--set",
            "RETRY_TIMES=0",
            "--set",
            "LOG_LEVEL=WARNING",
        ]
        env = {**os.environ, "GOVNEWS_BACKEND": "tantivy", "GOVNEWS_LOG_LEVEL": "WARNING"}
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=False)
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no report)"
        print(f"govnews demo: {summary} [{time.monotonic() - started:.1f}s]", flush=True)
        if done.returncode != 0:
            print("govnews demo: the crawl failed; see the log above", file=sys.stderr)
            return done.returncode
        backend = get_backend(settings)
        try:
            backend.ensure_schema()
            total = backend.count()
        finally:
            backend.close()
        url = f"http://127.0.0.1:{args.port}/"
        print(f"govnews demo ready: {url} ({total} articles)", flush=True)
        if listener is None:
            return 0
        import uvicorn

        from search_api.app import create_app, load_labels

        # the demo's portals by name, and links (citations, feeds) to where the demo is served
        served = settings.model_copy(update={"sources_file": sources_file, "public_base_url": url.rstrip("/")})
        app = create_app(served, labels=load_labels(served))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=[listener])
    return 0
