"""cleaner.dates: portal date formats (vn-portals.md §1.9, seeds), URL dates and publication-date choice."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from lxml import html

from cleaner.dates import parse_vn_datetime, pick_published, url_date
from tests.support.shared import FIXTURE_SITE

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=VN)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27/07/2022 | 4:04 PM", vn(2022, 7, 27, 16, 4)),
        ("27/07/2022 | 04:04 PM", vn(2022, 7, 27, 16, 4)),
        ("27/07/2022 | 12:30 AM", vn(2022, 7, 27, 0, 30)),
        ("22/09/2022 15:15", vn(2022, 9, 22, 15, 15)),
        ("04:35 15/03/2016", vn(2016, 3, 15, 4, 35)),
        ("13:50 17/09/2025", vn(2025, 9, 17, 13, 50)),
        ("Gửi lúc: 05/12/2013 15:42:27", vn(2013, 12, 5, 15, 42, 27)),
        ("Thứ Năm, 25/8/2022 9:0'(GMT+7)", vn(2022, 8, 25, 9, 0)),
        ("Thứ Năm, 19/5/2022 7:22'(GMT+7)", vn(2022, 5, 19, 7, 22)),
        ("Đăng ngày 12/01/2021", vn(2021, 1, 12)),
        ("ngày 17 tháng 10 năm 2012", vn(2012, 10, 17)),
        ("ngày 16-11-2020", vn(2020, 11, 16)),
        ("2022-07-27T16:04:00+07:00", vn(2022, 7, 27, 16, 4)),
        ("2022-07-27T09:04:00Z", vn(2022, 7, 27, 16, 4)),
        ("2022-07-27", vn(2022, 7, 27)),
        ("Cập nhật: 03/01/2025 - 08:15", vn(2025, 1, 3, 8, 15)),
        ("11/30/2021 12:00:00 AM GMT + 7", vn(2021, 11, 30, 0, 0)),  # US order only when day-first is impossible
        ("12/03/2024 02:25:33 CH", vn(2024, 3, 12, 14, 25, 33)),  # SA/CH = sáng/chiều
        ("Cập nhật lúc: 10:25 - 12/03/2024", vn(2024, 3, 12, 10, 25)),
        ("Thứ Ba, 12/03/2024, 10:25 (GMT+7)", vn(2024, 3, 12, 10, 25)),
        ("10h25 ngày 12/3/2024", vn(2024, 3, 12, 10, 25)),
        ("lúc 8 giờ 30 phút ngày 12/3/2024", vn(2024, 3, 12, 8, 30)),
        ("Ngày 05 tháng 01 năm 2025 lúc 14:00", vn(2025, 1, 5, 14, 0)),
        ("2024/03/12", vn(2024, 3, 12)),
        ("March 31, 2025", vn(2025, 3, 31)),  # English pages: dateparser fallback
    ],
)
def test_formats(text: str, expected: datetime) -> None:
    got = parse_vn_datetime(text)
    assert got == expected
    assert got is not None
    assert got.utcoffset() == timedelta(hours=7)


def test_day_first_for_ambiguous_dates() -> None:
    assert parse_vn_datetime("03/01/2025") == vn(2025, 1, 3)


def test_first_date_wins() -> None:
    assert parse_vn_datetime("Ngày 22/5/2025, UBND tỉnh ban hành Quyết định ngày 03/01/2025") == vn(2025, 5, 22)


@pytest.mark.parametrize("text", ["04:04 PM", "", "Xã hội", "2013-2020", "8/8 huyện", "31/02/2020", "Sáng 15-3"])
def test_no_date(text: str) -> None:
    assert parse_vn_datetime(text) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://bacgiang.gov.vn/portal/Pages/2023-3-9/Hoi-nghi-abc.aspx", date(2023, 3, 9)),
        ("https://example.gov.vn/2021/05/03/tin-tuc/", date(2021, 5, 3)),
        ("https://example.gov.vn/uploads/news/2023_05/anh.jpg", None),
        ("https://sotttt.hanoi.gov.vn/tin-tuc/-/view_content/12345", None),
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url) == expected


SEED_004_TOP = "Thứ Hai, 16/9/2024\nXã hội\nThứ Năm, 25/8/2022 9:0'(GMT+7)\n\nHậu Giang triển khai hiệu quả …"


def test_header_today_is_skipped() -> None:
    now = datetime(2024, 9, 16, 10, 0, tzinfo=VN)
    got = pick_published(
        ["Thứ Hai, 16/9/2024", "Thứ Năm, 25/8/2022 9:0'(GMT+7)"],
        url="https://x.gov.vn/a",
        page_text=SEED_004_TOP,
        now=now,
    )
    assert got == vn(2022, 8, 25, 9, 0)


def test_header_today_never_taken_from_page_text() -> None:
    page = "Thứ sáu, Ngày 22/11/2026\nTrang chủ\nTin tức\nBài viết …"
    assert pick_published([], url="https://x.gov.vn/a", page_text=page, now=NOW) is None


def test_labelled_page_date_then_url() -> None:
    page = "Thứ sáu, Ngày 22/11/2026\nTin tức\nĐăng ngày: 12/01/2021 08:30\nNội dung"
    assert pick_published([], url="https://x.gov.vn/a", page_text=page, now=NOW) == vn(2021, 1, 12, 8, 30)
    url = "https://x.gov.vn/portal/Pages/2023-3-9/abc.aspx"
    assert pick_published(["không rõ"], url=url, page_text="Nội dung", now=NOW) == vn(2023, 3, 9)


def test_date_and_time_in_separate_elements() -> None:
    got = pick_published(["27/07/2022", "04:04 PM"], url="", page_text="", now=NOW)
    assert got == vn(2022, 7, 27, 16, 4)


def test_publication_label_beats_an_earlier_update_label() -> None:
    page = "Cập nhật: 20/11/2026 09:00\nTin tức\nBài viết\nNgay dang: 12/01/2021 08:30\nNội dung"
    assert pick_published([], url="", page_text=page, now=NOW) == vn(2021, 1, 12, 8, 30)


def test_implausible_candidates_are_skipped() -> None:
    got = pick_published(
        ["25/12/2026", "12/12/1990", "05/03/2010", "15/03/2016"],
        url="https://x.gov.vn/a", page_text="", now=NOW, not_before=date(2012, 1, 1),
    )
    assert got == vn(2016, 3, 15)


def test_tomorrow_is_tolerated_and_today_with_time_is_kept() -> None:
    assert pick_published(["23/11/2026 06:00"], url="", page_text="", now=NOW) == vn(2026, 11, 23, 6, 0)
    assert pick_published(["22/11/2026 08:15"], url="", page_text="", now=NOW) == vn(2026, 11, 22, 8, 15)
    assert pick_published(["24/11/2026 06:00"], url="", page_text="", now=NOW) is None


FIXTURE = FIXTURE_SITE / "vi"
_STAMP = re.compile(r"\d\d/\d\d/\d{4} \| \d{1,2}:\d\d [AP]M")


def _listing_truth() -> dict[str, datetime]:
    """Publication stamps from the listing pages, parsed with strptime (independent of cleaner.dates)."""
    truth: dict[str, datetime] = {}
    for listing in sorted(FIXTURE.glob("*.html")):
        doc = html.parse(str(listing)).getroot()
        for item in doc.cssselect(".asset-content-custom") if doc is not None else []:
            links, stamps = item.cssselect(".asset-title a"), item.cssselect(".assetPublishDate")
            found = _STAMP.search(stamps[0].text_content()) if stamps else None
            if links and found:
                stamp = datetime.strptime(found.group(0), "%d/%m/%Y | %I:%M %p").replace(tzinfo=VN)
                truth[str(links[0].get("href")).rsplit("/", 1)[-1]] = stamp
    return truth


@pytest.mark.skipif(not FIXTURE.is_dir(), reason="shared sotttt-hanoi mirror not mounted")
def test_real_portal_pages_date_accuracy() -> None:
    """Detail pages of a real Liferay portal vs the dates its listing pages show (every 8th page)."""
    truth = _listing_truth()
    pages = sorted(p for p in FIXTURE.glob("*/**/*") if p.name in truth and p.stat().st_size > 0)[::8]
    now = datetime(2022, 8, 27, 12, tzinfo=VN)  # the mirror's date
    assert len(pages) >= 60
    from_element = from_text = 0
    for page in pages:
        doc = html.parse(str(page)).getroot()
        assert doc is not None
        element = [e.text_content() for e in doc.cssselect(".assetPublishDate")]
        url = "https://sotttt.hanoi.gov.vn/vi/" + page.relative_to(FIXTURE).as_posix()
        text = doc.text_content()
        from_element += pick_published(element, url=url, page_text=text, now=now) == truth[page.name]
        from_text += pick_published([], url=url, page_text=text, now=now) == truth[page.name]
    assert from_element / len(pages) >= 0.99, from_element
    assert from_text / len(pages) >= 0.97, from_text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("thứ năm, 08 08 2019 08:52", (2019, 8, 8, 8, 52)),
        ("Thứ Hai, 1 7 2019 14:05", (2019, 7, 1, 14, 5)),
        ("08 08 2019", (2019, 8, 8, 0, 0)),
    ],
)
def test_space_separated_day_month_year(text: str, want: tuple[int, ...]) -> None:
    assert parse_vn_datetime(text) == vn(*want)


@pytest.mark.parametrize("text", ["SỐ LƯỢT TRUY CẬP 0 1 2 2019 5", "1 2 3 2019", "Trang 2 trên 12 2019 bài"])
def test_space_separated_digits_of_a_counter_are_no_date(text: str) -> None:
    assert parse_vn_datetime(text) is None
