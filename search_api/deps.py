"""FastAPI dependencies: the settings and the search backend the lifespan opened, as Annotated aliases."""

from __future__ import annotations

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


SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[SearchBackend, Depends(get_backend)]
