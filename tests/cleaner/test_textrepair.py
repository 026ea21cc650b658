"""Text repair on real strings: entities, mixed NFC, mojibake, TCVN3, VNI, hard breaks, duplicated captions."""

from __future__ import annotations

import unicodedata

import pytest

from cleaner.legacy import detect_legacy, repair_legacy
from cleaner.textrepair import dedupe_paragraphs, join_hard_breaks, repair_mojibake, repair_text, strip_stray_marks
from tests.cleaner.fixtures import SEEDS


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        # named entities for Vietnamese letters (25 % of sotttt bodies) and numeric references (its footer)
        ("Ph&oacute; Gi&aacute;m đốc", "Phó Giám đốc"),
        ("B&#7897; ph&#7853;n ti&#7871;p nh&#7853;n", "Bộ phận tiếp nhận"),
        # double-escaped entity that reached the text layer
        ("Quy&amp;#7871;t đ&#7883;nh", "Quyết định"),
        # entities whose "&" the CMS stripped, as saved in the sotttt.hanoi mirror
        ("điều hành phograve;ng, chống thiên tai", "điều hành phòng, chống thiên tai"),
        ("Thứ trưởng Bộ TTamp;TT Nguyễn Minh Hồng", "Thứ trưởng Bộ TT&TT Nguyễn Minh Hồng"),
        ("tổ chức Hội nghị ldquo;Sơ kết Chỉ thị", "tổ chức Hội nghị “Sơ kết Chỉ thị"),
        ("doanh nghiệp bưu chính ndash; viễn thông", "doanh nghiệp bưu chính – viễn thông"),
        # UTF-8 read as cp1252 (vn-portals.md §5.7)
        ("Tá»‰nh á»§y", "Tỉnh ủy"),
        ("Tin TÃ¢y NguyÃªn", "Tin Tây Nguyên"),
        # TCVN3 (.VnTime) read as Latin-1, with the old tone placement moved ("Uỷ" -> "Ủy")
        ("Uû ban nh©n d©n", "Ủy ban nhân dân"),
        ("T«i ®i häc", "Tôi đi học"),
        ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),  # "ư" sits on the soft-hyphen byte
        # VNI read as Latin-1
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Toâi ñi hoïc", "Tôi đi học"),
        # BOM and zero-width characters
        ("\ufeffSở Thông tin\u200b và Truyền thông", "Sở Thông tin và Truyền thông"),
    ],
)
def test_repair_text(raw, want):
    assert repair_text(raw) == want


@pytest.mark.parametrize(
    "clean",
    ["Café crème brûlée", "© 2024 Sở Thông tin và Truyền thông", "Mục 1; mục 2; mục 3", "Tỉnh ủy Hà Nội",
     "Nguyễn Văn Ánh - Ủy ban", "naïve façade", "Giá 100.000đ – giảm 50%"],
)
def test_clean_text_is_left_alone(clean):
    assert repair_text(clean) == unicodedata.normalize("NFC", clean)
    assert detect_legacy(clean) is None
    assert repair_mojibake(clean) == clean


def test_combining_tone_marks_are_composed():
    # "Unicode tổ hợp": precomposed base + combining tone, as in 6.4 % of sotttt bodies
    mixed = "Gia\u0301m đô\u0301c So\u031b\u0309"
    assert strip_stray_marks(mixed) == "Giám đốc Sở"


def test_stray_marks_without_a_base_are_dropped():
    assert strip_stray_marks("\u0301Hà Nội \u0323") == "Hà Nội "


def test_legacy_detection_names_the_encoding():
    assert detect_legacy("Uû ban nh©n d©n tØnh") == "tcvn3"
    assert detect_legacy("UÛy ban nhaân daân tænh") == "vni"
    assert repair_legacy("UÛy ban nhaân daân tænh") == "Ủy ban nhân dân tỉnh"


def test_hard_line_breaks_of_seed_002_are_joined():
    lines = (SEEDS / "002_06324679e74b4cc0.txt").read_text(encoding="utf-8").splitlines()
    paras = join_hard_breaks(lines)
    # the title stays apart from the text under it; the lead sentence, wrapped over four lines, becomes one
    assert paras[0] == "Triển khai thực hiện tốt công tác chăm sóc, giáo dục và bảo vệ trẻ em trên địa bàn tỉnh"
    assert paras[1] == (
        "Ngày 22/5/2025, UBND tỉnh ban hành Kế hoạch số 377/KH-UBND về thực hiện Quyết định số 27/QĐ-TTg "
        "ngày 03/01/2025 của Thủ tướng Chính phủ thực hiện Khuyến nghị của Ủy ban về quyền trẻ em của Liên "
        "hợp quốc trên địa bàn tỉnh."
    )
    # every paragraph ends a sentence except the title and the author line "PQ (tổng hợp)"
    assert paras[-1] == "PQ (tổng hợp)"
    assert all(p.endswith((".", "…", ":", ";")) for p in paras[1:-1])
    assert len(paras) < len([ln for ln in lines if ln.strip()]) / 3


def test_lines_that_end_sentences_stay_paragraphs():
    assert join_hard_breaks(["Câu một kết thúc.", "Câu hai cũng vậy."]) == ["Câu một kết thúc.", "Câu hai cũng vậy."]
    assert join_hard_breaks(["Các nội dung chính:", "- Một", "- Hai"]) == ["Các nội dung chính:", "- Một", "- Hai"]


def test_duplicated_captions_of_seed_004_are_collapsed():
    paras = [p.strip() for p in (SEEDS / "004_a2f6dc1cd352d19b.txt").read_text(encoding="utf-8").split("\n\n")]
    paras = [p for p in paras if p]
    deduped = dedupe_paragraphs(paras)
    caption = next(p for p in paras if p.startswith("Lãnh đạo tỉnh tặng quà cho 100 học sinh"))
    assert paras.count(caption) == 2
    assert deduped.count(caption) == 1
    assert len(deduped) < len(paras)
    # non-adjacent repeats are text, not duplicated captions: the count of distinct paragraphs is unchanged
    assert set(deduped) == set(paras)
