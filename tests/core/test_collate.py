"""core.collate: Vietnamese names sort as a Vietnamese reader expects, not in code-point order."""

from __future__ import annotations

from core.collate import vi_key
from core.config import load_provinces
from core.settings import DEFAULT_CONFIG_DIR


def test_provinces_in_vietnamese_order() -> None:
    names = ["Tuyên Quang", "Điện Biên", "Đà Nẵng", "Cần Thơ", "Tây Ninh", "Đồng Tháp", "Đắk Lắk", "An Giang"]
    assert sorted(names, key=vi_key) == [
        "An Giang", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Tháp", "Tây Ninh", "Tuyên Quang",
    ]  # fmt: skip
    assert sorted(names) != sorted(names, key=vi_key)  # code-point order puts Đ after every Latin letter


def test_letters_then_tones() -> None:
    assert sorted(["ân", "ăn", "an"], key=vi_key) == ["an", "ăn", "ân"]  # a < ă < â
    assert sorted(["dê", "đe", "de", "dế"], key=vi_key) == ["de", "dê", "dế", "đe"]  # d < đ, e < ê; tones second
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=vi_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["ơ", "ô", "o", "ư", "u"], key=vi_key) == ["o", "ô", "ơ", "u", "ư"]
    assert sorted(["Hà Nội", "Hà Nam", "Hà Giang", "Hải Phòng"], key=vi_key) == [
        "Hà Giang", "Hà Nam", "Hà Nội", "Hải Phòng",
    ]  # fmt: skip


def test_case_and_decomposed_input_do_not_change_the_order() -> None:
    assert vi_key("ĐÀ NẴNG")[:2] == vi_key("đà nẵng")[:2]
    assert vi_key("Đa\u0300 Na\u0306\u0303ng")[:2] == vi_key("Đà Nẵng")[:2]


def test_every_unit_gets_a_distinct_key() -> None:
    units = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")
    names = [u.name for u in [*units.current, *units.former]]
    keys = {vi_key(n) for n in names}
    assert len(keys) == len(set(names))
