"""Near-duplicate detection on real pages: MinHash + LSH grouping (as indexed) vs 64-bit SimHash at <= 3 bits.

Run: python -m benchmarks.near_duplicates [--limit N]
Data: the real sotttt.hanoi article pages (shared/fixtures/sotttt-hanoi), each cleaned, and for each a copy
"republished" by another portal: the page rebuilt in another CMS's chrome on another host, with the title's
punctuation changed, the portal's header and source lines added to the text, and by turns one paragraph dropped
(the shortest after the first, when there are four or more) and one added. Both go through the cleaner, as a
crawl would see them. True pairs: (original, its copy), and pairs of originals that are the same story in the
mirror itself (HTTrack saved some pages twice; exact word-3-shingle Jaccard >= MIRROR_SAME), closed under
transitivity (a story's originals and copies are all pairwise the same story); every other pair is distinct.
MinHash pairs are those the indexing pipeline
(indexer.pipeline, over the real tantivy backend) puts in one group when the originals are loaded in one run and
the copies in a later one; SimHash pairs
are those within 3 bits (the usual k). Originals under the comparison floor (indexer.neardup.MIN_WORDS) are left
out and counted. Groups are scored too (purity against each representative, the largest group), and with
--simulator N the simulator's articles are grouped in one batch and its truly near-identical pairs named.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import itertools
import re
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import NotAnArticle
from cleaner.extract import extract
from core.article import Article
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.neardup import MIN_WORDS, SAME_STORY, assign_groups, band_keys, jaccard, shingles
from indexer.pipeline import Pipeline
from indexer.pipeline.grouping import group
from indexer.pipeline.signature import sign
from tests.cleaner.fixtures import article_pages, url_of

COPY_HOST = "http://127.0.0.2/tin-tuc/"  # "another portal"
SIMHASH_BITS = 3
MIRROR_SAME = 0.5  # exact Jaccard of mirror pages that are the same story: 0.66-1.0; the next highest is 0.39
_WORD = re.compile(r"\w+")
CHROME = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title} - Cổng thông tin điện tử
tỉnh Bắc Ninh</title></head><body><div id="header"><a href="/">Cổng thông tin điện tử tỉnh Bắc Ninh</a>
<ul class="menu"><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></div>
<div id="main"><div class="col-left"><h3>Tin mới</h3><ul><li><a href="/tin-tuc/a.html">Bắc Ninh đẩy mạnh cải cách
hành chính</a></li><li><a href="/tin-tuc/b.html">Hội nghị giao ban báo chí tháng 6</a></li></ul></div>
<div class="col-main"><div class="news-detail"><h1 class="title">{title}</h1>
<div class="date">Ngày đăng: {date}</div><div class="news-content">{body}</div>
<div class="share">Chia sẻ: Facebook | Zalo | In bài viết</div></div></div></div>
<div id="footer"><p>Cổng thông tin điện tử tỉnh Bắc Ninh. Cơ quan chủ quản: Ủy ban nhân dân tỉnh Bắc Ninh.</p>
<p>Địa chỉ: Số 10 Phó Đức Chính, thành phố Bắc Ninh. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
</div></body></html>"""
ADDED = ("Theo đánh giá của cơ quan chức năng, kết quả nêu trên là cơ sở để các địa phương tiếp tục triển khai "
         "đồng bộ các giải pháp trong thời gian tới, bảo đảm hiệu quả thiết thực và đúng tiến độ đề ra.")


def simhash(text: str, shingle: int = 3) -> int:
    """64-bit SimHash over lower-cased word 3-grams (BLAKE2b per shingle, all weights 1): the baseline, as the
    cleaner computed it before MinHash replaced it."""
    words = _WORD.findall(text.lower())
    grams = [" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    counts = [0] * 64
    for gram in grams:
        value = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            counts[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if counts[bit] > 0)


def republish(original: Article, n: int) -> str:
    """The original's text as another portal's page, with small edits (which ones depends on `n`)."""
    paras = original.body.split("\n\n")
    if n % 2 == 0 and len(paras) >= 4:  # a small edit: the shortest paragraph after the first goes
        del paras[min(range(1, len(paras)), key=lambda i: len(paras[i]))]
    if n % 3 != 0:
        paras.insert(min(2, len(paras)), ADDED)
    paras = ["(Cổng TTĐT Bắc Ninh) - " + paras[0], *paras[1:], "Nguồn: Sở Thông tin và Truyền thông Hà Nội"]
    title = original.title.replace(":", " -").rstrip(".") + ("!" if n % 2 else ".")
    date = original.published.strftime("%d/%m/%Y %H:%M") if original.published else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return CHROME.format(title=html.escape(title), date=date, body=body)


@dataclass
class Score:
    """Pair detection against the truth."""

    name: str
    found: int
    right: int
    truth: int

    @property
    def recall(self) -> float:
        return self.right / self.truth if self.truth else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    def row(self) -> str:
        return (f"{self.name:<26} recall {self.recall:.3f}  precision {self.precision:.3f}  "
                f"({self.right} of {self.truth} pairs found, {self.found - self.right} wrong)")


@dataclass
class Groups:
    """Group quality (not pairs): a group is pure when every member reaches SAME_STORY (exact word-3-shingle
    Jaccard) against the group's representative, the article whose id is the group's id."""

    count: int  # groups of two or more
    pure: int
    largest: int

    @property
    def purity(self) -> float:
        return self.pure / self.count if self.count else 1.0

    def row(self) -> str:
        return (f"groups of 2+: {self.count}, purity {self.purity:.3f} ({self.count - self.pure} impure), "
                f"largest {self.largest}")


def group_quality(grouped: list[Article]) -> Groups:
    """Purity and size of the groups that the articles' `dup_group` ids form."""
    members: dict[str, list[Article]] = defaultdict(list)
    for art in grouped:
        members[art.dup_group or art.id].append(art)
    grams = {a.id: shingles(a.body) for a in grouped}
    multi = {g: arts for g, arts in members.items() if len(arts) > 1}
    pure = sum(
        g in grams and all(jaccard(grams[g], grams[a.id]) >= SAME_STORY for a in arts if a.id != g)
        for g, arts in multi.items()
    )
    return Groups(len(multi), pure, max(map(len, members.values()), default=0))


@dataclass
class Report:
    """Everything one run measured."""

    originals: int
    short: int
    failed_copies: int
    mirror_pairs: int
    minhash: Score
    simhash: Score
    groups: Groups
    jaccard_same_min: float
    jaccard_distinct_max: float
    upsert_cpu: float  # CPU seconds to index the copies (a later run) through the pipeline
    grouping_cpu: float  # the grouping stage on them: store lookups and verification (measured on its own)


def build(limit: int | None = None) -> tuple[list[Article], list[Article], int, int]:
    """(originals, their copies in the same order, originals too short to compare, copies the cleaner rejected)."""
    originals: list[Article] = []
    short = 0
    for path in article_pages()[:limit]:
        try:
            art = extract(path.read_bytes(), url_of(path))
        except NotAnArticle:
            continue
        if len(_WORD.findall(art.body)) < MIN_WORDS:
            short += 1
            continue
        originals.append(art)
    kept: list[Article] = []
    copies: list[Article] = []
    failed = 0
    for n, art in enumerate(originals):
        try:
            copy = extract(republish(art, n).encode(), f"{COPY_HOST}{n}.html")
        except NotAnArticle:
            failed += 1
            continue
        kept.append(art)
        copies.append(copy)
    return kept, copies, short, failed


def _clusters(links: list[tuple[str, str]]) -> set[frozenset[str]]:
    """All pairs within the connected components of `links` (union-find)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[root(a)] = root(b)
    members: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        members[root(x)].append(x)
    return {frozenset(p) for ids in members.values() for p in itertools.combinations(ids, 2)}


def _score(name: str, found: set[frozenset[str]], truth: set[frozenset[str]]) -> Score:
    return Score(name, len(found), len(found & truth), len(truth))


def measure(limit: int | None = None) -> Report:
    """Build the set, group it with the real tantivy backend, and score both methods on every pair."""
    return score(*build(limit))


def score(originals: list[Article], copies: list[Article], short: int = 0, failed: int = 0) -> Report:
    """Score both methods on a built set (see `build`)."""
    everything = [*originals, *copies]
    grams = {a.id: shingles(a.body) for a in everything}

    def exact(x: str, y: str) -> float:
        return jaccard(grams[x], grams[y])

    same = [exact(a.id, b.id) for a, b in zip(originals, copies, strict=True)]
    mirror = {(a.id, b.id): exact(a.id, b.id) for a, b in itertools.combinations(originals, 2)}
    links = [(a.id, b.id) for a, b in zip(originals, copies, strict=True)]
    truth = _clusters(links + [pair for pair, j in mirror.items() if j >= MIRROR_SAME])
    with tempfile.TemporaryDirectory() as tmp:
        backend = TantivyBackend(Path(tmp) / "index")
        pipeline = Pipeline(backend, Path(tmp) / "pipeline.sqlite3", Path(tmp) / "spool")
        pipeline.index(originals)  # one nightly run
        grouping_cpu = _grouping_cpu(pipeline, copies)  # the grouping stage alone on the copies (rolled back)
        started = time.process_time()
        pipeline.index(copies)  # a later run: copies are found through the store's band keys
        upsert_cpu = time.process_time() - started
        stored = [backend.get(a.id) for a in everything]
        pipeline.close()
        backend.close()
    groups: dict[str, list[str]] = defaultdict(list)
    for art in stored:
        assert art is not None
        groups[art.dup_group or art.id].append(art.id)
    minhash_pairs = {frozenset(p) for ids in groups.values() for p in itertools.combinations(ids, 2)}
    hashes = {a.id: simhash(a.body) for a in everything}
    simhash_pairs = {
        frozenset((a.id, b.id))
        for a, b in itertools.combinations(everything, 2)
        if (hashes[a.id] ^ hashes[b.id]).bit_count() <= SIMHASH_BITS
    }
    distinct = [j for pair, j in mirror.items() if frozenset(pair) not in truth]
    return Report(
        mirror_pairs=sum(j >= MIRROR_SAME for j in mirror.values()),
        originals=len(originals),
        short=short,
        failed_copies=failed,
        minhash=_score("MinHash+LSH (indexed)", minhash_pairs, truth),
        simhash=_score(f"SimHash <= {SIMHASH_BITS} bits", simhash_pairs, truth),
        groups=group_quality([a for a in stored if a is not None]),
        jaccard_same_min=min(same, default=0.0),
        jaccard_distinct_max=max(distinct, default=0.0),
        upsert_cpu=upsert_cpu,
        grouping_cpu=grouping_cpu,
    )


class _RolledBack(Exception):
    """Ends a store transaction that only measured."""


def _grouping_cpu(pipeline: Pipeline, articles: list[Article]) -> float:
    """CPU seconds of the grouping stage over `articles` (signed first), its writes rolled back."""
    signed = sign(articles)
    started = time.process_time()
    with contextlib.suppress(_RolledBack), pipeline.store.batch() as db:
        group(db, signed)
        raise _RolledBack
    return time.process_time() - started


@dataclass
class Simulated:
    """The simulator corpus grouped in one run: group quality, and which of its articles are truly near-identical."""

    articles: int  # well-formed simulated articles
    grouped: int  # of which in a group of two or more
    groups: Groups
    identical_pairs: int  # pairs of articles at exact Jaccard >= SAME_STORY (among LSH candidate pairs)
    identical_articles: int  # articles in such a pair
    pair_recall: float  # share of those pairs that share a group
    grouping_cpu: float  # CPU seconds to group them all

    def rows(self) -> list[str]:
        return [
            f"simulator: {self.grouped} of {self.articles} well-formed simulated articles grouped; {self.groups.row()}",
            f"simulator: truly near-identical (exact word-3-shingle Jaccard >= {SAME_STORY}): {self.identical_pairs} "
            f"pairs, {self.identical_articles} articles; pair recall {self.pair_recall:.3f} (a pair whose two "
            "members joined different representatives is missed)",
            f"simulator: grouping {self.grouping_cpu:.2f} s CPU, "
            f"{1000 * self.grouping_cpu / max(1, self.articles):.2f} ms per article",
        ]


def simulator_grouped(count: int) -> Simulated:
    """Group `count` simulated articles in one batch, as the index would: every simulated article is its own story,
    but the generator's shared sentence pools make some truly near-identical; those pairs are found exactly
    among the pairs sharing an LSH band key (which holds pairs at 0.5 with 99% probability)."""
    from simulator.corpus import Corpus

    sims = [a for a in Corpus(count, 0).iter_articles() if a.kind == "ok"]
    articles = [
        Article(id=f"sim-{a.article_no}", url=f"http://sim/{a.article_no}", canonical_url=f"http://sim/{a.article_no}",
                title=a.title, body=a.body)
        for a in sims
    ]  # fmt: skip
    started = time.process_time()
    grouped = assign_groups(articles, lambda keys, limit: [], lambda ids: {})
    cpu = time.process_time() - started
    groups = Counter(a.dup_group for a in grouped)
    buckets: dict[int, list[Article]] = defaultdict(list)
    for art in grouped:
        for key in band_keys(art.minhash):
            buckets[key].append(art)
    candidates = {frozenset((a.id, b.id)) for arts in buckets.values() for a, b in itertools.combinations(arts, 2)}
    grams = {a.id: shingles(a.body) for a in grouped}
    group_of = {a.id: a.dup_group for a in grouped}
    identical = [pair for pair in candidates if jaccard(*(grams[x] for x in pair)) >= SAME_STORY]
    together = sum(len({group_of[x] for x in pair}) == 1 for pair in identical)
    return Simulated(
        articles=len(articles), grouped=sum(n for n in groups.values() if n > 1), groups=group_quality(grouped),
        identical_pairs=len(identical), identical_articles=len({x for pair in identical for x in pair}),
        pair_recall=together / len(identical) if identical else 1.0, grouping_cpu=cpu,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="read only the first N mirror pages")
    parser.add_argument("--simulator", type=int, default=0, metavar="N", help="also group N simulated articles")
    args = parser.parse_args()
    if args.simulator:
        print("\n".join(simulator_grouped(args.simulator).rows()))
    r = measure(args.limit)
    print(f"{r.originals} originals with copies ({r.short} under {MIN_WORDS} words left out, "
          f"{r.failed_copies} copies rejected by the cleaner); {r.mirror_pairs} same-story pairs within the mirror")
    print(r.minhash.row())
    print(r.simhash.row())
    print(f"MinHash+LSH (indexed) {r.groups.row()}")
    print(f"exact word-3-shingle Jaccard: copies >= {r.jaccard_same_min:.3f}, distinct originals <= "
          f"{r.jaccard_distinct_max:.3f}")
    print(f"indexing the {r.originals} copies through the pipeline: {r.upsert_cpu:.2f} s CPU; grouping stage "
          f"{r.grouping_cpu:.2f} s "
          f"({r.grouping_cpu / max(r.upsert_cpu, 1e-9):.0%}; {1000 * r.grouping_cpu / max(1, r.originals):.2f} ms "
          "per article)")


if __name__ == "__main__":
    main()
