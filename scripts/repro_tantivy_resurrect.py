"""Brute-force search for a deleted tantivy document coming back: upserts (delete by term, add) under SIGKILLs.

Only tantivy-py. A child process upserts batches of ids into one on-disk index the way govnews's tantivy backend
does (a writer per session, delete-by-term then add, a commit per batch, `wait_merging_threads` at the session's
end, the progress mark written only after that, so a killed run re-upserts its last batch, as a crawl does); the
parent SIGKILLs it at random points and, after every kill and at the end, counts the live documents of each id. An
id held twice is a resurrected (or never deleted) document. The child also checks after each session (in-process,
after the merges), as the backend's guard does.

    python scripts/repro_tantivy_resurrect.py --seconds 300 --dir /tmp/resurrect          # SIGKILL mode
    python scripts/repro_tantivy_resurrect.py --seconds 120 --kills 0 --dir /tmp/resurrect  # no kill at all
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import tantivy

BATCH = 20  # articles per upsert (the kill test's GOVNEWS_INDEX_BATCH)
NEW_PER_BATCH = 16  # the rest re-upserts earlier ids (revisits, re-fetched pages)
WORDS = [f"w{i}" for i in range(3000)]


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", stored=True)
    builder.add_integer_field("run", stored=True)
    return builder.build()


def open_index(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(schema(), path=str(path), reuse=True)


def batch_ids(pos: int, seed: int, recent: int) -> list[str]:
    """The ids of batch `pos`: some earlier ones again (of the last `recent` batches; 0: of all), then new ones (the
    same ids for the same pos in every run)."""
    rng = random.Random(seed * 1_000_003 + pos)
    low = max(0, pos - recent) * NEW_PER_BATCH if recent else 0
    ids = [f"a{rng.randrange(low, pos * NEW_PER_BATCH)}" for _ in range(BATCH - NEW_PER_BATCH)] if pos else []
    return list(dict.fromkeys(ids + [f"a{pos * NEW_PER_BATCH + j}" for j in range(NEW_PER_BATCH)]))


def drop_uncommitted_deletes(path: Path) -> None:
    """govnews's cleanup (indexer/backends/tantivy_files.py): `.del` files above meta.json's opstamp are removed."""
    try:
        committed = json.loads((path / "meta.json").read_bytes())["opstamp"]
    except (OSError, ValueError, KeyError):
        return
    for file in path.glob("*.del"):
        parts = file.name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) > committed:
            file.unlink(missing_ok=True)


def stored_more_than_once(index: tantivy.Index, ids: list[str]) -> list[tuple[str, int]]:
    index.reload()
    searcher = index.searcher()
    out = []
    for i in ids:
        n = len(searcher.search(tantivy.Query.term_query(index.schema, "id", i), limit=10).hits)
        if n > 1:
            out.append((i, n))
    return out


def child(path: Path, run: int, seed: int, drop: bool, heap: int, session: int, burn: bool, recent: int) -> None:
    """Upsert batch after batch, forever (until killed or `--batches` are done)."""
    index = open_index(path)
    progress = path.parent / "progress.json"
    pos = json.loads(progress.read_text())["pos"] if progress.exists() else 0
    rng = random.Random(seed * 7 + run)
    while True:
        writer = index.writer(heap_size=heap, num_threads=2)
        if drop:
            drop_uncommitted_deletes(path)
        if burn:  # govnews's workaround: the fresh writer's first opstamp goes to a delete matching nothing
            writer.delete_documents_by_term("id", "\x00")
        written: list[str] = []
        for _ in range(rng.randint(1, session)):  # 1: a crawl's load per batch; more: a reprocess session
            ids = batch_ids(pos, seed, recent)
            for article_id in ids:
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 400)))
                writer.delete_documents_by_term("id", article_id)
                writer.add_document(tantivy.Document(id=article_id, body=body, run=run))
            writer.commit()
            index.reload()
            written += ids
            pos += 1
        writer.wait_merging_threads()
        twice = stored_more_than_once(index, written)
        if twice:
            print(f"IN-PROCESS run={run} pos={pos}: stored twice {twice}", flush=True)
        tmp = progress.with_suffix(".tmp")
        tmp.write_text(json.dumps({"pos": pos}))
        tmp.replace(progress)


def census(path: Path) -> tuple[int, list[tuple[str, list[int]]]]:
    """(live documents, ids held more than once with the run of each copy)."""
    index = open_index(path)
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    runs: dict[str, list[int]] = {}
    for _, addr in hits:
        doc = searcher.doc(addr)
        runs.setdefault(str(doc.get_first("id")), []).append(int(doc.get_first("run") or -1))
    counts = Counter({i: len(r) for i, r in runs.items()})
    return searcher.num_docs, [(i, runs[i]) for i, n in counts.items() if n > 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/tantivy-resurrect"))
    parser.add_argument("--seconds", type=float, default=300, help="wall-clock budget")
    parser.add_argument("--kills", type=int, default=10_000, help="0: one run, never killed, for --seconds")
    parser.add_argument("--min-delay", type=float, default=0.3, help="a run lives this long at least (s)")
    parser.add_argument("--max-delay", type=float, default=3.0)
    parser.add_argument("--recent", type=int, default=0, help="re-upsert ids of the last N batches only (0: any)")
    parser.add_argument("--burn", action="store_true", help="a fresh writer's first operation deletes nothing")
    parser.add_argument("--no-drop", action="store_true", help="skip govnews's removal of uncommitted .del files")
    parser.add_argument("--heap", type=int, default=64_000_000)
    parser.add_argument("--session", type=int, default=4, help="at most this many batches per writer session")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    index_dir = args.dir / "index"
    if args.child is not None:
        child(index_dir, args.child, args.seed, not args.no_drop, args.heap, args.session, args.burn, args.recent)
        return 0
    shutil.rmtree(args.dir, ignore_errors=True)
    args.dir.mkdir(parents=True)
    rng = random.Random(args.seed)
    started, kills, found, seen = time.monotonic(), 0, 0, 0
    base = [sys.executable, __file__, "--dir", str(args.dir), "--seed", str(args.seed), "--heap", str(args.heap),
            "--session", str(args.session)]
    base += ["--no-drop"] if args.no_drop else []
    base += ["--burn"] if args.burn else []
    base += ["--recent", str(args.recent)]
    run = 0
    while time.monotonic() - started < args.seconds:
        run += 1
        proc = subprocess.Popen([*base, "--child", str(run)], stdout=subprocess.PIPE, text=True)
        if args.kills == 0:
            time.sleep(args.seconds)
        else:
            time.sleep(rng.uniform(args.min_delay, args.max_delay))
        proc.send_signal(signal.SIGKILL if args.kills else signal.SIGTERM)
        out, _ = proc.communicate()
        if out.strip():
            print(out.strip(), flush=True)
            seen += out.count("IN-PROCESS")
        kills += 1 if args.kills else 0
        try:
            docs, twice = census(index_dir)
        except ValueError as exc:  # an index the kill left unreadable: worth knowing too
            print(f"after run {run}: index unreadable: {exc}", flush=True)
            return 2
        if twice:
            found += 1
            print(f"after run {run} (killed: {bool(args.kills)}): {docs} docs, stored twice: {twice[:10]}", flush=True)
            shutil.copytree(index_dir, args.dir / f"evidence-run-{run}")
            shutil.rmtree(args.dir / "index")
            (args.dir / "progress.json").unlink(missing_ok=True)
        if args.kills and kills >= args.kills:
            break
    docs, _ = census(index_dir)
    progress = args.dir / "progress.json"
    pos = json.loads(progress.read_text())["pos"] if progress.exists() else 0
    print(f"runs {run}, SIGKILLs {kills}, batches marked done {pos}, docs {docs}, "
          f"indexes holding an id twice {found}, in-process checks that saw one {seen}, "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    return 1 if found or seen else 0


if __name__ == "__main__":
    sys.exit(main())
