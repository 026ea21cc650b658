"""cleaner.dom.paragraphs on small real-shaped bodies: blocks, <br> lines, link lists, tail markers, date lines."""

from __future__ import annotations

from functools import partial

from lxml import html

from cleaner.config import bundled
from cleaner.dom import paragraphs as _paragraphs

paragraphs = partial(_paragraphs, rules=bundled().rules)  # the cleaner's shipped rules

PROSE = ("Sáng ngày 12/5, Sở Thông tin và Truyền thông đã tổ chức Hội nghị tổng kết cuộc thi viết thư quốc tế UPU "
         "lần thứ 45 trên địa bàn thành phố Hà Nội.")
LINKS = [f'<p><a href="/tin/{i}">Hội nghị triển khai nhiệm vụ công tác năm {2015 + i} của ngành</a></p>'
         for i in range(4)]


def body(inner: str) -> html.HtmlElement:
    return html.fragment_fromstring(f"<div>{inner}</div>")


def test_blocks_and_line_breaks():
    node = body(f"<p>{PROSE}</p><div>Theo đó, căn<br>cứ nội dung Quyết định số 27/QĐ-TTg.<br>Dòng mới.</div>")
    assert paragraphs(node) == [PROSE, "Theo đó, căn cứ nội dung Quyết định số 27/QĐ-TTg.", "Dòng mới."]


def test_trailing_link_list_without_heading_is_dropped():
    assert paragraphs(body(f"<p>{PROSE}</p>" + "".join(LINKS))) == [PROSE]


def test_short_link_runs_and_link_only_bodies_are_kept():
    two = paragraphs(body(f"<p>{PROSE}</p>" + "".join(LINKS[:2])))
    assert len(two) == 3  # two attachment links after the text stay
    only = paragraphs(body("".join(LINKS)))
    assert len(only) == 4  # nothing else to keep: the links are the body


def test_link_inside_prose_is_prose():
    node = body(f'<p>Xem <a href="/vb.pdf">Quyết định số 128/QĐ-STTTT</a> ngày 19/5/2016 của Sở.</p><p>{PROSE}</p>')
    assert paragraphs(node)[0] == "Xem Quyết định số 128/QĐ-STTTT ngày 19/5/2016 của Sở."


def test_tail_marker_cuts_the_related_list_and_edge_date_line_goes():
    node = body(f"<p>Cập nhật: 28/09/2022 08:30</p><p>{PROSE}</p><h3>Tin liên quan</h3>" + "".join(LINKS[:2]))
    assert paragraphs(node) == [PROSE]


def test_closing_signature_date_of_a_document_stays():
    node = body(f"<p>{PROSE}</p><p>Hà Nội, ngày 12/5/2016</p>")
    assert paragraphs(node) == [PROSE, "Hà Nội, ngày 12/5/2016"]
    node = body(f"<p>{PROSE}</p><p>Cập nhật lúc 08:30 ngày 28/09/2022</p>")
    assert paragraphs(node) == [PROSE]


def test_share_buttons_font_widget_and_comment_section_go():
    node = body(f"<div>A+ | A-</div><p>{PROSE}</p><p>Facebook</p><p>Zalo</p><h4>Ý kiến bạn đọc</h4>"
                "<p>Họ và tên:</p><p>Nội dung ý kiến của bạn sẽ được biên tập trước khi đăng.</p>")
    assert paragraphs(node) == [PROSE]


def test_a_paragraph_that_starts_with_a_brand_name_is_text():
    node = body(f"<p>{PROSE}</p><p>Facebook đã gỡ bỏ các tài khoản vi phạm.</p>")
    assert paragraphs(node) == [PROSE, "Facebook đã gỡ bỏ các tài khoản vi phạm."]


def test_a_section_heading_followed_by_prose_does_not_cut_the_article():
    node = body(f"<p>{PROSE}</p><h3>Bình luận</h3>" + "".join(f"<p>Ý {i}: {PROSE}</p>" for i in range(12)))
    paras = paragraphs(node)
    assert len(paras) == 13  # the heading line itself goes, the section stays
    assert paras[-1].startswith("Ý 11:")
