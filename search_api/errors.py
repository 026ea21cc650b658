"""Error responses in Vietnamese: 422 naming each bad parameter, 503 when the search backend is unreachable."""

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
UNAVAILABLE = "Máy tìm kiếm tạm thời không truy cập được; vui lòng thử lại sau ít phút."
BROKEN = "Máy tìm kiếm không dùng được: chỉ mục bị hỏng hoặc không mở được; cần người quản trị sửa."
INVALID = "Tham số không hợp lệ"
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid parameter: `loc` names it, `msg` and `message` say why (Vietnamese)."},
    503: {
        "description": f"{UNAVAILABLE} (with `Retry-After`), or: {BROKEN} (no `Retry-After`)",
        "content": {"application/json": {"example": {"detail": UNAVAILABLE}}},
    },
}
DATE = "phải là một ngày có thật, dạng YYYY-MM-DD (ví dụ 2024-03-31)"
# pydantic error type -> Vietnamese message ({...} filled from the error's ctx)
MESSAGES: dict[str, str] = {
    "date_parsing": DATE,
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": DATE,
    "date_type": DATE,
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "string_too_long": "dài quá {max_length} ký tự",
    "too_long": "có tối đa {max_length} giá trị (đã nhận {actual_length})",
    "literal_error": "phải là một trong: {expected}",
    "missing": "thiếu tham số bắt buộc",
}


def vietnamese(err: Any) -> str:
    """One pydantic error in Vietnamese; our own ValueErrors are written in Vietnamese already."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    template = MESSAGES.get(kind)
    if template is None:
        return "không hợp lệ"
    try:
        text = template.format(**ctx).replace("'", "")
        return text.replace(" or ", " hoặc ") if kind == "literal_error" else text  # pydantic lists "a, b or c"
    except (KeyError, IndexError):
        return template.split("{")[0].strip()


def describe(errors: Sequence[Any]) -> str:
    """ "date_from: phải là một ngày có thật…; page: phải lớn hơn hoặc bằng 1"."""
    parts = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'yêu cầu'}: {vietnamese(err)}")
    return "; ".join(parts)


def _jsonable(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Errors as JSON, `msg` in Vietnamese; exception objects in `ctx` become their message."""
    out = []
    for err in errors:
        err = dict(err)
        err["msg"] = vietnamese(err)
        if "ctx" in err:
            err["ctx"] = {k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in err["ctx"].items()}
        err.pop("url", None)
        out.append(err)
    return list(jsonable_encoder(out))


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    body = {"message": f"{INVALID} — {describe(errors)}", "detail": _jsonable(errors)}
    return JSONResponse(status_code=422, content=body)


def public_reason(exc: BaseException) -> str:
    """What a client may read about a backend failure: the kind, never the exception text (it names server
    paths and hosts); the full reason goes to the server log."""
    return BROKEN if isinstance(exc, BackendBroken) else UNAVAILABLE


def unavailable_headers(exc: BaseException) -> dict[str, str]:
    """`Retry-After` only when retrying can help."""
    return {} if isinstance(exc, BackendBroken) else {"Retry-After": "5"}


def remember(request: Request, exc: BackendUnavailable) -> None:
    """Log a backend failure; a broken index is kept on the app, so /healthz reports it from now on (until a
    restart). Every handler of BackendUnavailable calls this, the pages that answer 503 themselves included."""
    log.warning("search backend unavailable on %s: %s", request.url.path, exc)
    if isinstance(exc, BackendBroken):
        request.app.state.broken = str(exc)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BackendUnavailable)
    remember(request, exc)
    return JSONResponse(status_code=503, content={"detail": public_reason(exc)}, headers=unavailable_headers(exc))


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(BackendUnavailable, _unavailable)
