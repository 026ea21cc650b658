"""core.doc_keys: which document keys and issuers may reach a facet; every key the cleaner reads from the seeds
passes, a key or issuer cut from a page's tail does not."""

from __future__ import annotations

from functools import partial

import pytest

from cleaner.config import bundled
from cleaner.directives import extract_directives as _extract_directives
from core.doc_keys import well_formed_issuer, well_formed_key
from tests.cleaner.fixtures import SEEDS

extract_directives = partial(_extract_directives, citations=bundled().citations)  # the shipped config/



@pytest.mark.parametrize("key", ["20-CT/TW", "5b-CT/TW", "20/2021/NĐ-CP", "1a/2019/QĐ-UBND", "80/2015/QH13",
                                 "27/QĐ-TTg", "36a/NQ-CP", "1971/LĐTBXH-BVCSTE", "2406/QĐ-SGD&ĐT", "101/CP",
                                 "55/2005/TTLT-BNV-VPCP", "12/KH-LN:STTTT", "lao-cai:377/KH-UBND"])
def test_well_formed_keys(key: str) -> None:
    assert well_formed_key(key)


@pytest.mark.parametrize("key", ["N", "56/2017/N", "56/2017/NĐ-C", "20-CT/T", "20/2021/", "20-CT/", "/QĐ-TTg",
                                 "lao-cai:377/KH-U", "20/2021/NĐ-CP extra"])
def test_cut_or_malformed_keys(key: str) -> None:
    assert not well_formed_key(key)


def test_issuers() -> None:
    assert all(map(well_formed_issuer, ["TW", "CP", "TTg", "QH13", "BTP-BCA-BYT", "SGD&ĐT", "LN:STTTT"]))
    assert not any(map(well_formed_issuer, ["N", "C", "", None, "CP-", "BTP-C"]))


def test_every_key_the_seeds_cite_is_well_formed() -> None:
    refs = [r for path in sorted(SEEDS.glob("*.txt")) for r in extract_directives(path.read_text("utf-8"), "hau-giang")]
    assert len(refs) >= 5
    assert all(well_formed_key(r.key) for r in refs), [r.key for r in refs if not well_formed_key(r.key)]
    assert all(well_formed_issuer(r.issuer) for r in refs if r.issuer)
