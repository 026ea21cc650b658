"""Unit-scoped directive keys: built and split in one place (core.article), labelled with the unit's name."""

from __future__ import annotations

import pytest

from core.article import scoped_key, split_scope
from core.config import load_provinces
from core.labels import Labels
from core.settings import DEFAULT_CONFIG_DIR


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("lao-cai:377/KH-UBND", ("lao-cai", "377/KH-UBND")),
        ("ba-ria-vung-tau:1-NQ/TU", ("ba-ria-vung-tau", "1-NQ/TU")),
        ("377/KH-UBND", (None, "377/KH-UBND")),
        ("12/KH-LN:STTTT-SYT", (None, "12/KH-LN:STTTT-SYT")),  # the inter-agency colon follows the number
        ("20-CT/TW", (None, "20-CT/TW")),
        ("Lao-Cai:377/KH-UBND", (None, "Lao-Cai:377/KH-UBND")),  # unit codes are lower-case slugs
    ],
)
def test_split_scope(key: str, parts: tuple[str | None, str]) -> None:
    assert split_scope(key) == parts
    scope, bare = parts
    if scope:
        assert scoped_key(scope, bare) == key


def test_a_scoped_directive_is_labelled_with_its_units_name() -> None:
    labels = Labels(provinces=load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml"))
    assert labels.label("directive", "lao-cai:377/KH-UBND") == "377/KH-UBND (Lào Cai)"
    assert labels.label("directive", "dak-nong:5/KH-UBND") == "5/KH-UBND (Đắk Nông)"  # a former unit keeps its name
    assert labels.label("directive", "377/KH-UBND") == "377/KH-UBND"
    assert labels.label("directive", "12/KH-LN:STTTT") == "12/KH-LN:STTTT"
