"""The one opaque-cursor codec both backends use: URL-safe base64 of compact JSON, checked on the way back in."""

from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any

MAX_OFFSET = 10**12  # far past any index; a bigger number is not a cursor we wrote


def _reject_constant(name: str) -> Any:
    """json.loads would turn Infinity / -Infinity / NaN into floats; no cursor of ours holds them."""
    raise ValueError(f"{name} is not allowed in a cursor")


def encode(data: dict[str, Any]) -> str:
    """An opaque cursor for `data` (JSON-serialisable, finite numbers only)."""
    raw = json.dumps(data, separators=(",", ":"), allow_nan=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    """The object inside a cursor; ValueError for anything that is not one (bad base64, JSON, Infinity, NaN)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"invalid cursor: {cursor!r}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"invalid cursor: {cursor!r}")
    return data


def offset_field(data: dict[str, Any], key: str, cursor: str) -> int:
    """A non-negative whole-number field of a decoded cursor (clamped at 0), or ValueError."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"invalid cursor: {cursor!r}")
    if not math.isfinite(value) or abs(value) > MAX_OFFSET:
        raise ValueError(f"invalid cursor: {cursor!r}")
    return max(0, int(value))
