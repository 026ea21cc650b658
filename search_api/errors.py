"""Error responses: 422 naming each bad parameter, 503 when the search backend is unreachable."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from core.search import BackendBroken, BackendUnavailable

log = logging.getLogger(__name__)
UNAVAILABLE = "Search backend unavailable; try again shortly."
BROKEN = "Search backend unavailable: its index is damaged or cannot be opened; an operator must repair it."
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "A parameter is invalid; each error's `loc` names it, `message` says it in words."},
    503: {
        "description": f"{UNAVAILABLE} (with `Retry-After`), or: {BROKEN} (no `Retry-After`)",
        "content": {"application/json": {"example": {"detail": UNAVAILABLE}}},
    },
}


def describe(errors: Sequence[Any]) -> str:
    """ "date_from: Input should be a valid date…; page: Input should be greater than or equal to 1"."""
    parts = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _jsonable(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Errors as JSON: exception objects in `ctx` become their message."""
    out = []
    for err in errors:
        err = dict(err)
        if "ctx" in err:
            err["ctx"] = {k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in err["ctx"].items()}
        out.append(err)
    return list(jsonable_encoder(out))


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    body = {"message": f"Invalid parameter — {describe(errors)}", "detail": _jsonable(errors)}
    return JSONResponse(status_code=422, content=body)


def public_reason(exc: BaseException) -> str:
    """What a client may read about a backend failure: the kind, never the exception text (it names server
    paths and hosts); the full reason goes to the server log."""
    return BROKEN if isinstance(exc, BackendBroken) else UNAVAILABLE


def unavailable_headers(exc: BaseException) -> dict[str, str]:
    """`Retry-After` only when retrying can help."""
    return {} if isinstance(exc, BackendBroken) else {"Retry-After": "5"}


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("search backend unavailable on %s: %s", request.url.path, exc)
    if isinstance(exc, BackendBroken):  # /healthz reports it from now on, until a restart
        request.app.state.broken = str(exc)
    return JSONResponse(status_code=503, content={"detail": public_reason(exc)}, headers=unavailable_headers(exc))


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(BackendUnavailable, _unavailable)
