"""64-bit SimHash of a body's word shingles, as 16 hex digits, for near-duplicate detection."""

from __future__ import annotations

import hashlib

from core.textfold import fold

SHINGLE = 3


def simhash(text: str, shingle: int = SHINGLE) -> str:
    """SimHash over folded word `shingle`-grams; near-identical bodies differ in few bits. Empty text -> 16 zeros."""
    words = fold(text).split()
    if not words:
        return "0" * 16
    grams = [" ".join(words[i:i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    # Bit columns counted in C: one 64-char binary string per shingle hash, transposed with zip.
    rows = [format(int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big"), "064b")
            for g in grams]
    half = len(rows) / 2
    bits = "".join("1" if col.count("1") > half else "0" for col in zip(*rows, strict=True))
    return f"{int(bits, 2):016x}"


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two hex fingerprints."""
    return bin(int(a, 16) ^ int(b, 16)).count("1")
