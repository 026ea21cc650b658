"""cleaner.directive_patterns: the fast loose-citation finder matches exactly what its reference regex LOOSE does."""

from __future__ import annotations

import random

import pytest

from cleaner import directive_patterns as P

PIECES = [*P.TYPE_WORDS, "số", "Số", " ", "  ", "\n", "/", "-", ".", ",", "CT/TW", "2021", "a", "ngày", "Chỉ thị"]
SEPARATORS = ["", " ", " số ", "/", "\n"]


def reference(text: str) -> list[tuple[int, int, int, str, str]]:
    return [(m.start(), m.end(), m.start("num"), m["word"], m["num"]) for m in P.LOOSE.finditer(text)]


def fast(text: str) -> list[tuple[int, int, int, str, str]]:
    return [(m.start, m.end, m.num_start, m.word, m.num) for m in P.loose_matches(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Chỉ thị số 20 của Ban Bí thư và Kế hoạch 377",
        "nghị quyết \n12 số 7",  # a line break after the type word's space: no citation (one space only)
        "Quyết định số\n5 và quyết định 123456",
        "Chỉ thị 20-CT/TW, Chỉ thị số 5/2021, kết luận 01.",
    ],
)
def test_known_texts(text: str) -> None:
    assert fast(text) == reference(text)


def test_random_texts() -> None:
    rng = random.Random(16)
    for _ in range(3000):
        parts = (rng.choice(PIECES) + rng.choice(SEPARATORS) + str(rng.randint(0, 200_000)) * rng.randint(0, 1)
                 for _ in range(8))  # fmt: skip
        text = "".join(parts)
        assert fast(text) == reference(text), text
