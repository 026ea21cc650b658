"""Delete files a killed or failed tantivy commit left behind, which would make the next commits fail."""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)
META = "meta.json"


def committed_opstamp(index_dir: Path) -> int | None:
    """The opstamp of the index's last commit (meta.json), or None when there is no readable meta.json."""
    try:
        stamp = json.loads((index_dir / META).read_bytes())["opstamp"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return stamp if isinstance(stamp, int) else None


def drop_uncommitted_deletes(index_dir: Path) -> list[str]:
    """Remove `<segment>.<opstamp>.del` files newer than the last commit; return their names.

    A commit writes one such file per segment it deletes from, then rewrites meta.json. A writer killed (SIGKILL)
    between the two, or a commit that failed between them, leaves the files, and no meta.json names them. The next
    writer restarts its opstamps from meta.json, so its commit after the same number of operations reaches the same
    opstamp, and tantivy refuses to overwrite an existing file (FileAlreadyExists): that commit, and every retry of
    it, fails. No commit, past or present, names an opstamp above meta.json's, so these files are garbage. Call it
    only while holding the index's writer lock (no other writer can be writing one).
    """
    committed = committed_opstamp(index_dir)
    if committed is None:
        return []
    dropped = []
    for path in index_dir.glob("*.del"):
        parts = path.name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) > committed:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:  # the commit that meets it fails as before: retried, then spooled
                log.warning("cannot remove %s left by an unfinished commit: %s", path, exc)
                continue
            dropped.append(path.name)
    if dropped:
        log.warning("removed %d delete files of an unfinished commit in %s: %s", len(dropped), index_dir, dropped)
    return sorted(dropped)
