"""Build the FastAPI app: open the backend once in the lifespan, mount routes, static files, offline docs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from core.config import load_directives, load_provinces, load_sources
from core.labels import Labels
from core.search import BackendUnavailable, SearchBackend
from core.settings import Settings
from search_api import errors
from search_api.head import HeadAsGet
from search_api.routes import archive, articles, coverage, documents, export, health, page, reports, search

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
DOCS_ASSETS = "/docs-assets"  # swagger-ui 5 from the fastapi-offline package, served here: /docs works offline
DOCS_PAGE = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>govnews — tài liệu API</title><link rel="icon" href="{DOCS_ASSETS}/favicon.png">
<link rel="stylesheet" href="{DOCS_ASSETS}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="{DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>
"""


def load_labels(settings: Settings) -> Labels:
    """Province, directive and source names from the files `settings` names (for the entry points)."""
    directives = settings.config_dir / "directives.yaml"
    return Labels.build(
        load_provinces(settings.config_dir / "provinces.yaml"), load_directives(directives),
        load_sources(settings.sources_path) if settings.sources_path.exists() else [],
    )  # fmt: skip


def create_app(
    settings: Settings | None = None,
    backend: SearchBackend | None = None,
    labels: Labels | None = None,
    reports_dir: Path | None = None,
) -> FastAPI:
    """The app; it opens `backend` (or the configured one) at startup and closes it at shutdown.

    A backend passed in is still closed at shutdown: the app owns what it is given. `labels` (names of provinces,
    directives and sources) come from the entry point; without them they are read from the files `settings` names.
    Run reports are read from `reports_dir` (default: settings.reports_dir).
    """
    settings = settings or Settings()  # the app factory is an entry point (uvicorn --factory)
    names = labels or load_labels(settings)

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
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.reports_dir = reports_dir or settings.reports_dir
    app.state.labels = names
    errors.install(app)
    for module in (search, articles, archive, export, coverage, documents, health, page, reports):
        app.include_router(module.router)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from local files (no CDN)."""
        return HTMLResponse(DOCS_PAGE)

    return app
