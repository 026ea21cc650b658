"""Pages that must not be indexed: HTTP-200 error pages, soft 404s, empty pages; inline error strings removed."""

from __future__ import annotations

import pytest

from cleaner import NotAnArticle, extract

YSOD = """<html><head><title>Object reference not set to an instance of an object.</title></head><body bgcolor="white">
<span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
<h2> <i>Object reference not set to an instance of an object.</i> </h2></span>
<b> Description: </b>An unhandled exception occurred during the execution of the current web request.
<b> Exception Details: </b>System.NullReferenceException: Object reference not set to an instance of an object.
</body></html>"""

SHORT_NRE = """<html><head><title>Tin tức - Sở Xây dựng tỉnh Thanh Hóa</title></head><body>
<div id="header">CỔNG THÔNG TIN ĐIỆN TỬ SỞ XÂY DỰNG</div><ul class="menu"><li><a href="/">Trang chủ</a></li></ul>
<div class="content">Object reference not set to an instance of an object.</div>
<div id="footer">Ghi rõ nguồn khi phát hành lại thông tin từ Cổng thông tin điện tử này.</div></body></html>"""

SOFT_404 = """<html><head><title>Không tìm thấy trang - Cổng thông tin điện tử tỉnh Đắk Lắk</title></head><body>
<div class="content"><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>
<p><a href="/">Quay lại trang chủ</a></p></div></body></html>"""

ARTICLE_WITH_ERROR = """<html><head><title>Hội nghị giao ban - Sở Xây dựng</title></head><body>
<h1 class="title-detail">Hội nghị giao ban công tác quý III năm 2023</h1>
<div class="news-content"><p>Sáng ngày 5/10, Sở Xây dựng tổ chức hội nghị giao ban công tác quý III, triển khai nhiệm
vụ trọng tâm quý IV năm 2023 với sự tham dự của lãnh đạo các phòng, đơn vị trực thuộc Sở.</p>
<p>Object reference not set to an instance of an object.</p>
<p>Tại hội nghị, các đơn vị đã báo cáo kết quả thực hiện nhiệm vụ, những khó khăn vướng mắc và đề xuất giải pháp
trong thời gian tới nhằm hoàn thành kế hoạch năm.</p></div></body></html>"""


@pytest.mark.parametrize(("page", "why"), [(YSOD, "error page"), (SHORT_NRE, "error page"), (SOFT_404, "error page")])
def test_error_pages_are_not_articles(page, why):
    with pytest.raises(NotAnArticle, match=why):
        extract(page, "https://sxd.thanhhoa.gov.vn/Introduction.aspx?NewsID=1")


def test_empty_and_blank_pages():
    for page in (b"", "   \n", "<html><body></body></html>"):
        with pytest.raises(NotAnArticle):
            extract(page, "https://example.gov.vn/a.html")


def test_error_string_inside_a_real_article_is_removed_not_fatal():
    art = extract(ARTICLE_WITH_ERROR, "https://sxd.thanhhoa.gov.vn/Introduction.aspx?NewsID=2")
    assert art.title == "Hội nghị giao ban công tác quý III năm 2023"
    assert "Object reference" not in art.body
    assert "Sáng ngày 5/10" in art.body
    assert "đề xuất giải pháp trong thời gian tới" in art.body  # hard break inside the sentence joined


def test_not_an_article_is_a_value_error():
    assert issubclass(NotAnArticle, ValueError)
