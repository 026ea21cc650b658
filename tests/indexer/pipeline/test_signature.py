"""indexer.pipeline.signature: a valid signature from extraction is reused; a missing or malformed one computed."""

from __future__ import annotations

from indexer.neardup import signature
from indexer.pipeline.signature import sign
from tests.indexer.neardup_corpus import article, story


def test_signatures_are_reused_when_valid_and_computed_otherwise() -> None:
    body = story(3)
    carried = article("co", body, day=1).model_copy(update={"minhash": signature(story(4))})  # valid: kept as is
    missing = article("thieu", body, day=1)
    bad = article("hong", body, day=1).model_copy(update={"minhash": "not base64!"})
    short = article("ngan", "Xem file đính kèm.", day=1)
    out = sign([carried, missing, bad, short])
    assert [a.minhash for a in out] == [signature(story(4)), signature(body), signature(body), ""]
    assert out[0] is carried
