"""Near-duplicates: MinHash of a body's word 3-shingles, LSH band keys, and the same-story grouping rule.

The rule is pure: the pipeline's grouping stage (indexer/pipeline/grouping.py) gives it a `Lookup` and `Grams`
over its SQLite store, where the band keys of group representatives are kept, so a later run finds an article's
candidates with one lookup, without any in-memory LSH that would have to survive between runs. The lookup
returns only what grouping needs of each stored candidate (id, signature, group: `Candidate`), never whole
articles. Candidates are ranked by how many band keys they share and the best CHECK are verified against group
representatives only: an article joins the group whose representative (the article that founded it, the first
indexed, whose id is the group's id) it is most similar to, else founds its own. A 128-value MinHash estimates
Jaccard within about +-0.044 (one standard deviation at 0.5), so an estimate within UNSURE of SAME_STORY is settled
by the exact word-3-shingle Jaccard of the two bodies (a stored representative's shingles, hashed by `grams` when
it founded its group, read through `Grams`, one call per batch; all of an article's checks in one numpy pass).
Every member reaches SAME_STORY against its representative, so a group is a star, never a chain of stories that
each resemble the next; group ids are stable across nightly runs.

Signatures are datasketch's MinHash values, computed with numpy over all of a body's shingles at once. They are
computed where articles are extracted (`signed`, called by crawler.sink.extract_page in the crawl's worker
processes); grouping reuses an article's present, valid signature and computes it only when missing or malformed.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
from datasketch import MinHash, MinHashLSH

from core.article import Article
from core.textfold import nfc

SHINGLE = 3  # word 3-grams: near-duplicates >= 0.56 Jaccard, distinct stories <= 0.175 (libraries-audit row 11)
NUM_PERM = 128
MIN_WORDS = 50  # shorter bodies ("Xem file đính kèm") are not compared: every attachment notice would match
LSH_THRESHOLD = 0.3  # where the band/row split is tuned (37 bands x 3 rows): pairs at 0.5 are candidates 99%
SAME_STORY = 0.5  # estimated Jaccard from which two bodies are the same story (benchmarks/near_duplicates.py)
MAX_CANDIDATES = 10_000  # stored candidates read per batch, shared out over its lookups
LOOKUP_KEYS = 20_000  # band keys per lookup (a 500-article batch has 18,500): bounded work per store query
SCHEME = "affine32"  # datasketch 2's hash scheme; stored signatures are read back with the same one
CHECK = 32  # candidates per article verified (estimate, exact near SAME_STORY): those sharing the most band keys
UNSURE = 0.18  # estimates this close to SAME_STORY are checked exactly: 4 standard deviations of the estimate at 0.5
_WORD = re.compile(r"\w+")
_BANDS = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges  # only its band layout (b, r) is used
_BAND_COLUMNS = np.array([range(start, end) for start, end in _BANDS], dtype=np.intp)  # (bands, rows)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations  # drawn once (seed 1), as stored ones were
_A, _B = (p.astype(np.uint32) for p in _PERMUTATIONS)
_digest = operator.methodcaller("digest")
_blake8 = functools.partial(hashlib.blake2b, digest_size=8)
_SURE = int(np.ceil((SAME_STORY + UNSURE) * NUM_PERM))  # equal hash values from which no exact check is needed
_MAYBE = int(np.ceil((SAME_STORY - UNSURE) * NUM_PERM))  # equal hash values under which two bodies are distinct


class Candidate(NamedTuple):
    """What grouping reads of a stored article: its id, its signature (base64 or the raw bytes), its group."""

    id: str
    minhash: str | bytes
    group: str


Lookup = Callable[[list[int], int], Iterable[Candidate]]  # (band keys, at most this many) -> stored candidates
Grams = Callable[[list[str]], Mapping[str, np.ndarray]]  # stored representatives' ids -> `grams` (missing: left out)


class Grouped(NamedTuple):
    """An article as grouped: signed, its `dup_group` set; its band keys; its `grams` when it founded a group."""

    article: Article
    keys: list[int]
    grams: np.ndarray | None


def words(text: str) -> list[str]:
    """The text's lower-cased words (NFC)."""
    return _WORD.findall(nfc(text).lower())


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Lower-cased word `size`-grams of the text, UTF-8 encoded (the exact Jaccard the benchmark checks)."""
    ws = words(text)
    return {" ".join(ws[i : i + size]).encode() for i in range(len(ws) - size + 1)}


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, elementwise (uint64, wrapping): a bijection that mixes every bit."""
    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xFF51AFD7ED558CCD)
    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))  # type: ignore[no-any-return]


_WORD_HASHES: dict[str, int] = {}  # word -> its 8-byte BLAKE2b: the vocabulary is small, a body's words repeat
_WORD_HASHES_MAX = 1 << 20  # cleared when it grows past this many words
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _word_hashes(ws: list[str]) -> np.ndarray:
    """Each word's 8-byte BLAKE2b as uint64, each distinct word hashed once per process."""
    known = _WORD_HASHES
    new = [w for w in set(ws) if w not in known]
    if new:
        if len(known) + len(new) > _WORD_HASHES_MAX:
            known.clear()
        digests = b"".join(map(_digest, map(_blake8, map(str.encode, new))))
        known.update(zip(new, np.frombuffer(digests, dtype="<u8").tolist(), strict=True))
    return np.fromiter(map(known.__getitem__, ws), dtype=np.uint64, count=len(ws))


def grams(text: str) -> np.ndarray:
    """The text's word 3-shingles as sorted unique uint64: each 3 words' hashes (8-byte BLAKE2b) folded by
    MurmurHash3's 64-bit finaliser, in numpy. The same Jaccard as `shingles` but for a ~2^-64 collision, stable
    across processes (the pipeline store keeps representatives'), and intersected with numpy."""
    ws = words(text)
    if len(ws) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    h = _word_hashes(ws)
    with np.errstate(over="ignore"):
        return np.unique(_fmix64(_fmix64(h[:-2] * _GOLDEN ^ h[1:-1]) * _GOLDEN ^ h[2:]))


def _exact(mine: np.ndarray, others: list[np.ndarray]) -> np.ndarray:
    """Exact Jaccard of one hashed shingle set (`grams`) against each of `others`, in one numpy pass."""
    if not others:
        return np.zeros(0)
    sizes = np.array([len(o) for o in others])
    if not len(mine):
        return np.zeros(len(others))
    theirs = np.concatenate(others)
    at = np.minimum(np.searchsorted(mine, theirs), len(mine) - 1)  # `mine` is sorted: a binary search each
    shared = np.bincount(np.repeat(np.arange(len(others)), sizes), weights=mine[at] == theirs, minlength=len(others))
    union = sizes + len(mine) - shared
    return np.divide(shared, union, out=np.zeros(len(others)), where=union > 0)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, elementwise (uint32, wrapping): datasketch's pre-mix for affine32."""
    h = (h ^ (h >> np.uint32(16))) * np.uint32(0x85EBCA6B)
    h = (h ^ (h >> np.uint32(13))) * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))  # type: ignore[no-any-return]


def hash_values(text: str) -> np.ndarray | None:
    """The MinHash of the text's word 3-shingles as NUM_PERM uint32; None when under MIN_WORDS words.

    The values are datasketch's (`MinHash(num_perm=NUM_PERM, scheme="affine32").update_batch(shingles)`: the first
    4 bytes of each shingle's SHA-1, MurmurHash3's finaliser, then a * h + b mod 2^32, minimum), computed without
    a Python function call per shingle: the digests are taken by C-level maps, the rest by numpy."""
    ws = words(text)
    if len(ws) < MIN_WORDS:
        return None
    grams = set(map(" ".join, zip(ws, ws[1:], ws[2:], strict=False)))
    digests = b"".join(map(_digest, map(hashlib.sha1, map(str.encode, grams))))
    h = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :4].copy().view("<u4").ravel()
    return (_fmix32(h)[:, None] * _A + _B).min(axis=0)  # type: ignore[no-any-return]


def signature(text: str) -> str:
    """The MinHash as base64 of NUM_PERM little-endian uint32 (Article.minhash); "" when under MIN_WORDS words."""
    values = hash_values(text)
    return "" if values is None else base64.b64encode(values.astype("<u4").tobytes()).decode("ascii")


def signed(article: Article) -> Article:
    """The article with its body's signature in `minhash` (what extraction attaches; grouping reuses it)."""
    return article.model_copy(update={"minhash": signature(article.body)})


def _values(article: Article) -> np.ndarray | None:
    """The article's signature: its present, valid `minhash`, else computed from its body."""
    if article.minhash:
        values = decode(article.minhash)
        if values is not None:
            return values
    return hash_values(article.body)


def decode(value: str | bytes) -> np.ndarray | None:
    """A stored signature (base64 text, or its raw bytes) as NUM_PERM uint32; None when empty or malformed."""
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else value
    except (ValueError, binascii.Error):
        return None
    if len(raw) != NUM_PERM * 4:
        return None
    return np.frombuffer(raw, dtype="<u4").astype(np.uint32)


def raw(value: str) -> bytes:
    """A signature's raw bytes (what the pipeline store keeps), b"" when empty or malformed."""
    values = decode(value)
    return b"" if values is None else values.astype("<u4").tobytes()


_BAND_SEEDS = _fmix64(np.arange(1, len(_BANDS) + 1, dtype=np.uint64))  # a different start per band


def _band_ints(values: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) signatures -> (n, bands) uint64 band keys: each band's values folded by MurmurHash3's 64-bit
    finaliser, all rows at once in numpy (a rare collision only adds a candidate, which is verified)."""
    bands = values[:, _BAND_COLUMNS].astype(np.uint64)  # (n, bands, rows)
    h = np.broadcast_to(_BAND_SEEDS, bands.shape[:2]).copy()
    with np.errstate(over="ignore"):
        for column in range(bands.shape[2]):
            h = _fmix64(h * _GOLDEN ^ bands[:, :, column])
    return h


def _key_lists(keys: np.ndarray) -> list[list[int]]:
    """(n, bands) uint64 band keys -> per row, as signed 64-bit integers (the pipeline store's form)."""
    return keys.view(np.int64).tolist()  # type: ignore[no-any-return]


def band_keys(value: str) -> list[int]:
    """The signature's LSH band keys as signed 64-bit integers (one per band); [] for an empty or malformed one."""
    values = decode(value) if value else None
    return [] if values is None else _key_lists(_band_ints(values[None, :]))[0]


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard of two stored signatures (0.0 when either is empty or malformed)."""
    va, vb = decode(a), decode(b)
    if va is None or vb is None:
        return 0.0
    return float((va == vb).mean())


def _stored(keys: list[list[int]], lookup: Lookup) -> dict[str, Candidate]:
    """Stored candidates for the batch's articles' keys: lookups of whole articles' keys (at most LOOKUP_KEYS
    each), MAX_CANDIDATES shared out by keys sent. A key
    is sent once per batch: the candidates it finds serve every article of the batch that has it."""
    seen: set[int] = set()
    fresh: list[list[int]] = []
    for article_keys in keys:
        new = [k for k in article_keys if k not in seen]
        seen.update(new)
        fresh.append(new)
    keys = fresh
    total = sum(map(len, keys)) or 1
    found: dict[str, Candidate] = {}
    chunk: list[int] = []
    for i, article_keys in enumerate(keys):
        chunk.extend(article_keys)
        if chunk and (i + 1 == len(keys) or len(chunk) + len(keys[i + 1]) > LOOKUP_KEYS):
            limit = max(1, MAX_CANDIDATES * len(chunk) // total)
            found.update((c.id, c) for c in lookup(sorted(chunk), limit))
            chunk = []
    return found


class _Buckets:
    """Every row's band keys sorted once: an article's candidates are the rows of its keys' buckets."""

    def __init__(self, keys: np.ndarray) -> None:
        flat = keys.ravel()
        order = np.argsort(flat, kind="stable")
        self.rows = (order // keys.shape[1]).astype(np.int64)
        self.keys, self.starts, self.sizes = np.unique(flat[order], return_index=True, return_counts=True)

    def sharing(self, keys: np.ndarray) -> np.ndarray:
        """All rows having any of `keys` (a row once per key it shares), the asking row included."""
        at = np.searchsorted(self.keys, keys)
        shared = at[self.sizes[at] > 1]
        if not shared.size:
            return np.empty(0, dtype=np.int64)
        return np.concatenate(
            [self.rows[s : s + n] for s, n in zip(self.starts[shared], self.sizes[shared], strict=True)]
        )


def jaccard(a: set[bytes] | set[str], b: set[bytes] | set[str]) -> float:
    """Exact Jaccard of two shingle sets (0.0 when both are empty)."""
    if len(a) > len(b):
        a, b = b, a
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 0.0


def assign_groups(articles: Sequence[Article], lookup: Lookup, stored_grams: Grams) -> list[Article]:
    """Each article with its signature and group (`group_with_keys` without the band keys)."""
    return [g.article for g in group_with_keys(articles, lookup, stored_grams)]


def _signatures(found: list[Candidate]) -> tuple[list[Candidate], np.ndarray]:
    """The candidates with a valid signature and their (n, NUM_PERM) values: raw bytes read in one numpy call."""
    width = NUM_PERM * 4
    whole: list[Candidate] = []
    raws: list[bytes] = []
    other: list[tuple[Candidate, np.ndarray]] = []
    for c in found:
        if isinstance(c.minhash, bytes) and len(c.minhash) == width:
            whole.append(c)
            raws.append(c.minhash)
        elif (v := decode(c.minhash)) is not None:
            other.append((c, v))
    values = np.frombuffer(b"".join(raws), dtype="<u4").astype(np.uint32).reshape(-1, NUM_PERM)
    if other:
        values = np.concatenate([values, np.stack([v for _, v in other])])
    return whole + [c for c, _ in other], values


def _candidates(buckets: _Buckets, table: np.ndarray, keys: np.ndarray, row: int, own: int) -> list[tuple[int, int]]:
    """(row, equal hash values) of the CHECK earlier rows sharing most band keys with `row`, those at _MAYBE+."""
    rows = buckets.sharing(keys)
    rows = rows[(rows < row) & (rows != own)]
    if not rows.size:
        return []
    rows, shared = np.unique(rows, return_counts=True)
    if rows.size > CHECK:  # the CHECK sharing most, ties to the earlier row: one unique key each, partitioned
        rank = (shared.max() - shared).astype(np.int64) * rows.size + np.arange(rows.size)
        rows = rows[np.argpartition(rank, CHECK - 1)[:CHECK]]
    scores = (table[rows] == table[row]).sum(axis=1)
    return [(r, s) for r, s in zip(rows.tolist(), scores.tolist(), strict=True) if s >= _MAYBE]


def group_with_keys(articles: Sequence[Article], lookup: Lookup, stored_grams: Grams) -> list[Grouped]:
    """Each article with its signature and group, its band keys and, for a representative, its `grams` (what the
    pipeline store keeps of a representative).

    The group is that of the most similar stored or earlier-in-batch group representative at SAME_STORY or above
    (ties: the smallest group id), else the article's own id. `lookup(keys, limit)` returns stored candidates
    sharing any band key; of an article's candidates the CHECK sharing the most keys are verified, by estimate
    when it is clear and by exact Jaccard when it is within UNSURE of SAME_STORY (`stored_grams(ids)` reads the
    stored representatives' hashed shingle sets, once per batch). An article's signature is its `minhash` when
    that is present and valid (set at extraction), else computed from its body."""
    values = [_values(a) for a in articles]
    valid = [i for i, v in enumerate(values) if v is not None]
    batch = np.stack([values[i] for i in valid]) if valid else np.zeros((0, NUM_PERM), np.uint32)  # type: ignore[misc]
    batch_keys = _band_ints(batch)
    key_lists = _key_lists(batch_keys)
    stored, stored_values = _signatures(list(_stored(key_lists, lookup).values()))
    table = np.concatenate([stored_values, batch])
    buckets = _Buckets(np.concatenate([_band_ints(stored_values), batch_keys]))
    groups = [c.group for c in stored] + [""] * len(valid)
    # A group is a star, never a chain: only its representative (the member whose id is the group's) is matched.
    founder = [c.id == c.group for c in stored] + [False] * len(valid)
    own_row = {c.id: r for r, c in enumerate(stored)}  # an article's own stored version is not its duplicate
    close = [
        _candidates(buckets, table, batch_keys[n], len(stored) + n, own_row.get(articles[i].id, -1))
        for n, i in enumerate(valid)
    ]
    unsure = {stored[r].id for pairs in close for r, s in pairs if r < len(stored) and founder[r] and s < _SURE}
    sets = dict(stored_grams(sorted(unsure))) if unsure else {}
    empty = np.zeros(0, dtype=np.uint64)
    hashed = {r: sets.get(c.id, empty) for r, c in enumerate(stored)}

    def shingled(row: int) -> np.ndarray:
        if row not in hashed:
            hashed[row] = grams(articles[valid[row - len(stored)]].body)
        return hashed[row]

    out = [Grouped(a, [], None) for a in articles]
    for n, i in enumerate(valid):
        row = len(stored) + n
        article_id = articles[i].id
        group = article_id
        scored = [(-s / NUM_PERM, groups[r]) for r, s in close[n] if founder[r] and s >= _SURE]
        check = [r for r, s in close[n] if founder[r] and s < _SURE]
        if check:
            exact = _exact(shingled(row), [shingled(r) for r in check])
            scored += [(-float(j), groups[r]) for r, j in zip(check, exact.tolist(), strict=True) if j >= SAME_STORY]
        if scored:
            group = min(scored)[1]
        groups[row] = group
        founder[row] = group == article_id
        mh = base64.b64encode(table[row].astype("<u4").tobytes()).decode("ascii")
        done = articles[i].model_copy(update={"minhash": mh, "dup_group": group})
        out[i] = Grouped(done, key_lists[n], shingled(row) if founder[row] else None)
    for i, (article, keys, _) in enumerate(out):
        if not keys:
            out[i] = Grouped(article.model_copy(update={"minhash": "", "dup_group": article.id}), keys, None)
    return out


def oldest_first(articles: Iterable[Article]) -> list[Article]:
    """A group's members by publication date (undated last), then id: the same order from every backend."""
    return sorted(articles, key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0.0, a.id))
