"""indexer.pipeline.documents: what a backend is given always names its group and carries no malformed signature."""

from __future__ import annotations

from indexer.neardup import signature
from indexer.pipeline.documents import document
from tests.indexer.neardup_corpus import article, story


def test_a_document_always_has_a_group_and_a_valid_or_empty_signature() -> None:
    plain = article("mot", story(1), day=1)
    assert document(plain).dup_group == plain.id
    member = plain.model_copy(update={"dup_group": "goc", "minhash": signature(story(1))})
    assert document(member) is member
    assert document(plain.model_copy(update={"minhash": "AAAA"})).minhash == ""
