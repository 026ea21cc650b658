"""Canonical URLs and stable article ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PARAMS = frozenset({"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid"})
# Session ids: always dropped (matched lower-case). `sid` only when its value looks like a token (see SID_TOKEN),
# since some portals use a short `sid` as a section id.
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "asp.net_sessionid", "aspsessionid", "cfid", "cftoken"})
SID_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,}$")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_COOKIELESS = re.compile(r"/\((?:[A-Za-z]\([^()/]*\))+\)(?=/|$)")  # ASP.NET /(S(abc))/ or /(X(1)S(abc))/
_DEFAULT_PORTS = {("http", 80), ("https", 443)}


def _session_param(key: str, value: str) -> bool:
    k = key.lower()
    return k in TRACKING_PARAMS or k in SESSION_PARAMS or (k == "sid" and bool(SID_TOKEN.match(value)))


def strip_session(url: str) -> str:
    """Remove session ids from path (`;jsessionid=…`, ASP.NET `(S(…))`) and query, and tracking parameters."""
    parts = urlsplit(url.strip())
    path = _COOKIELESS.sub("", _PATH_SESSION.sub("", parts.path)) or "/"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _session_param(k, v)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def _nfc_segment(segment: str) -> str:
    """A path segment whose escapes are valid UTF-8 re-quoted in NFC; anything else kept byte for byte."""
    try:
        text = unquote_to_bytes(segment).decode("utf-8")
    except UnicodeDecodeError:
        return segment
    nfc = unicodedata.normalize("NFC", text)
    return segment if nfc == text else quote(nfc.encode("utf-8"), safe="-._~!$&'()*+,;=:@")


def canonical_url(url: str) -> str:
    """Normalise a URL so that spellings of the same page compare equal.

    w3lib's canonicalize_url (escapes kept byte for byte, so `%E0%EA` and `%E1%E2` stay distinct and `%2F`
    stays apart from `/`; query sorted; fragment dropped) on top of: NFC for raw Vietnamese, session ids and
    tracking parameters dropped, scheme and host lower-cased, default ports dropped.
    """
    text = unicodedata.normalize("NFC", strip_session(url))
    parts = urlsplit(canonicalize_url(text, keep_blank_values=True))
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in _DEFAULT_PORTS else f"{host}:{port}"
    path = "/".join(_nfc_segment(s) for s in (parts.path or "/").split("/"))
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def article_id(url: str) -> str:
    """Stable 16-hex-digit id from the canonical URL, so every load is an idempotent upsert."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


_INDEX_NAMES = re.compile(r"/(?:index|default)\.(?:html?|aspx?|php|jsp)$", re.IGNORECASE)


def page_key(url: str) -> str:
    """One key for the spellings of one page: `/x`, `/x/`, `/x/index.html` and `/x/default.aspx` (canonical URL,
    scheme ignored, index file names and trailing slashes dropped)."""
    parts = urlsplit(canonical_url(url))
    path = _INDEX_NAMES.sub("/", parts.path).rstrip("/") or "/"
    return f"{parts.netloc}{path}" + (f"?{parts.query}" if parts.query else "")
