"""Signature stage: each article's MinHash (indexer.neardup), reused from extraction when present and valid."""

from __future__ import annotations

from collections.abc import Iterable

from core.article import Article
from indexer.neardup import decode, signed


def sign(articles: Iterable[Article]) -> list[Article]:
    """The articles, each with a valid `minhash` (computed when missing or malformed; "" for too-short bodies)."""
    return [a if a.minhash and decode(a.minhash) is not None else signed(a) for a in articles]
