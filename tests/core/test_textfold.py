"""Tests for core.textfold: diacritic folding, tone unification, slugs."""

from core.textfold import ascii_fold, fold, nfc, slugify, unify_tones


def test_fold_handles_d_bar_and_stacked_marks():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("Chỉ thị số 20-CT/TW") == "chi thi so 20-ct/tw"
    assert ascii_fold("Cộng hòa Xã hội chủ nghĩa Việt Nam") == "Cong hoa Xa hoi chu nghia Viet Nam"


def test_nfc_composes_combining_marks():
    decomposed = "trẻ em".replace("ẻ", "e\u0309")
    assert decomposed != "trẻ em"
    assert nfc(decomposed) == "trẻ em"


def test_unify_tones_moves_old_style_marks_only_at_syllable_end():
    assert unify_tones("Hoà Bình, Tỉnh uỷ, Thanh Hoá") == "Hòa Bình, Tỉnh ủy, Thanh Hóa"
    assert unify_tones("hoàn thành") == "hoàn thành"
    assert unify_tones("HOÀ") == "HÒA"


def test_slugify():
    assert slugify("Thừa Thiên Huế") == "thua-thien-hue"
