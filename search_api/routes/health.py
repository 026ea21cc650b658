"""GET /healthz: backend status and article count, after reading one stored article back; 503 when it fails."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from core.search import BackendBroken, BackendUnavailable, SearchQuery
from search_api.deps import BackendDep, SettingsDep
from search_api.errors import public_reason, unavailable_headers
from search_api.schemas import HealthOut

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}})
def healthz(request: Request, backend: BackendDep, settings: SettingsDep) -> HealthOut | JSONResponse:
    """ "ok" with the number of stored articles, or 503 "unavailable" with the kind of failure.

    Counting only reads the index's metadata; the newest article is also read back from the store, so damaged
    index files show here and not first on a user's search. Damage that a request met elsewhere (a block of the
    store that the newest article does not use) is remembered by the app and reported here until a restart.
    """
    try:
        broken = getattr(request.app.state, "broken", None)
        if broken:
            raise BackendBroken(broken)
        count = backend.count()
        backend.search(SearchQuery(sort="newest", size=1, facets=()))
    except BackendUnavailable as exc:
        log.warning("healthz: %s", exc)
        down = HealthOut(status="unavailable", backend=settings.backend, count=None, detail=public_reason(exc))
        return JSONResponse(status_code=503, content=down.model_dump(), headers=unavailable_headers(exc))
    return HealthOut(status="ok", backend=settings.backend, count=count)
