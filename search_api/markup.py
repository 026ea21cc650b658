"""Make backend snippets safe: escape everything except <mark> tags; or strip them to plain text."""

from __future__ import annotations

import html
import re

MARK = re.compile(r"(</?mark>)")


def safe_marked(text: str | None) -> str:
    """HTML with only <mark>/</mark> kept as tags; works for escaped and raw input alike (idempotent)."""
    if not text:
        return ""
    parts = MARK.split(text)
    return "".join(p if p in ("<mark>", "</mark>") else html.escape(html.unescape(p), quote=True) for p in parts)


def plain(text: str | None) -> str:
    """Plain text: marks removed and entities decoded (for CSV and feed titles)."""
    if not text:
        return ""
    return html.unescape(MARK.sub("", text))
