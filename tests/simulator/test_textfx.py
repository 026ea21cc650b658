"""Date formats, today's header and the encoding traps of rendered text."""

from __future__ import annotations

import html
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from core.textfold import unify_tones
from simulator.textfx import (
    body_html,
    liferay_date,
    ncr,
    nukeviet_date,
    tandan_date,
    today_header,
    trang_date,
    truncate,
    wordpress_date,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TEXT = "Thực hiện Chỉ thị số 20-CT/TW ngày 5/11/2012 của Bộ Chính trị, tỉnh Đắk Lắk đã hỗ trợ trẻ em."


def test_platform_date_formats():
    afternoon = datetime(2022, 7, 27, 16, 4, tzinfo=TZ)
    morning = datetime(2022, 8, 25, 9, 0, tzinfo=TZ)
    assert liferay_date(afternoon, padded=False) == "27/07/2022 | 4:04 PM"
    assert liferay_date(afternoon, padded=True) == "27/07/2022 | 04:04 PM"
    assert liferay_date(datetime(2020, 1, 2, 0, 30, tzinfo=TZ), padded=False) == "02/01/2020 | 12:30 AM"
    assert trang_date(morning) == "Thứ Năm, 25/8/2022 9:0'(GMT+7)"
    assert nukeviet_date(morning) == "09:00 25/08/2022"
    assert tandan_date(morning) == "Đăng ngày 25/08/2022 | 09:00"
    assert wordpress_date(afternoon) == "27 Tháng Bảy, 2022"


def test_today_header_shows_the_request_day():
    assert today_header(datetime(2026, 11, 20, 8, 0, tzinfo=TZ)) == "Thứ sáu, Ngày 20/11/2026"
    assert today_header(datetime(2024, 3, 31, 8, 0, tzinfo=TZ)) == "Chủ nhật, Ngày 31/03/2024"


def test_entities_trap_round_trips_through_unescape():
    out = body_html(TEXT, ("entities",))
    assert "&agrave;" in out
    assert "&iacute;" in out
    assert "&atilde;" in out
    assert "à" not in out
    assert "í" not in out
    assert html.unescape(out) == TEXT


def test_combining_trap_is_not_nfc_but_normalises_back():
    out = body_html(TEXT, ("combining",))
    assert out != TEXT
    assert not unicodedata.is_normalized("NFC", out)
    assert "\u0323" in out or "\u0301" in out
    assert unicodedata.normalize("NFC", html.unescape(out)) == TEXT


def test_linebreak_trap_breaks_the_citation_only():
    out = body_html(TEXT, ("linebreak",))
    assert "Chỉ thị\n số 20-CT/TW" in out
    assert " ".join(out.split()) == TEXT


def test_old_tones_trap_moves_marks_only_at_syllable_end():
    out = body_html("Tỉnh ủy Thanh Hóa họp về hoàn thành thủy lợi", ("old_tones",))
    assert out == "Tỉnh uỷ Thanh Hoá họp về hoàn thành thuỷ lợi"
    assert unify_tones(out) == "Tỉnh ủy Thanh Hóa họp về hoàn thành thủy lợi"


def test_ncr_spells_every_non_ascii_letter():
    assert ncr("Bộ phận <A>") == "B&#7897; ph&#7853;n &lt;A&gt;"
    assert html.unescape(ncr(TEXT)) == TEXT


def test_plain_text_is_escaped_only():
    assert body_html("A < B & C", ()) == "A &lt; B &amp; C"


def test_truncate_cuts_inside_the_anchor():
    page = "<html><body><p>one</p><p>" + "x" * 100 + "</p></body></html>"
    cut = truncate(page, "<p>" + "x" * 100)
    assert cut.startswith("<html><body><p>one</p><p>xx")
    assert "</html>" not in cut
    assert len(cut) < len(page)
