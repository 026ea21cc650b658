"""`govnews documents top`: the most-cited documents that config/directives.yaml lacks, for an editor to add titles."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from cleaner.config import CleanerConfig
from cleaner.directives import Citations, cited_spans
from cleaner.relations import sentences
from core.article import Article
from core.config import load_directives
from core.search import BackendUnavailable, SearchBackend, SearchQuery
from core.settings import Settings

SAMPLE_CHARS = 300  # the sample sentence is cut to this many characters in the plain-text table


@dataclass(frozen=True)
class Untracked:
    """One cited document the registry lacks: how many articles cite it, what it is, and where one says so."""

    key: str
    articles: int
    doc_type_name: str | None
    issuer: str | None
    scope: str | None
    implemented_by: int  # articles stating that some document implements it
    sample_sentence: str
    sample_url: str


def _sample(article: Article, key: str, citations: Citations) -> str:
    """The first sentence of the article that cites `key` (its title often follows the number)."""
    text = "\n\n".join(x for x in (article.title, article.summary or "", article.body) if x)
    unit = next((d.scope for d in article.directives if d.key == key), None)
    norm, spans = cited_spans(text, unit or article.province_at_publication or article.province, citations)
    for start, end in sentences(text, norm):
        if any(ref.key == key and start <= s < end for s, _, ref in spans):
            return norm[start:end]
    return article.title


def top_untracked(backend: SearchBackend, citations: Citations, limit: int) -> list[Untracked]:
    """The `limit` documents cited by the most articles whose key is not in the registry, most cited first."""
    known = citations.by_key
    wanted = limit + len(known)  # the top `wanted` buckets hold the top `limit` unknown ones
    counted = backend.search(SearchQuery(size=0, facets=("directive", "implements"),
                                         facet_sizes={"directive": wanted, "implements": wanted}))
    implemented = {b.value: b.count for b in counted.facets.get("implements", [])}
    out: list[Untracked] = []
    for bucket in [b for b in counted.facets["directive"] if b.value not in known][:limit]:
        first = backend.search(SearchQuery(directive=[bucket.value], sort="oldest", size=1, facets=()))
        article = backend.get(first.hits[0].id) if first.hits else None
        ref = next((d for d in article.directives if d.key == bucket.value), None) if article else None
        out.append(Untracked(
            key=bucket.value, articles=bucket.count, doc_type_name=ref.doc_type_name if ref else None,
            issuer=ref.issuer if ref else None, scope=ref.scope if ref else None,
            implemented_by=implemented.get(bucket.value, 0),
            sample_sentence=_sample(article, bucket.value, citations) if article else "",
            sample_url=article.url if article else "",
        ))  # fmt: skip
    return out


def table(rows: list[Untracked]) -> str:
    """Plain text: one line per document (articles, key, type, implementing articles), the sample sentence below."""
    if not rows:
        return "Không có văn bản nào được trích dẫn mà chưa có trong config/directives.yaml."
    width = max(len(r.key) for r in rows)
    lines = [f"{'bài':>6}  {'văn bản':<{width}}  {'loại':<12} {'thực hiện':>9}  câu mẫu / bài đầu tiên"]
    for r in rows:
        sample = r.sample_sentence if len(r.sample_sentence) <= SAMPLE_CHARS else r.sample_sentence[:SAMPLE_CHARS] + "…"
        kind = r.doc_type_name or "-"
        lines.append(f"{r.articles:>6}  {r.key:<{width}}  {kind:<12} {r.implemented_by:>9}  {sample}")
        lines.append(f"{'':>6}  {'':<{width}}  {'':<12} {'':>9}  {r.sample_url}")
    return "\n".join(lines)


def run_documents_top(settings: Settings, args: argparse.Namespace) -> int:
    """Print the list (plain text or --json); 1 when the search backend cannot be reached."""
    from indexer.factory import get_backend

    config = CleanerConfig.load(settings.config_dir)
    citations = (Citations.build(load_directives(Path(args.directives)), config.places) if args.directives
                 else config.citations)
    backend = get_backend(settings)
    try:
        rows = top_untracked(backend, citations, args.limit)
    except BackendUnavailable as exc:
        print(f"govnews: documents top failed: {exc}", file=sys.stderr)
        return 1
    finally:
        backend.close()
    print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) if args.json else table(rows))
    return 0
