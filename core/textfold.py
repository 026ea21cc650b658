"""Vietnamese text folding for matching: NFC, one tone-placement convention, ASCII folding (đ -> d)."""

from __future__ import annotations

import re
import unicodedata

# Old-style tone placement (hoà, uỷ) -> new style (hòa, ủy); NFC does not unify these.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# The same pairs as one character class per first vowel (an alternation of 15 pairs under IGNORECASE was
# the slowest step of building an index document); only at the end of a syllable, e.g. "hoà" but not "hoàn",
# and not after "q", where "u" belongs to the consonant ("quý").
_SECOND = {first: "".join(sorted({k[1] for k in _TONE_MOVES if k[0] == first})) for first in "ou"}
_TONE_AT_END = re.compile(
    "(?<![qQ])(?:" + "|".join(f"[{f}{f.upper()}][{s}{s.upper()}]" for f, s in _SECOND.items()) + r")(?![^\W\d_])"
)


def _move_tone(m: re.Match[str]) -> str:
    src = m.group(0)
    dst = _TONE_MOVES[src.lower()]
    return dst.upper() if src.isupper() else (dst[0].upper() + dst[1:] if src[0].isupper() else dst)


def nfc(text: str) -> str:
    """NFC-normalise (composes stray combining tone marks onto their base letters)."""
    return unicodedata.normalize("NFC", text)


def unify_tones(text: str) -> str:
    """Move old-style tone marks (hoà, uỷ) to the new convention (hòa, ủy).

    Only applies where the vowel pair ends the syllable, e.g. "hoà" but not "hoàn", and not after "q", where
    "u" belongs to the consonant: "quý" is right in both conventions.
    """
    return _TONE_AT_END.sub(_move_tone, nfc(text))


def ascii_fold(text: str) -> str:
    """Strip every Vietnamese diacritic, including đ/Đ -> d/D: "Đắk Lắk" -> "Dak Lak"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Lower-case ASCII key for diacritic-insensitive matching: "Chỉ thị" -> "chi thi"."""
    return re.sub(r"\s+", " ", ascii_fold(nfc(text)).lower()).strip()


def slugify(text: str) -> str:
    """ASCII slug: "Thừa Thiên Huế" -> "thua-thien-hue"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
