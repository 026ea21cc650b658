"""Canonical URLs and stable article ids."""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid"})


def canonical_url(url: str) -> str:
    """Normalise a URL so that spellings of the same page compare equal.

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters,
    sorts the query, NFC-normalises and re-quotes raw Vietnamese in path and query.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    path = unicodedata.normalize("NFC", unquote(parts.path or "/"))
    path = quote(path, safe="/-._~!$&'()*+,;=:@%")
    query = sorted(
        (unicodedata.normalize("NFC", k), unicodedata.normalize("NFC", v))
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def article_id(url: str) -> str:
    """Stable 16-hex-digit id from the canonical URL, so every load is an idempotent upsert."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]
