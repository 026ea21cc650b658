"""FastAPI dependencies: the settings, the labels and the search backend the app holds, as Annotated aliases.

The ones that only read app state are coroutines: FastAPI runs a plain function dependency in a worker thread,
one thread hop per dependency per request (measurable on a busy server); the work that blocks stays in threads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

from fastapi import Depends, Query, Request

from core.labels import Labels
from core.search import SearchBackend
from core.settings import Settings
from search_api.params import SearchParams
from search_api.resolve import Resolved, resolve


async def get_settings(request: Request) -> Settings:
    """The Settings the app was created with."""
    return cast(Settings, request.app.state.settings)


async def get_backend(request: Request) -> SearchBackend:
    """The one backend opened at startup (tests may override this dependency)."""
    return cast(SearchBackend, request.app.state.backend)


async def get_reports_dir(request: Request) -> Path:
    """The run-report directory the app was created with."""
    return cast(Path, request.app.state.reports_dir)


async def get_labels(request: Request) -> Labels:
    """Names of provinces, directives and sources, given to create_app."""
    return cast(Labels, request.app.state.labels)


def warning_cap(request: Request) -> int:
    """How many warnings one response reports (`Limits.api_warnings`); the rest are counted."""
    return cast(Settings, request.app.state.settings).limits.api_warnings


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReportsDirDep = Annotated[Path, Depends(get_reports_dir)]
BackendDep = Annotated[SearchBackend, Depends(get_backend)]
LabelsDep = Annotated[Labels, Depends(get_labels)]


def resolved_search(
    params: Annotated[SearchParams, Query()], request: Request, backend: BackendDep, labels: LabelsDep
) -> Resolved:
    """The checked parameters read into a SearchQuery, with notices about what was not used as given."""
    return resolve(params, labels, backend, list(request.query_params.keys()), max_notices=warning_cap(request))


ResolvedDep = Annotated[Resolved, Depends(resolved_search)]
