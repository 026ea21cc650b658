"""A document key read from a cut page never reaches a facet: checked where both backends build an article's
facet values (core.facets via core.doc_keys), here through a real tantivy index."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

import pytest

from cleaner.config import bundled
from cleaner.directives import extract_directives as _extract_directives
from core.article import Article
from core.ids import article_id
from core.search import SearchQuery
from indexer.backends.tantivy_backend import TantivyBackend
from tests.cleaner.fixtures import SEEDS

extract_directives = partial(_extract_directives, citations=bundled().citations)  # the shipped config/


VN = timezone(timedelta(hours=7))
# seed 004 cut mid-number, as the page of issue 15 was ("56/2017/N"): where, the key and issuer the cut yields,
# and the complete citations before it
CUTS = [("Nghị định số 20/2021/N", "20/2021/N", "N", set()),
        ("Nghị quyết số 68/NQ-C", "68/NQ-C", "C", {"20/2021/NĐ-CP"})]


def cut_seed(at: str) -> str:
    text = (SEEDS / "004_a2f6dc1cd352d19b.txt").read_text(encoding="utf-8")
    return text[: text.index(at) + len(at)]


@pytest.mark.parametrize(("at", "bad_key", "bad_issuer", "whole"), CUTS)
def test_a_key_cut_mid_number_is_stored_but_never_a_facet_value(
    tmp_path: Path, at: str, bad_key: str, bad_issuer: str, whole: set[str]
) -> None:
    body = cut_seed(at)
    refs = extract_directives(body, "hau-giang")  # read with no knowledge of the cut (an older cleaner, a spool)
    assert bad_key in [r.key for r in refs]  # the bad value really is in the article
    assert bad_issuer in [r.issuer for r in refs]
    url = "https://haugiang.gov.vn/tin/cut.html"
    article = Article(id=article_id(url), url=url, canonical_url=url, title="Hậu Giang: quyền trẻ em", body=body,
                      published=datetime(2022, 8, 25, 9, tzinfo=VN), province="can-tho", directives=refs)
    backend = TantivyBackend(tmp_path / "index")
    try:
        backend.ensure_schema()
        assert backend.upsert([article]).indexed == 1
        result = backend.search(SearchQuery(size=0, facets=("directive", "doc_type", "issuer")))
        directives = [b.value for b in result.facets["directive"]]
        issuers = [b.value for b in result.facets["issuer"]]
        assert bad_key not in directives
        assert bad_issuer not in issuers
        assert set(directives) == whole  # complete citations before the cut are still counted
        stored = backend.get(article.id)
        assert stored is not None
        assert [d.key for d in stored.directives] == [r.key for r in refs]  # stored as it came: nothing lost
    finally:
        backend.close()
