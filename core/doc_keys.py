"""Is a document key or issuer well formed? Checked at index time, so a value cut from a page's tail never
reaches a facet ("56/2017/N", issuer "N")."""

from __future__ import annotations

import re

from core.article import DirectiveRef, split_scope

# A symbol group: letters (and "&": "SGD&ĐT"), then digits for a term ("QH13", "BCĐ", "TTg"); joint groups by "-",
# "LN:STTTT" by ":". A number may carry a letter: "36a/NQ-CP", "5b-CT/TW".
_GROUP = r"[^\W\d_](?:[^\W\d_]|&)*\d*"
_NUMBER = r"\d+[a-zA-Z]?"
_SYMBOL = rf"{_GROUP}(?:[-:]{_GROUP})*"
KEY_SHAPES = (
    re.compile(rf"{_NUMBER}-{_GROUP}/{_SYMBOL}"),  # party: 20-CT/TW, 48-KH/TU
    re.compile(rf"{_NUMBER}/\d{{4}}/{_SYMBOL}"),  # legal: 20/2021/NĐ-CP, 80/2015/QH13
    re.compile(rf"{_NUMBER}/{_SYMBOL}"),  # administrative and letters: 27/QĐ-TTg, 1971/LĐTBXH-BVCSTE
)
MIN_ISSUER = 2  # no issuer abbreviation is one letter; a type may be ("L": Lệnh), an issuer after it is not


def _issuer_ok(symbol: str) -> bool:
    return len(re.split(r"[-:/]", symbol)[-1]) >= MIN_ISSUER


def well_formed_key(key: str) -> bool:
    """The key (scope aside) has its regime's shape and ends in an issuer of two letters or more."""
    _, bare = split_scope(key)
    return any(shape.fullmatch(bare) for shape in KEY_SHAPES) and _issuer_ok(bare)


def well_formed_issuer(issuer: str | None) -> bool:
    """An issuer abbreviation (joint ones joined by "-"), every part two letters or more."""
    if not issuer or re.fullmatch(_SYMBOL, issuer) is None:
        return False
    return all(len(part) >= MIN_ISSUER for part in re.split(r"[-:]", issuer))


def indexable(refs: list[DirectiveRef]) -> list[DirectiveRef]:
    """The references whose key is well formed: what the directive, type and issuer facets count."""
    return [ref for ref in refs if well_formed_key(ref.key)]
