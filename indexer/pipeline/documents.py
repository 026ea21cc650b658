"""Document building stage: an Article as every backend stores it (its group set, malformed signatures dropped)."""

from __future__ import annotations

from core.article import Article
from indexer.neardup import decode


def document(article: Article) -> Article:
    """The article as stored: `dup_group` always set (its own id when alone), `minhash` valid or empty."""
    update: dict[str, str] = {}
    if not article.dup_group:
        update["dup_group"] = article.id
    if article.minhash and decode(article.minhash) is None:
        update["minhash"] = ""
    return article.model_copy(update=update) if update else article
