"""`govnews serve`, `govnews simulate` and `govnews reindex`: thin wrappers over the API, simulator and indexer."""

from __future__ import annotations

import argparse

from core.settings import Settings


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Serve search_api.app:create_app with uvicorn."""
    import uvicorn

    from search_api.app import create_app, load_labels

    host = args.host or settings.api_host
    port = args.port if args.port is not None else settings.api_port
    app = create_app(settings, labels=load_labels(settings))
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())
    return 0


def run_simulate(settings: Settings, args: argparse.Namespace) -> int:
    """Run the portal simulator in the foreground until interrupted."""
    from simulator.cli import run

    run(args.port, args.count, args.seed)
    return 0


def run_reindex(settings: Settings, args: argparse.Namespace) -> int:
    """Rebuild the search index (Elasticsearch: new index, alias swap) and print the new index name."""
    from indexer.reindex import reindex

    print(reindex(settings))
    return 0
