"""After a crash: known articles of the crashed run that are neither in the index nor spooled become unknown
again, so this run fetches them (the crawl state never claims what the index lacks)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from core.settings import Settings
from crawler.state import CrawlState

log = logging.getLogger(__name__)
MARKER = "crawl.running"


def spooled_ids(spool_dir: Path) -> set[str]:
    """Ids of the articles waiting in spool files (durable: the next load indexes them)."""
    from indexer.spool import SPOOL_GLOB, payloads

    ids: set[str] = set()
    for path in spool_dir.glob(SPOOL_GLOB):
        for _, payload in payloads(path.read_bytes()):
            try:
                ids.add(str(json.loads(payload or b"")["id"]))
            except (ValueError, KeyError, TypeError):  # a damaged record: its page is fetched again
                continue
    return ids


def reconcile(settings: Settings, since: datetime) -> int:
    """Forget known articles fetched since `since` whose id is missing from the index and the spool."""
    from indexer.factory import get_backend

    state = CrawlState(settings.state_path)
    backend = get_backend(settings)
    try:
        backend.ensure_schema()
        spooled = spooled_ids(settings.spool_dir)
        missing = [url for url, aid in state.articles_since(since) if aid not in spooled and backend.get(aid) is None]
        state.forget(missing)
    finally:
        backend.close()
        state.close()
    if missing:
        log.warning("%d known articles were missing from the index after a crash; fetching them again", len(missing))
    return len(missing)


def start_run(settings: Settings) -> int:
    """Recover from a crashed run (if its marker is there) or from damaged spool records (a `.bad` spool file not
    reconciled yet: every known article is checked, since a spool's records may be older than its name says), then
    leave this run's marker; returns the re-queued."""
    marker = settings.data_dir / MARKER
    recovered = 0
    bad = sorted(settings.spool_dir.glob("spool-*.bad")) if settings.spool_dir.is_dir() else []
    if marker.is_file() or bad:
        try:
            since = datetime.fromisoformat(marker.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            since = datetime.fromtimestamp(0, UTC)
        recovered = reconcile(settings, datetime.fromtimestamp(0, UTC) if bad else since)
        for path in bad:  # kept for inspection, not reconciled again
            path.rename(path.with_name(path.name + ".reconciled"))
    marker.write_text(datetime.now(UTC).isoformat() + "\n", encoding="utf-8")
    return recovered


def end_run(settings: Settings) -> None:
    """The run ended by itself (finished, or shut down gracefully): no recovery needed next time."""
    (settings.data_dir / MARKER).unlink(missing_ok=True)
