"""An index holding one story republished 13 times (4 copies on its own portal, 9 on two others) and one lone story."""

from __future__ import annotations

from pathlib import Path

from core.article import Article
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.pipeline import open_pipeline
from tests.indexer.neardup_corpus import article, story
from tests.search_api.article_data import SOURCES

COPIES = [("portal-a", n) for n in range(1, 5)] + [("portal-b", n) for n in range(5, 10)]
COPIES += [("portal-c", n) for n in range(10, 14)]  # the newest copy (day 14) is on portal-c


def group() -> tuple[Article, list[Article], Article]:
    """(the original on portal-a, its copies oldest first, a lone story)."""
    original = article("goc", story(61), day=1, source="portal-a")
    copies = [article(f"ban-{n}", f"{story(61)}\n\nNguồn: bản đăng lại số {n}", 1 + n, src) for src, n in COPIES]
    return original, copies, article("rieng", story(62), day=20, source="portal-b")


def build(data_dir: Path) -> Settings:
    """Settings whose index holds `group()`, the original loaded in an earlier run than its copies."""
    data_dir.mkdir(parents=True, exist_ok=True)
    sources = data_dir / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    settings = Settings(data_dir=data_dir, backend="tantivy", sources_file=sources)
    original, copies, lone = group()
    backend = TantivyBackend(settings.index_dir)
    pipeline = open_pipeline(settings, backend)  # groups the copies with the original, as a crawl would
    pipeline.index([original])
    pipeline.index([*copies, lone])
    pipeline.close()
    backend.close()
    return settings
