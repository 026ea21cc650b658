"""GET /healthz: backend status and article count; 503 when the backend is down."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from core.search import BackendUnavailable
from search_api.deps import BackendDep, SettingsDep
from search_api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}})
def healthz(backend: BackendDep, settings: SettingsDep) -> HealthOut | JSONResponse:
    """ "ok" with the number of stored articles, or 503 "unavailable" with the reason."""
    try:
        count = backend.count()
    except BackendUnavailable as exc:
        down = HealthOut(status="unavailable", backend=settings.backend, count=None, detail=str(exc))
        return JSONResponse(status_code=503, content=down.model_dump())
    return HealthOut(status="ok", backend=settings.backend, count=count)
