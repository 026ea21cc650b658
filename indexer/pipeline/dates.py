"""Dates stage: the per-host build-stamp rule (cleaner.buildstamp) judged over each host's whole history.

The store keeps the date each article's page showed (`shown`) and each host's stamp day in force (`stamps`).
A batch adds its articles' shown dates, then each of its hosts is judged on all the host's shown days, so an
article's date does not depend on where a batch broke. When a host's stamp day changes, the articles of that host
stored earlier with the old or new day are handed back (`Dated.earlier`: ids) to be re-dated and stored again.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import NamedTuple

from cleaner.buildstamp import host_of, local_day, redated, stamp_day
from core.article import Article


class Dated(NamedTuple):
    """A batch's articles with their dates, and earlier articles whose date the batch changed (re-dated)."""

    articles: list[Article]
    earlier: list[Article]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _shown(db: sqlite3.Connection, ids: list[str]) -> dict[str, datetime | None]:
    """Shown dates recorded for these ids."""
    out: dict[str, datetime | None] = {}
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        rows = db.execute(f"SELECT id, published FROM shown WHERE id IN ({','.join('?' * len(part))})", part)
        out.update((a, datetime.fromisoformat(p) if p else None) for a, p in rows)
    return out


def date_batch(
    db: sqlite3.Connection, articles: list[Article], stored: Callable[[list[str]], Iterable[Article]]
) -> Dated:
    """Record the batch's shown dates, judge its hosts again, and date the batch (and re-date earlier articles).

    `stored(ids)` reads articles already in the index (those a changed stamp day re-dates)."""
    hosts = [host_of(a.url) for a in articles]
    db.executemany(
        "INSERT OR REPLACE INTO shown (id, host, day, published, url) VALUES (?, ?, ?, ?, ?)",
        ((a.id, host, local_day(a.published).isoformat() if a.published else None,
          a.published.isoformat() if a.published else None, a.url) for a, host in zip(articles, hosts, strict=True)),
    )  # fmt: skip
    stamps: dict[str, date | None] = {}
    changed: list[tuple[str, list[str]]] = []  # host, its days whose articles change date
    for host in sorted(set(hosts)):
        counts = Counter({date.fromisoformat(d): n for d, n in db.execute(
            "SELECT day, COUNT(*) FROM shown WHERE host = ? AND day IS NOT NULL GROUP BY day", (host,))})  # fmt: skip
        new = stamp_day(counts)
        row = db.execute("SELECT day FROM stamps WHERE host = ?", (host,)).fetchone()
        old = _day(row[0]) if row else None
        stamps[host] = new
        if new != old:
            db.execute("INSERT OR REPLACE INTO stamps (host, day) VALUES (?, ?)",
                       (host, new.isoformat() if new else ""))  # fmt: skip
            changed.append((host, [d.isoformat() for d in (old, new) if d is not None]))
    batch_ids = {a.id for a in articles}
    again: list[str] = []
    for host, days in changed:
        marks = ",".join("?" * len(days))
        rows = db.execute(f"SELECT id FROM shown WHERE host = ? AND day IN ({marks})", (host, *days))
        again.extend(i for (i,) in rows if i not in batch_ids)
    dated = [redated(a, a.published, stamps[host]) for a, host in zip(articles, hosts, strict=True)]
    shown = _shown(db, again)
    earlier = [redated(a, shown.get(a.id), stamps[host_of(a.url)]) for a in stored(again)] if again else []
    return Dated(dated, earlier)
