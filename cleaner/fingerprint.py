"""64-bit SimHash of a body's word shingles, as 16 hex digits, for near-duplicate detection."""

from __future__ import annotations

import hashlib
import re

SHINGLE = 3
_WORD = re.compile(r"\w+")
_MASK = (1 << 64) - 1


def _add(counters: list[int], value: int) -> None:
    """Add one 64-bit hash to 64 parallel bit-sliced counters (counters[i] holds bit i of every lane's count)."""
    carry = value
    for i, c in enumerate(counters):
        if not carry:
            return
        counters[i], carry = c ^ carry, c & carry
    counters.append(carry)


def simhash(text: str, shingle: int = SHINGLE) -> str:
    """SimHash over lower-cased word `shingle`-grams; near-duplicates differ in few bits. Empty text -> zeros."""
    words = _WORD.findall(text.lower())
    if not words:
        return "0" * 16
    counters: list[int] = []
    n = 0
    for i in range(max(1, len(words) - shingle + 1)):
        gram = " ".join(words[i:i + shingle]).encode("utf-8")
        _add(counters, int.from_bytes(hashlib.blake2b(gram, digest_size=8).digest(), "big"))
        n += 1
    value = 0
    for bit in range(64):
        count = sum(((c >> bit) & 1) << i for i, c in enumerate(counters))
        if 2 * count > n:
            value |= 1 << bit
    return f"{value & _MASK:016x}"


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex fingerprints."""
    return bin(int(a, 16) ^ int(b, 16)).count("1")
