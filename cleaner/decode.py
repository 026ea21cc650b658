"""Bytes to str: BOM, then UTF-8 when valid, then a declared charset when it decodes cleanly, then detection."""

from __future__ import annotations

import codecs
import re
import unicodedata

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What detection may pick for an undeclared page that is not UTF-8: Vietnamese portals use windows-1258, or
# Latin-1 bytes under a TCVN3/VNI font (read as cp1252; cleaner.legacy converts them). Left free, detection reads
# VNI as hp_roman8 and TCVN3 as Cyrillic; when neither fits, cp1252 is the fallback.
DETECTED = ("cp1258", "cp1252")
# Labels pages use for encodings Python knows under another name.
_ALIASES = {"x-user-defined": "windows-1252", "iso-8859-1": "windows-1252", "latin1": "windows-1252",
            "us-ascii": "windows-1252", "ascii": "windows-1252", "vn": "windows-1258", "tcvn": "windows-1258"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes, http_charset: str | None = None) -> str | None:
    """The charset the HTTP header or the first <meta> declares, as a Python codec name."""
    return _codec(http_charset) or (_codec(m.group(1).decode("ascii", "replace")) if (
        m := _META_CHARSET.search(data[:8192])) else None)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode page bytes to text (NFC for every legacy/declared/detected charset; valid UTF-8 as is).

    Order: a BOM wins; valid UTF-8 wins over a declaration (servers often declare a stale charset);
    else the declared charset if it decodes without errors; else charset detection; else cp1252.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(name, errors="replace")
            return text if name == "utf-8" else _nfc(text)
    try:
        # Valid UTF-8 is returned as is: the cleaner NFC-normalises each piece of text it keeps, which is far
        # cheaper than normalising whole pages of markup.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, http_charset)
    if declared and declared not in {"utf-8", "utf_8"}:
        try:
            return _nfc(data.decode(declared))
        except UnicodeDecodeError:
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000], cp_isolation=list(DETECTED)).best()
        if best is not None and best.encoding:
            return _nfc(data.decode(best.encoding, errors="replace"))
    except ImportError:  # pragma: no cover - optional dependency
        pass
    return _nfc(data.decode("cp1252", errors="replace"))
