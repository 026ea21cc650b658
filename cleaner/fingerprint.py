"""64-bit SimHash of a body's word shingles, as 16 hex digits, for near-duplicate detection."""

from __future__ import annotations

import hashlib
import re

SHINGLE = 3
_WORD = re.compile(r"\w+")
# _BIT[j] maps a byte to 1 when its bit j is set, so bytes.translate + count counts a bit over many bytes in C.
_BIT = tuple(bytes((v >> j) & 1 for v in range(256)) for j in range(8))


def simhash(text: str, shingle: int = SHINGLE) -> str:
    """SimHash over lower-cased word `shingle`-grams; near-duplicates differ in few bits. Empty text -> zeros.

    Each shingle gets a 64-bit BLAKE2b hash; bit b of the result is set when more than half the shingle hashes
    have it set (all weights 1).
    """
    words = _WORD.findall(text.lower())
    if not words:
        return "0" * 16
    grams = [" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    digests = b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams)
    n = len(grams)
    value = 0
    for k in range(8):  # byte k of each big-endian digest holds bits 8*(7-k) .. 8*(7-k)+7
        column = digests[k::8]
        for j in range(8):
            if 2 * column.translate(_BIT[j]).count(1) > n:
                value |= 1 << (8 * (7 - k) + j)
    return f"{value:016x}"


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex fingerprints."""
    return bin(int(a, 16) ^ int(b, 16)).count("1")
