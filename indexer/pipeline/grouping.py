"""Same-story grouping stage: each article's group from the pipeline store's band keys, never from the index.

indexer.neardup holds the rule (stars around a representative, the exact check near SAME_STORY); this stage gives
it a `Lookup` and `Grams` over the store's tables and writes back what it decided, in the batch's transaction:
every article's signature and group, and for each representative its band keys and its hashed shingle set
(indexer.neardup.grams, so no body is re-shingled at a check). An article
already in the store keeps its group while its signature is unchanged, and a representative stays one (its keys
and body refreshed), so groups are stable across runs and across reprocess. `rebuild` refills the tables from
the index's stored articles (their `minhash` and `dup_group`) when the store was lost.
"""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np

from core.article import Article
from indexer.neardup import Candidate, Grouped, band_keys, decode, grams, group_with_keys, raw

CHUNK = 500  # ids per IN (...) query
LOOKUP = (  # CROSS JOIN: the wanted keys drive, each a primary-key search of bands (else every band row is scanned)
    "SELECT a.id, a.sig, a.grp FROM (SELECT b.n, COUNT(*) AS c FROM wanted w CROSS JOIN bands b ON b.key = w.key "
    "GROUP BY b.n ORDER BY c DESC LIMIT ?) t JOIN articles a ON a.n = t.n WHERE a.sig IS NOT NULL"
)


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))


def _known(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[bytes | None, str]]:
    """Stored (signature, group) of these ids."""
    out: dict[str, tuple[bytes | None, str]] = {}
    for part in _chunks(ids):
        rows = db.execute(f"SELECT id, sig, grp FROM articles WHERE id IN ({','.join('?' * len(part))})", part)
        out.update((i, (s, g)) for i, s, g in rows)
    return out


def _lookup(db: sqlite3.Connection, keys: list[int], limit: int) -> list[Candidate]:
    """Representatives sharing any of `keys`, those sharing the most first, at most `limit`."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM wanted")
    db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
    rows = db.execute(LOOKUP, (limit,))
    return list(map(Candidate._make, rows))


def _grams(db: sqlite3.Connection, ids: list[str]) -> dict[str, np.ndarray]:
    """Stored representatives' hashed shingle sets by id (missing ones left out)."""
    out: dict[str, np.ndarray] = {}
    for part in _chunks(ids):
        marks = ",".join("?" * len(part))
        sql = f"SELECT a.id, s.hashes FROM articles a JOIN shingles s ON s.n = a.n WHERE a.id IN ({marks})"
        out.update((i, np.frombuffer(hashes, dtype="<u8")) for i, hashes in db.execute(sql, part))
    return out


def group(db: sqlite3.Connection, articles: Sequence[Article]) -> list[Article]:
    """The articles (signed: `minhash` set when the body is long enough) with their `dup_group`, recorded."""
    latest = list({a.id: a for a in articles}.values())
    known = _known(db, [a.id for a in latest])
    kept: dict[str, Article] = {}  # in the store with the same signature: nothing to write
    moved: list[Grouped] = []  # representatives with a new signature: keys and body refreshed
    for a in latest:
        stored = known.get(a.id)
        if stored is None:
            continue
        if (stored[0] or b"") == raw(a.minhash):
            kept[a.id] = a.model_copy(update={"dup_group": stored[1]})
        elif stored[1] == a.id:  # a representative stays one
            kept[a.id] = a.model_copy(update={"dup_group": a.id})
            moved.append(Grouped(kept[a.id], band_keys(a.minhash), None))
    rest = [a for a in latest if a.id not in kept]
    decided = group_with_keys(rest, lambda keys, limit: _lookup(db, keys, limit), lambda ids: _grams(db, ids))
    stale = {g.article.id: known[g.article.id][0] for g in moved}
    _record(db, decided + moved, stale)
    by_id = {**{g.article.id: g.article for g in decided}, **kept}
    return [by_id[a.id] for a in latest]


def _record(db: sqlite3.Connection, decided: list[Grouped], stale: dict[str, bytes | None]) -> None:
    """Write signatures and groups, representatives' band keys and hashed shingles (`grams`, computed here when
    grouping did not); `stale`: representatives' earlier signatures, whose band keys are removed first."""
    db.executemany(
        "INSERT INTO articles (id, sig, grp) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET sig = excluded.sig, "
        "grp = excluded.grp",
        ((a.id, raw(a.minhash) or None, a.dup_group or a.id) for a, _, _ in decided),
    )
    founders = [(a, keys, g) for a, keys, g in decided if keys and a.dup_group == a.id]
    if not founders and not stale:
        return
    rows = dict(_rows(db, [a.id for a, _, _ in founders] + sorted(stale)))
    db.executemany("DELETE FROM bands WHERE key = ? AND n = ?", ((k, rows[i]) for i, sig in stale.items()
                   for k in band_keys(base64.b64encode(sig).decode() if sig else "")))  # fmt: skip
    db.executemany("DELETE FROM shingles WHERE n = ?", ((rows[i],) for i in stale))
    db.executemany("INSERT OR IGNORE INTO bands (key, n) VALUES (?, ?)",
                   ((k, rows[a.id]) for a, keys, _ in founders for k in keys))  # fmt: skip
    db.executemany("INSERT OR REPLACE INTO shingles (n, hashes) VALUES (?, ?)",
                   ((rows[a.id], (grams(a.body) if g is None else g).tobytes()) for a, _, g in founders))  # fmt: skip


def _rows(db: sqlite3.Connection, ids: list[str]) -> Iterable[tuple[str, int]]:
    for part in _chunks(ids):
        marks = ",".join("?" * len(part))
        yield from db.execute(f"SELECT id, n FROM articles WHERE id IN ({marks})", part)


def rebuild(db: sqlite3.Connection, stored: Iterable[Article]) -> int:
    """Refill the grouping tables from stored articles (their signature and group); returns how many."""
    n = 0
    batch: list[Grouped] = []
    for article in stored:
        valid = decode(article.minhash) is not None if article.minhash else False
        group_id = article.dup_group or article.id
        batch.append(Grouped(article.model_copy(update={"dup_group": group_id}),
                             band_keys(article.minhash) if valid and group_id == article.id else [], None))  # fmt: skip
        if len(batch) >= 5_000:
            _record(db, batch, {})
            n, batch = n + len(batch), []
    _record(db, batch, {})
    return n + len(batch)
