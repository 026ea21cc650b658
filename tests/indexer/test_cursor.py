"""indexer.cursor: the one cursor codec; anything we did not write, Infinity and NaN included, is a ValueError."""

from __future__ import annotations

import base64

import pytest

from indexer import cursor


def raw_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_round_trip() -> None:
    data = {"after": [1718000000000, "abc"], "seen": 40}
    token = cursor.encode(data)
    assert "=" not in token
    assert cursor.decode(token) == data


@pytest.mark.parametrize(
    "text", ['{"offset": Infinity}', '{"offset": -Infinity}', '{"offset": NaN}', '{"a": [NaN]}']
)
def test_json_constants_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="invalid cursor"):
        cursor.decode(raw_cursor(text))


@pytest.mark.parametrize("token", ["not a cursor!", raw_cursor("[1]"), raw_cursor('"x"'), "%%%", raw_cursor("\xff")])
def test_garbage_is_refused(token: str) -> None:
    with pytest.raises(ValueError, match="invalid cursor"):
        cursor.decode(token)


@pytest.mark.parametrize("value", [1e300, 10**100, "3", None, True, [1], 1e400])
def test_offset_field_refuses_what_is_not_a_sane_number(value: object) -> None:
    with pytest.raises(ValueError, match="invalid cursor"):
        cursor.offset_field({"offset": value}, "offset", "c")


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (40, 40), (-5, 0), (12.0, 12)])
def test_offset_field_accepts_whole_numbers(value: float, expected: int) -> None:
    assert cursor.offset_field({"offset": value}, "offset", "c") == expected


def test_encode_refuses_non_finite_numbers() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        cursor.encode({"offset": float("inf")})
