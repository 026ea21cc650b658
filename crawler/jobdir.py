"""The resumable queue Scrapy leaves in JOBDIR, sealed with checksums when a run stops, checked before the next."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger(__name__)
SEAL = "govnews-seal.json"  # relative path -> SHA-256 of every file Scrapy left, written after it stopped


def _sums(jobdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(jobdir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(jobdir.rglob("*"))
        if p.is_file() and not p.name.startswith(SEAL)
    }


def seal(jobdir: Path) -> None:
    """Record the checksum of each queue file (written whole, fsynced, then renamed): the next run trusts only this."""
    if not jobdir.is_dir():
        return
    tmp = jobdir / (SEAL + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(_sums(jobdir), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, jobdir / SEAL)


def problem(jobdir: Path) -> str | None:
    """None when the queue left in `jobdir` is as sealed (or there is none); else what is wrong with it."""
    if not jobdir.is_dir() or not any(jobdir.iterdir()):
        return None
    try:
        sealed = json.loads((jobdir / SEAL).read_text(encoding="utf-8"))
        if not isinstance(sealed, dict):
            return f"{SEAL} is not a table of checksums"
    except FileNotFoundError:
        return f"no {SEAL}: the run that left it was killed or stopped before sealing it"
    except (OSError, ValueError) as exc:
        return f"{SEAL} unreadable ({exc})"
    found = _sums(jobdir)
    bad = sorted(name for name in sealed.keys() | found.keys() if sealed.get(name) != found.get(name))
    return f"changed or cut since the run stopped: {', '.join(bad[:5])}" if bad else None


def drop_unsealed(jobdir: Path) -> list[str]:
    """Remove a queue that is not exactly as its run left it, which Scrapy would hang or crash on (the listings are
    revisited and the crawl state knows the articles, so nothing is lost). A queue with no seal is a killed run's:
    dropped quietly. One whose files differ from their seal was cut or overwritten: dropped, and named in the
    returned line. A sound queue keeps its files and loses its seal, which this run writes again when it stops."""
    why = problem(jobdir)
    if why is None:
        (jobdir / SEAL).unlink(missing_ok=True)
        return []
    sealed = (jobdir / SEAL).is_file()
    shutil.rmtree(jobdir, ignore_errors=True)
    if not sealed:
        log.warning("the previous crawl was killed; its pending queue was dropped (listings are revisited)")
        return []
    log.warning("the pending queue in %s was damaged (%s); dropped, listings are revisited", jobdir, why)
    return [f"jobs/{jobdir.name} (pending queue: {why})"]
