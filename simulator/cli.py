"""Entry point for `govnews simulate`: serve the simulated portals until interrupted."""

from __future__ import annotations

import sys

from simulator.server import SimulatorServer
from simulator.urls import prefix


def run(port: int, count: int, seed: int, host: str = "127.0.0.1", slow_delay: float = 5.0) -> None:
    """Serve `count` articles (seeded) on host:port in the foreground; Ctrl-C stops."""
    server = SimulatorServer(count=count, seed=seed, host=host, port=port, slow_delay=slow_delay)
    print(f"govnews simulator: {count} articles, seed {seed}, at {server.base_url}", file=sys.stderr)
    for site in server.corpus.sites:
        print(f"  {site.platform:17} {server.base_url}{prefix(site)}/  {site.name}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
