"""The `warnings` of a request as an HTTP header, for responses that are not JSON (CSV exports, the RSS feed).

The value is the JSON list the API returns in `warnings` ([{param, value, message}, …]), UTF-8 and percent-encoded
(RFC 3986; the header itself stays ASCII): `json.loads(urllib.parse.unquote(value))` reads it back. A header
over MAX_HEADER bytes keeps the first warnings and ends with one saying how many were left out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from search_api.resolve import Notice

HEADER = "X-Govnews-Warnings"
MAX_HEADER = 4096  # proxies commonly refuse headers of 8 KB and more in all


def _encode(notices: Sequence[Notice]) -> str:
    return quote(json.dumps([n.model_dump() for n in notices], ensure_ascii=False, separators=(",", ":")), safe="")


def warning_headers(notices: Sequence[Notice]) -> dict[str, str]:
    """{HEADER: value} for the notices, or {} when there are none."""
    if not notices:
        return {}
    kept = list(notices)
    value = _encode(kept)
    while len(value) > MAX_HEADER and len(kept) > 1:
        kept.pop()
        more = Notice(param="", value="", message=f"… và {len(notices) - len(kept)} cảnh báo khác (xem /api/search).")
        value = _encode([*kept, more])
    return {HEADER: value}
