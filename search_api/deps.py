"""FastAPI dependencies: the settings and the search backend the lifespan opened, as Annotated aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

from fastapi import Depends, Request

from core.search import SearchBackend
from core.settings import Settings


def get_settings(request: Request) -> Settings:
    """The Settings the app was created with."""
    return cast(Settings, request.app.state.settings)


def get_backend(request: Request) -> SearchBackend:
    """The one backend opened at startup (tests may override this dependency)."""
    return cast(SearchBackend, request.app.state.backend)


def get_reports_dir(request: Request) -> Path:
    """The run-report directory the app was created with."""
    return cast(Path, request.app.state.reports_dir)


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReportsDirDep = Annotated[Path, Depends(get_reports_dir)]
BackendDep = Annotated[SearchBackend, Depends(get_backend)]
