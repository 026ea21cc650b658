"""Deterministic reproduction: a fresh writer's first delete is lost by a merge that starts before its first commit.

Only tantivy-py. A fresh `IndexWriter` starts its stamper at meta.json's opstamp K, so its first operation gets
opstamp K, the opstamp of the last commit. A merge of committed segments started before the writer's first commit
has target opstamp K too. In `merge()` (tantivy 0.27.0, src/indexer/segment_updater.rs:85-120) `advance_deletes`
(src/indexer/index_writer.rs:131-180) applies the delete queue up to K to each source segment, except that a segment
whose delete opstamp already equals K returns early (index_writer.rs:136) and skips operation K; the merged segment
then takes the delete cursor of the first source segment (segment_updater.rs:107), which did consume operation K,
so `end_merge` (segment_updater.rs:662) never re-applies it. A document deleted by that first operation, living in a
segment that got deletes in commit K, is live again in the merged segment.

The setup needs a merge pending when the writer opens: a process killed right after a commit that made the 8th
segment (LogMergePolicy merges 8 of a level) leaves exactly that; so does a writer dropped without
`wait_merging_threads` (`--no-kill`, one process). Steps:
1. a child process builds S = {x, y, z} and 6 larger segments, then a last commit deletes y (S gets deletes at opstamp
   K) and adds y2 (8 segments: a merge starts); it SIGKILLs itself right after that commit returns;
2. a new writer's first operation deletes x, then adds x2, commits and waits for the merges;
3. count the live documents with id x or x2: expected 1. `--burn` makes the first operation a delete of an id no
   document has (the workaround), so the delete of x gets opstamp K+1.

    python scripts/repro_tantivy_first_delete.py [--burn] [--no-kill] [--tries 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import tantivy

HEAP = 15_000_000


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("key", stored=True, tokenizer_name="raw")  # the article: x and x2 are one key
    return builder.build()


def add(writer: tantivy.IndexWriter, doc_id: str, key: str) -> None:
    writer.add_document(tantivy.Document(id=doc_id, key=key))


def build(path: Path, kill: bool) -> None:
    """Segments S={x,y,z}, R0..R5 (10 docs each); then delete y, add y2, commit, and SIGKILL at once (`kill`) or drop
    the writer without waiting for its merges (tantivy kills its segment updater: the merge is abandoned)."""
    index = tantivy.Index(schema(), path=str(path))
    writer = index.writer(heap_size=HEAP, num_threads=1)
    for doc_id in ("x", "y", "z"):
        add(writer, doc_id, doc_id)
    writer.commit()
    writer.wait_merging_threads()
    for r in range(6):
        writer = index.writer(heap_size=HEAP, num_threads=1)
        for j in range(10):
            add(writer, f"r{r}-{j}", f"r{r}-{j}")
        writer.commit()
        writer.wait_merging_threads()
    writer = index.writer(heap_size=HEAP, num_threads=1)
    writer.delete_documents_by_term("id", "y")
    add(writer, "y2", "y")
    writer.commit()  # the 8th segment: a merge starts in the background
    if kill:
        os.kill(os.getpid(), signal.SIGKILL)  # a crash before that merge ends
    del writer


def resume(path: Path, burn: bool) -> int:
    """Upsert x in a fresh writer (delete x, add x2); return how many documents of key x are live."""
    index = tantivy.Index(schema(), path=str(path), reuse=True)
    writer = index.writer(heap_size=HEAP, num_threads=1)
    if burn:
        writer.delete_documents_by_term("id", "\x00no document has this id")
    writer.delete_documents_by_term("id", "x")
    add(writer, "x2", "x")
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return len(index.searcher().search(tantivy.Query.term_query(index.schema, "key", "x"), limit=10).hits)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--burn", action="store_true", help="first operation of the writer: a delete matching nothing")
    parser.add_argument("--tries", type=int, default=20)
    parser.add_argument("--no-kill", action="store_true", help="one process: the writer dropped without waiting")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, kill=True)
        return 0
    missed = "setup missed (the merge ended first)"
    outcomes = {"resurrected": 0, "correct": 0, missed: 0}
    for _ in range(args.tries):
        path = Path(tempfile.mkdtemp(prefix="tantivy-first-delete-"))
        try:
            if args.no_kill:
                build(path, kill=False)
            else:
                subprocess.run([sys.executable, __file__, "--build", str(path)], check=False)
            meta = json.loads((path / "meta.json").read_bytes())
            if len(meta["segments"]) != 8:
                outcomes[missed] += 1
                continue
            live = resume(path, args.burn)
            outcomes["resurrected" if live > 1 else "correct"] += 1
            if live > 1 and outcomes["resurrected"] == 1:
                print(f"first case: key x has {live} live documents; index kept in {path}")
                path = Path()  # keep it
        finally:
            if path != Path():
                shutil.rmtree(path, ignore_errors=True)
    print(f"{getattr(tantivy, '__version__', '?')}, burn={args.burn}, kill={not args.no_kill}: {outcomes}")
    return 1 if outcomes["resurrected"] else 0


if __name__ == "__main__":
    sys.exit(main())
