"""Vietnamese collation: a sort key that orders names as a Vietnamese reader expects (ă after a, đ after d, tones
second: Cần Thơ < Đà Nẵng < Điện Biên, Tây Ninh < Tuyên Quang), instead of code-point order (Đ after Z)."""

from __future__ import annotations

import unicodedata

# The alphabet (CLDR "vi"): ă, â follow a; đ follows d; ê follows e; ô, ơ follow o; ư follows u. f, j, w, z are
# loan letters in their Latin places. A letter-forming mark (breve, circumflex, horn) makes a letter of its own.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
FORMING = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_RANK = {letter: 100 + i for i, letter in enumerate(ALPHABET)}


def _letter(char: str) -> tuple[int, int]:
    """(primary rank, tone) of one character: digits before letters, anything else (space, dash) first."""
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in FORMING))
    tone = next((TONES[m] for m in marks if m in TONES), 0)
    if letter in _RANK:
        return _RANK[letter], tone
    if letter.isdigit():
        return 10 + int(letter) if letter.isascii() else 20, 0
    return (1, 0) if letter.isalnum() else (0, 0)


def vi_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Letters first, then tones left to right, then the text itself (so the order is total and stable)."""
    ranks = [_letter(c) for c in unicodedata.normalize("NFC", text.casefold())]
    return tuple(r for r, _ in ranks), tuple(t for _, t in ranks), text
