"""The `warnings` of a request as an HTTP header, for responses that are not JSON (CSV exports, the RSS feed).

The value is the JSON list the API returns in `warnings` ([{param, value, message}, …]), UTF-8 and percent-encoded
(RFC 3986; the header itself stays ASCII): `json.loads(urllib.parse.unquote(value))` reads it back. A header
over MAX_HEADER bytes keeps the first warnings that fit and ends with one saying how many were left out. Each
warning is encoded once (the list's encoding is its items' joined), so the cost grows with the warnings kept.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from search_api.resolve import Notice, more_notice

HEADER = "X-Govnews-Warnings"
MAX_HEADER = 4096  # proxies commonly refuse headers of 8 KB and more in all
_OPEN, _SEP, _CLOSE = quote("["), quote(","), quote("]")


def _item(notice: Notice) -> str:
    return quote(json.dumps(notice.model_dump(), ensure_ascii=False, separators=(",", ":")), safe="")


def warning_headers(notices: Sequence[Notice], more: int = 0) -> dict[str, str]:
    """{HEADER: value} for the notices, or {} when there are none. `more`: warnings already left out before
    (`Resolved.more`), when the last notice says so."""
    if not notices:
        return {}
    real = list(notices[:-1] if more else notices)
    items: list[str] = []
    size = len(_OPEN) + len(_CLOSE)
    for notice in real:
        item = _item(notice)
        tail = len(_item(more_notice(more + len(real) - len(items))))  # room for the closing count
        if size + len(item) + len(_SEP) + tail + len(_SEP) > MAX_HEADER and items:
            break
        items.append(item)
        size += len(item) + len(_SEP)
    left = more + len(real) - len(items)
    if left:
        items.append(_item(more_notice(left)))
    return {HEADER: _OPEN + _SEP.join(items) + _CLOSE}
