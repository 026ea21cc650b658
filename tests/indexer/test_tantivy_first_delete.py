"""A fresh writer's first delete survives a merge that was pending when the writer opened (after a SIGKILL).

tantivy 0.27 gives a fresh writer's first operation the opstamp of the last commit; a merge started before the
writer's first commit skips that operation for a segment whose deletes carry the same opstamp and still takes the
cursor past it (docs/upstream/tantivy-deleted-doc-resurrected.md). The backend burns that opstamp on a delete that
matches nothing. The setup is real: a child process builds the segments and SIGKILLs itself right after the commit
that makes the 8th segment, so a merge is pending in the index it leaves, as after a killed crawl.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tantivy

from core.article import Article
from core.search import BackendUnavailable
from indexer.backends.tantivy_backend import TantivyBackend
from tests.support.corpus import make_articles

BUILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from indexer.backends.tantivy_backend import TantivyBackend
    from indexer.backends.tantivy_schema import to_document
    from tests.support.corpus import make_articles

    backend = TantivyBackend(Path(sys.argv[1]), writer_threads=1)
    articles = list(make_articles(63))
    backend.upsert(articles[:3])  # segment S: x, y, z
    for r in range(6):  # six larger segments: S is not the first of the merge
        backend.upsert(articles[3 + 10 * r : 13 + 10 * r])
    y = articles[1]
    writer = backend.index.writer(heap_size=15_000_000, num_threads=1)
    writer.delete_documents_by_term("id", y.id)  # S gets deletes in this commit
    writer.add_document(to_document(y.model_copy(update={"title": y.title + " (sửa)"})))
    writer.commit()  # the 8th segment: a merge starts
    os.kill(os.getpid(), signal.SIGKILL)  # the crawl is killed before that merge ends
    """
)


def _killed_with_a_merge_pending(index: Path) -> None:
    """Build the index in a child that is SIGKILLed right after its last commit; retried if the merge won the race."""
    root = Path(__file__).resolve().parents[2]
    for _ in range(3):
        subprocess.run([sys.executable, "-c", BUILD, str(index)], cwd=root, check=False, timeout=120)
        meta = json.loads((index / "meta.json").read_bytes())
        with_deletes = [s for s in meta["segments"] if s["deletes"]]
        if len(meta["segments"]) == 8 and with_deletes and with_deletes[0]["deletes"]["opstamp"] == meta["opstamp"]:
            return
        for path in index.iterdir():
            path.unlink()
    pytest.fail("the merge ended before the kill three times: the setup did not happen")


def _copies(index: Path, article_id: str) -> int:
    backend = TantivyBackend(index)
    query = tantivy.Query.term_query(backend.schema, "id", article_id)
    return len(backend.index.searcher().search(query, limit=10).hits)


@pytest.mark.parametrize("session", [False, True], ids=["upsert", "loading-session"])
def test_an_upsert_after_a_kill_leaves_one_copy_without_the_guard(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, session: bool
) -> None:
    index = tmp_path / "index"
    _killed_with_a_merge_pending(index)
    x: Article = next(iter(make_articles(63)))  # the same articles as the build
    backend = TantivyBackend(index, writer_threads=1)
    caplog.set_level(logging.ERROR, logger="indexer.backends.tantivy_backend")
    revised = x.model_copy(update={"title": x.title + " (sửa)"})
    if session:
        with backend.bulk():
            backend.upsert([revised])  # the session's first operation deletes x: the merge is pending
    else:
        backend.upsert([revised])
    # the stored-once guard repairs a duplicate and logs it: no log means the upsert itself left one copy
    assert not [r for r in caplog.records if "twice" in r.getMessage()], caplog.text
    assert _copies(index, x.id) == 1
    assert backend.count() == 63
    got = backend.get(x.id)
    assert got is not None
    assert got.title == revised.title


def test_a_rolled_back_writer_spends_its_first_opstamp_too(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A failed commit rolls the session's writer back: a fresh writer again, whose stamper restarts at the last
    commit's opstamp. The failure is injected (a commit cannot be made to fail on time otherwise): delete files of
    the opstamps the commit will reach are put in its way after the writer opened, so tantivy refuses to overwrite
    them (FileAlreadyExists), as it did with a killed commit's leftovers; the rollback removes them."""
    index = tmp_path / "index"
    _killed_with_a_merge_pending(index)
    meta = json.loads((index / "meta.json").read_bytes())
    stamped = next(s for s in meta["segments"] if s["deletes"])["segment_id"].replace("-", "")
    x: Article = next(iter(make_articles(63)))
    revised = x.model_copy(update={"title": x.title + " (sửa)"})
    backend = TantivyBackend(index, writer_threads=1)
    caplog.set_level(logging.ERROR, logger="indexer.backends.tantivy_backend")
    with backend.bulk():
        for opstamp in range(meta["opstamp"] + 1, meta["opstamp"] + 10):
            (index / f"{stamped}.{opstamp}.del").write_bytes(b"")
        with pytest.raises(BackendUnavailable):
            backend.upsert([revised])
        backend.upsert([revised])  # the load's retry, on the rolled-back writer, with the merge still pending
    assert not [r for r in caplog.records if "twice" in r.getMessage()], caplog.text
    assert _copies(index, x.id) == 1
    assert backend.count() == 63
