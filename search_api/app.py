"""Build the FastAPI app: open the backend once in the lifespan, mount routes, static files and handlers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from core.search import BackendUnavailable, SearchBackend
from core.settings import Settings
from core.settings import get_settings as load_settings
from search_api import errors
from search_api.head import HeadAsGet
from search_api.routes import articles, coverage, export, health, page, reports, search

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None, backend: SearchBackend | None = None, reports_dir: Path | None = None
) -> FastAPI:
    """The app; it opens `backend` (or the configured one) at startup and closes it at shutdown.

    A backend passed in is still closed at shutdown: the app owns what it is given. Run reports are read from
    `reports_dir` (default: settings.reports_dir).
    """
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if backend is not None:
            opened = backend
        else:
            from indexer.factory import get_backend

            opened = get_backend(settings)
        try:
            opened.ensure_schema()
        except BackendUnavailable as exc:  # serve anyway: /healthz says 503 until it comes back
            log.warning("search backend not ready at startup: %s", exc)
        app.state.settings = settings
        app.state.backend = opened
        try:
            yield
        finally:
            opened.close()

    app = FastAPI(
        title="govnews search API",
        summary="Search Vietnamese government news by text, province, directive and date.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.reports_dir = reports_dir or settings.reports_dir
    errors.install(app)
    for module in (search, articles, export, coverage, health, page, reports):
        app.include_router(module.router)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
