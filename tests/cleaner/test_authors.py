"""cleaner.authors: author lines at the tail of real articles, and normal last sentences left alone."""

from __future__ import annotations

import unicodedata

import pytest

from cleaner.authors import split_author

BODY = "UBND tỉnh cũng đã giao nhiệm vụ cụ thể cho từng ngành, địa phương và đơn vị liên quan..."


@pytest.mark.parametrize(
    ("tail", "author"),
    [
        ("Xuân Thỏa - Văn phòng Tỉnh ủy", "Xuân Thỏa - Văn phòng Tỉnh ủy"),
        ("PQ (tổng hợp)", "PQ (tổng hợp)"),
        ("PQ (tổng hợp)Thứ Hai, 16/9/2024", "PQ (tổng hợp)"),
        ("Vũ Huệ", "Vũ Huệ"),
        (" Giao Tuyến", "Giao Tuyến"),
        ("Phạm Linh", "Phạm Linh"),
        ("Tin, ảnh: Minh Anh", "Minh Anh"),
        ("Tác giả: Nguyễn Thị Hà", "Nguyễn Thị Hà"),
        ("Bài và ảnh: Hoàng Nam - Trung tâm Văn hóa", "Hoàng Nam - Trung tâm Văn hóa"),
        # real tails from the sotttt-hanoi mirror
        ("Nguyễn Tiến Sỹ - Trưởng phòng Bưu chính, Viễn thông", "Nguyễn Tiến Sỹ - Trưởng phòng Bưu chính, Viễn thông"),
        ("Thanh Bình (tổng hợp)", "Thanh Bình (tổng hợp)"),
        ("Thu Hằng - Trọng Toàn", "Thu Hằng - Trọng Toàn"),
        ("ĐỨC THIỆN", "ĐỨC THIỆN"),
        ("Minh Hằng (TTXVN)", "Minh Hằng (TTXVN)"),
        ("Ý Lan", "Ý Lan"),
        ("Hoàng Anh (theo Báo Bắc Kạn)", "Hoàng Anh (theo Báo Bắc Kạn)"),
    ],
)
def test_author_lines(tail: str, author: str) -> None:
    got, rest = split_author([BODY, tail])
    assert got == author
    assert rest == [BODY]


def test_real_liferay_tail_with_cms_byline() -> None:
    """sotttt-hanoi pages end with the author paragraph, then the CMS account ("admin admin") or the editor's role."""
    got, rest = split_author([BODY, "Phạm Văn Linh", "admin admin"])
    assert got == "Phạm Văn Linh"
    assert rest == [BODY, "admin admin"]
    got, rest = split_author([BODY, "Kim Chi", "Pho Ban bien tap"])
    assert got == "Kim Chi"
    assert split_author([BODY, "Ad Min", "admin admin"]) == (None, [BODY, "Ad Min", "admin admin"])


def test_author_before_source_and_menu_lines() -> None:
    got, rest = split_author([BODY, "", " Giao Tuyến", "", "Nguồn: baochinhphu.vn"])
    assert got == "Giao Tuyến"
    assert rest == [BODY, "", "", "Nguồn: baochinhphu.vn"]


@pytest.mark.parametrize(
    "tail",
    [
        "Nguồn: baochinhphu.vn",
        "Theo Báo Bắc Kạn",
        "Đồng thời xử lý nghiêm minh các hành vi vi phạm pháp luật./.",
        "Trân trọng cảm ơn!",
        "Các tin khác",
        "Hội nghị kết thúc lúc 11 giờ cùng ngày",
        "Xã hội",
        "Công ty CP MISA",
        "LIÊN NGÀNH CHỦ ĐỘNG PHỐI HỢP CHẶT CHẼ TRONG TRIỂN KHAI CHÍNH SÁCH",
        "TTXVN",
        "Hội nghị (lần thứ hai)",
        "ở đây",
    ],
)
def test_not_an_author(tail: str) -> None:
    assert split_author([BODY, tail]) == (None, [BODY, tail])


def test_author_line_must_be_in_the_tail() -> None:
    paras = ["Vũ Huệ", BODY, "Đoạn hai kết thúc.", "Đoạn ba kết thúc.", "Đoạn bốn kết thúc."]
    assert split_author(paras) == (None, paras)


def test_decomposed_text() -> None:
    """About 6 % of real article bodies carry combining tone marks (vn-portals.md §5.5)."""
    line = unicodedata.normalize("NFD", "Xuân Thỏa - Văn phòng Tỉnh ủy")
    assert split_author([BODY, line]) == ("Xuân Thỏa - Văn phòng Tỉnh ủy", [BODY])


def test_empty() -> None:
    assert split_author([]) == (None, [])
