"""Near-duplicates: MinHash of a body's word 3-shingles, LSH band keys, and stable group ids assigned on upsert.

The band keys are stored as keyword fields in the index (both backends), so a later run finds an article's
candidates with one terms lookup, without any in-memory LSH that would have to survive between runs. Candidates
are then verified by estimated Jaccard; an article joins the group of its most similar verified candidate, and a
group's id is the id of the article that founded it (the first indexed), so ids are stable across nightly runs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from core.article import Article
from core.textfold import nfc

SHINGLE = 3  # word 3-grams: near-duplicates >= 0.56 Jaccard, distinct stories <= 0.175 (libraries-audit row 11)
NUM_PERM = 128
MIN_WORDS = 50  # shorter bodies ("Xem file đính kèm") are not compared: every attachment notice would match
LSH_THRESHOLD = 0.3  # where the band/row split is tuned (37 bands x 3 rows): pairs at 0.5 are candidates 99%
SAME_STORY = 0.5  # estimated Jaccard from which two bodies are the same story (benchmarks/near_duplicates.py)
SCHEME = "affine32"  # datasketch 2's hash scheme; stored signatures must be read back with the same one
MAX_CANDIDATES = 10_000  # stored articles fetched per lookup for verification
LOOKUP_KEYS = 20_000  # band keys per lookup (a 500-article batch has 18,500)
_WORD = re.compile(r"\w+")
_LSH = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)  # only its band layout (b, r) is used
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations  # drawn once (seed 1), not per article


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Lower-cased word `size`-grams of the text, UTF-8 encoded."""
    words = _WORD.findall(nfc(text).lower())
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> str:
    """The MinHash of the text's shingles as base64 of NUM_PERM uint32; "" when under MIN_WORDS words."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return ""
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_PERMUTATIONS)
    mh.update_batch(list(shingles(text)))
    return base64.b64encode(mh.hashvalues.astype("<u4").tobytes()).decode("ascii")


@lru_cache(maxsize=4096)  # a batch compares each signature with several candidates: decode each once
def decode(value: str) -> LeanMinHash | None:
    """A stored signature back as a MinHash; None when empty or malformed."""
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    if len(raw) != NUM_PERM * 4:
        return None
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(raw, dtype="<u4").astype(np.uint64), scheme=SCHEME)


def band_keys(value: str) -> list[str]:
    """The signature's LSH band keys, "<band>-<16 hex>" (one per band); [] for an empty signature."""
    try:
        raw = base64.b64decode(value, validate=True) if value else b""
    except ValueError:
        return []
    if len(raw) != NUM_PERM * 4:
        return []
    return [
        f"{band:02d}-{hashlib.blake2b(raw[start * 4 : end * 4], digest_size=8).hexdigest()}"
        for band, (start, end) in enumerate(_LSH.hashranges)
    ]


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard of two stored signatures (0.0 when either is empty or malformed)."""
    ma, mb = decode(a), decode(b)
    if ma is None or mb is None:
        return 0.0
    return float(ma.jaccard(mb))


Lookup = Callable[[list[str]], Iterable[Article]]


def _vector(value: str) -> np.ndarray | None:
    """A stored signature as its NUM_PERM hash values (uint32); None when empty or malformed."""
    mh = decode(value)
    return None if mh is None else mh.hashvalues


class _Table:
    """Signatures seen so far (stored candidates, then the batch) in one matrix, with their band keys' rows."""

    def __init__(self, capacity: int) -> None:
        self.values = np.empty((max(capacity, 1), NUM_PERM), dtype=np.uint64)
        self.ids: list[str] = []
        self.groups: list[str] = []
        self.rows_by_band: dict[str, list[int]] = {}

    def add(self, article_id: str, value: str, group: str, keys: list[str]) -> None:
        vector = _vector(value)
        if vector is None or not keys:
            return
        row = len(self.ids)
        self.values[row] = vector
        self.ids.append(article_id)
        self.groups.append(group)
        for key in keys:
            self.rows_by_band.setdefault(key, []).append(row)

    def best_group(self, article_id: str, value: str, keys: list[str]) -> str | None:
        """The group of the most similar candidate at SAME_STORY or above (ties: the smallest group id)."""
        vector = _vector(value)
        if vector is None:
            return None
        rows: set[int] = set()
        for key in keys:
            rows.update(self.rows_by_band.get(key, ()))
        candidates = [r for r in rows if self.ids[r] != article_id]
        if not candidates:
            return None
        # the estimated Jaccard of every candidate at once: the share of equal hash values (LeanMinHash.jaccard)
        scores = (self.values[candidates] == vector).mean(axis=1)
        close = [(-float(scores[i]), self.groups[r]) for i, r in enumerate(candidates) if scores[i] >= SAME_STORY]
        return min(close)[1] if close else None


def assign_groups(articles: Sequence[Article], lookup: Lookup) -> list[Article]:
    """Each article with its signature and group: the group of its most similar stored or earlier-in-batch article
    at SAME_STORY or above, else its own id. `lookup(keys)` returns stored articles sharing any band key."""
    sigs = {a.id: signature(a.body) for a in articles}
    bands = {article_id: band_keys(sig) for article_id, sig in sigs.items()}
    keys = sorted({k for ks in bands.values() for k in ks})
    found: dict[str, Article] = {}
    for start in range(0, len(keys), LOOKUP_KEYS):  # Elasticsearch refuses terms queries over 65,536 values
        found.update((a.id, a) for a in lookup(keys[start : start + LOOKUP_KEYS]))
    table = _Table(len(found) + len(articles))
    for stored in found.values():
        table.add(stored.id, stored.minhash, stored.dup_group or stored.id, band_keys(stored.minhash))
    out: list[Article] = []
    for article in articles:
        mh = sigs[article.id]
        group = table.best_group(article.id, mh, bands[article.id]) or article.id
        table.add(article.id, mh, group, bands[article.id])
        out.append(article.model_copy(update={"minhash": mh, "dup_group": group}))
    return out


def oldest_first(articles: Iterable[Article]) -> list[Article]:
    """A group's members by publication date (undated last), then id: the same order from every backend."""
    return sorted(articles, key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0.0, a.id))
