"""The benchmark corpus: the simulator's generated articles as core Articles, written once to JSONL shards.

    python -m benchmarks.scale_corpus --count 1000000 --out /tmp/govnews-bench/corpus-1000000

Generation runs in `--workers` processes (one shard each) and is timed on its own; the benchmark then reads
the shards back, so every backend and baseline indexes exactly the same documents and generation cost is
never counted as indexing cost.

Each article carries its MinHash signature (`Article.minhash`), as a crawl's articles do: the crawl's extraction
workers sign what they extract (crawler.sink.extract_page), so the load only verifies. A corpus written before
that is signed by a post-pass (`sign`, one process per shard) that also times the signing alone: the cost the
crawl's workers pay per article, reported as signing docs/s per core.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from core.article import Article, DirectiveRef
from core.ids import article_id
from indexer.neardup import signed
from simulator.banks import current_unit
from simulator.corpus import Corpus, SimArticle

DONE = "done.json"


@lru_cache(maxsize=4096)
def _directive(key: str) -> DirectiveRef | None:
    """The reference the cleaner would extract for a cited key (parsed once per distinct key)."""
    from cleaner.config import bundled
    from cleaner.directives import extract_directives

    refs = extract_directives(key, citations=bundled().citations)  # the simulator's sites cite the shipped registry
    return refs[0] if refs else None


def to_article(corpus: Corpus, sim: SimArticle) -> Article:
    """What a correct crawl and clean of the simulated page yields (the simulator's ground truth)."""
    site = corpus.sites[sim.article_no % len(corpus.sites)]
    url = f"https://{site.id}.sim.gov.vn/tin-tuc/{sim.category}/{sim.article_no}.html"
    current = _current(corpus, sim.province_code)
    directives = [d for d in (_directive(k) for k in dict.fromkeys(sim.directive_keys)) if d is not None]
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id=site.id,
        title=sim.title,
        published=sim.published,
        author=sim.author or None,
        body=sim.body,
        summary=sim.summary or None,
        province=current,
        province_at_publication=sim.province_code if sim.province_code != current else None,
        provinces_mentioned=[current],
        directives=directives,
        platform=site.platform,
    )


_CURRENT: dict[str, str] = {}


def _current(corpus: Corpus, code: str) -> str:
    """The post-2025 unit code of a (possibly former) province code."""
    if code not in _CURRENT:
        unit = next((p for p in corpus.banks.provinces if p.code == code), None)
        _CURRENT[code] = current_unit(unit).code if unit is not None else code
    return _CURRENT[code]


def generate(count: int, start: int, stop: int, seed: int = 0) -> Iterator[Article]:
    """Articles start..stop-1 of a `count`-article simulator corpus (fast path: no WordPress URL walk)."""
    corpus = Corpus(count, seed=seed)
    for i in range(start, stop):
        yield signed(to_article(corpus, corpus._draft(i)))


def _write_shard(args: tuple[int, int, int, int, str]) -> tuple[int, float]:
    count, start, stop, seed, path = args
    began = time.perf_counter()
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for article in generate(count, start, stop, seed):
            fh.write(article.model_dump_json() + "\n")
            n += 1
    return n, time.perf_counter() - began


def shards(out: Path) -> list[Path]:
    return sorted(out.glob("shard-*.jsonl"))


def ensure(count: int, out: Path, workers: int = 2, seed: int = 0, log: bool = True) -> dict[str, float]:
    """Write the corpus unless `out` already holds a complete one; return its generation figures."""
    done = out / DONE
    if done.exists():
        info: dict[str, float] = json.loads(done.read_text())
        if info.get("count") == count:
            if not info.get("signed"):
                info.update(sign(out, workers, log))
                done.write_text(json.dumps(info))
            return info
    out.mkdir(parents=True, exist_ok=True)
    for old in shards(out):
        old.unlink()
    bounds = [count * w // workers for w in range(workers + 1)]
    jobs = [(count, bounds[w], bounds[w + 1], seed, str(out / f"shard-{w:02d}.jsonl")) for w in range(workers)]
    began = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.map(_write_shard, jobs)
    wall = time.perf_counter() - began
    info = {
        "count": count,
        "wall_s": round(wall, 1),
        "articles_per_s": round(count / wall, 1),
        "per_process_articles_per_s": round(sum(n for n, _ in results) / sum(t for _, t in results), 1),
        "bytes": sum(p.stat().st_size for p in shards(out)),
        "signed": 1,
    }
    done.write_text(json.dumps(info))
    if log:
        print(f"corpus: {count:,} articles in {wall:.0f} s ({info['articles_per_s']:,.0f}/s, {workers} processes)")
    return info


def _sign_shard(path_name: str) -> tuple[int, float, float]:
    """Add signatures to one shard (rewritten through a temporary file); (articles, wall s, CPU s of signing)."""
    path = Path(path_name)
    began, signing, n = time.perf_counter(), 0.0, 0
    tmp = path.with_suffix(".signing")
    with path.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
        for line in src:
            article = Article.model_validate_json(line)
            t0 = time.process_time()
            article = signed(article)
            signing += time.process_time() - t0
            dst.write(article.model_dump_json() + "\n")
            n += 1
    tmp.replace(path)
    return n, time.perf_counter() - began, signing


def sign(out: Path, workers: int = 2, log: bool = True) -> dict[str, float]:
    """Sign an unsigned corpus in place, one process per shard; the figures of the signing alone."""
    began = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.map(_sign_shard, [str(p) for p in shards(out)])
    n, signing = sum(r[0] for r in results), sum(r[2] for r in results)
    info = {"signed": 1, "sign_wall_s": round(time.perf_counter() - began, 1),
            "signing_per_core_per_s": round(n / signing, 1) if signing else 0.0,
            "bytes": sum(p.stat().st_size for p in shards(out))}  # fmt: skip
    if log:
        print(f"corpus {out}: {n:,} articles signed in {info['sign_wall_s']:.0f} s "
              f"(signing alone {info['signing_per_core_per_s']:,.0f} articles/s per core)")  # fmt: skip
    return info


def read_lines(out: Path, limit: int | None = None) -> Iterator[str]:
    """The corpus as JSON lines, shard by shard, up to `limit`."""
    n = 0
    for path in shards(out):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and n >= limit:
                    return
                n += 1
                yield line


def read_articles(out: Path, limit: int | None = None) -> Iterator[Article]:
    for line in read_lines(out, limit):
        yield Article.model_validate_json(line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    print(ensure(args.count, args.out, args.workers))


if __name__ == "__main__":
    main()
