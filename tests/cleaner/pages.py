"""Article pages built in each platform's markup (vn-portals.md §1) around a real seed text, with real boilerplate.

Markup follows the published templates and selectors in shared/research/vn-portals.md: Liferay (Bắc Giang
selectors), SharePoint "Trang", Tân Dân, NukeViet (themes/default/modules/news/detail.tpl), WordPress,
DotNetNuke, a custom ASP.NET portal, and a table-layout PHP portal with no known markup (generic).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tests.cleaner.fixtures import SEEDS

TITLE = "Bắc Kạn: Tăng cường công tác chăm sóc, giáo dục và bảo vệ trẻ em"
LEAD = ("Ngày 27/9, đoàn công tác của Bộ Lao động - Thương binh và Xã hội do Thứ trưởng Nguyễn Thị Hà làm trưởng "
        "đoàn đã làm việc với tỉnh Bắc Kạn về công tác trẻ em.")
CAPTION = "Thứ trưởng Bộ Lao động - Thương binh và Xã hội Nguyễn Thị Hà phát biểu tại buổi làm việc"
AUTHOR = "Xuân Thỏa - Văn phòng Tỉnh ủy"
PUBLISHED = (2022, 9, 28)  # what every page below states as its publication day
TODAY_HEADER = "Thứ Hai, 16/9/2024"  # the portal header's "today", never the publication date
BOILERPLATE = ("Trang chủ", "In bài viết", "Gửi mail", "Chia sẻ", "Lượt xem", "Tin liên quan", "Các tin khác",
               "Số lượt truy cập", "Đang truy cập", "Ghi rõ nguồn", "Thăm dò ý kiến", "Bản quyền", "Quay lại",
               "Tin tức nổi bật", "View count", "Cỡ chữ")


def seed_paragraphs() -> list[str]:
    """The text paragraphs of seed 000 (a Bắc Kạn Tỉnh ủy article), without its "|" caption separators."""
    lines = (SEEDS / "000_472ca7660472a0a7.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and ln.strip() != "|" and not ln.strip().endswith("|")
            and ln.strip() != CAPTION]


def body_html(p_class: str = "") -> str:
    """Seed paragraphs as <p>, a photo whose caption is shown twice (alt text block + caption), the author."""
    cls = f' class="{p_class}"' if p_class else ""
    paras = seed_paragraphs()
    figure = (f'<table class="image"><tr><td><img src="/uploads/news/2022_09/a.jpg" alt="{escape(CAPTION)}"></td></tr>'
              f"<tr><td><em>{escape(CAPTION)}</em></td></tr></table><p><em>{escape(CAPTION)}</em></p>")
    html = "".join(f"<p{cls}>{escape(p)}</p>" for p in paras[:2]) + figure
    html += "".join(f"<p{cls}>{escape(p)}</p>" for p in paras[2:])
    return html + f'<p style="text-align:right"><strong>{escape(AUTHOR)}</strong></p>'


SITE = "Cổng thông tin điện tử tỉnh Bắc Kạn"


def frame(article: str, *, head: str = "", body_attrs: str = "", title: str = f"{TITLE} - {SITE}") -> str:
    """A portal page: header with today's date, menu, breadcrumb, the article, sidebar widgets, footer."""
    related = "".join(f'<li><a href="/tin/{i}.html">Tin khác số {i} về hoạt động của Sở trong tháng</a></li>'
                      for i in range(6))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)}</title>{head}</head><body {body_attrs}>
<div id="header"><h1 class="logo">{escape(SITE)}</h1>
<div class="today">{TODAY_HEADER}</div></div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li></ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
{article}
<div class="sidebar"><h3>Thăm dò ý kiến</h3><p>Bạn đánh giá thế nào về giao diện mới của Cổng thông tin?</p>
<h3>Tin tức nổi bật</h3><ul>{related}</ul>
<div class="counter">Số lượt truy cập: 1.234.567<br>Đang truy cập: 89</div></div>
<div id="footer"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Bắc Kạn.
Địa chỉ: Tổ 1, phường Đức Xuân, thành phố Bắc Kạn.</p>
<p>® Ghi rõ nguồn "Cổng thông tin điện tử tỉnh Bắc Kạn" khi phát hành lại thông tin từ cổng này.</p></div>
</body></html>"""


TOOLBAR = ('<div class="tools"><a href="javascript:print()">In bài viết</a> | <a href="mailto:">Gửi mail</a> | '
           '<a href="#">Chia sẻ</a> | <a href="javascript:history.back()">Quay lại</a></div>')
RELATED = ('<div class="other">Tin liên quan</div><ul>'
           + "".join(f'<li><a href="/t/{i}">Hội nghị triển khai nhiệm vụ năm {2020 + i}</a></li>' for i in range(5))
           + "</ul>")


@dataclass(frozen=True)
class BuiltPage:
    """A page, where it lives, and the platform it is written in."""

    platform: str
    url: str
    html: str
    has_lead: bool = True


def liferay() -> BuiltPage:
    """Liferay 6.2/7: a sidebar web-content portlet ALSO has .journal-content-article (the known pitfall)."""
    banner = ('<div class="portlet-boundary portlet-journal-content" id="p_p_id_56_INSTANCE_ab12_">'
              '<div class="journal-content-article"><p>Đường dây nóng: 0209.3870.123 — Hỗ trợ giải quyết thủ tục '
              "hành chính cho người dân và doanh nghiệp trên địa bàn tỉnh, tiếp nhận phản ánh kiến nghị</p>"
              "</div></div>")
    article = f"""{banner}<div class="portlet-boundary portlet-asset-publisher" id="p_p_id_101_">
<h1 class="portlet-title"><span class="portlet-title-text">Tin hoạt động</span></h1>
<div class="asset-full-content-title">{escape(TITLE)}</div>
<div class="assetPublishDate block_timer">Ngày đăng 28/09/2022 | 4:04 PM</div>
<div class="asset-full-content"><div class="asset-content" id="_101_4421549">
<div class="sapo-wrapper"><p class="sapo">{escape(LEAD)}</p></div>
<div class="journal-content-article">{body_html()}<div class="tienich"><table><tr><td>In bài viết</td>
<td>Quay lại</td></tr></table></div></div></div></div>
<div class="asset-control-detail"><span>In bài viết</span><span>Gửi mail</span></div>
<div class="related_asset"><div class="related_asset_title">Các tin khác</div>{RELATED}</div></div>"""
    head = '<script>var Liferay = {Browser: {}, ThemeDisplay: {}};</script><link class="lfr-css-file" href="/x.css">'
    return BuiltPage("liferay", "https://backan.gov.vn/web/guest/-/asset_publisher/AbC/content/tang-cuong",
                     frame(article, head=head, body_attrs='class="aui"'))


def liferay_web_content() -> BuiltPage:
    """Liferay with no asset publisher (Bắc Giang selectors): the article is a web-content-display portlet and a
    shorter one (hotline banner) comes first in the page."""
    article = f"""<div id="main-content">
<div class="portlet-boundary portlet-journal-content" id="p_p_id_56_INSTANCE_x_">
<div class="journal-content-article"><p>Đường dây nóng tiếp nhận phản ánh kiến nghị của người dân và doanh nghiệp:
0204.3854.123</p></div></div>
<div class="portlet-boundary portlet-journal-content" id="p_p_id_56_INSTANCE_y_"><div class="title-news">
<h1>{escape(TITLE)}</h1></div><div class="date-news">28/09/2022 10:15 | Lượt xem: 321</div>
<div class="sapo">{escape(LEAD)}</div><div class="journal-content-article">{body_html()}</div>{TOOLBAR}
<div class="related">{RELATED}</div></div></div>"""
    head = '<script>var Liferay = {Browser: {}};</script><link class="lfr-css-file" href="/x.css">'
    return BuiltPage("liferay", "https://bacgiang.gov.vn/web/guest/-/bac-kan-tang-cuong", frame(article, head=head))


def sharepoint_trang() -> BuiltPage:
    """SharePoint "/Trang/ChiTietTinTuc.aspx?nid=": title, "22/09/2022 15:15" date line, rich-text field."""
    article = f"""<div id="ctl00_PlaceHolderMain_PlaceHolderMain"><div class="ms-webpart-zone">
<h1 class="news-title">{escape(TITLE)}</h1><div class="news-date">28/09/2022 15:15</div>
<div class="news-summary"><strong>{escape(LEAD)}</strong></div>
<div class="ms-rtestate-field">{body_html()}</div>{TOOLBAR}<div class="other-news">{RELATED}</div></div></div>"""
    head = "<script>var _spPageContextInfo = {webServerRelativeUrl: '/'};</script>"
    return BuiltPage("sharepoint-trang", "https://www.backan.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139",
                     frame(article, head=head))


def tandan() -> BuiltPage:
    """Tân Dân e-portal: tandan-* classes, "Đăng ngày" date, path date /portal/Pages/2022-9-28/."""
    article = f"""<div id="ctl00_PlaceHolderMain_g_1"><p class="tandan-p-article-news-title">{escape(TITLE)}</p>
<span class="tandan-span-date-publish">Đăng ngày 28/09/2022</span>
<p class="tandan-p-article-news-summary">{escape(LEAD)}</p>
<div class="tandan-p-article-main ms-rtestate-field">{body_html()}</div>{TOOLBAR}
<div class="tandan-div-article-other">{RELATED}</div><div class="td-tags">Từ khóa: trẻ em, Bắc Kạn</div></div>"""
    return BuiltPage("tandan", "https://backan.gov.vn/portal/Pages/2022-9-28/Bac-Kan-tang-cuong-cong-tac-tre-em-ab12cd.aspx",
                     frame(article))


def nukeviet() -> BuiltPage:
    """NukeViet news module (themes/default/modules/news/detail.tpl)."""
    article = f"""<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body"><h1 class="title margin-bottom-lg" itemprop="headline">{escape(TITLE)}</h1>
<span class="hidden hide d-none" itemprop="datePublished">2022-09-28T08:30:00+07:00</span>
<span class="h5">28/09/2022 08:30</span>
<div class="hometext m-bottom" itemprop="description">{escape(LEAD)}</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{body_html()}</div>
<div class="text-right"><a href="#">In ra</a> <a href="#">Giới thiệu bài viết cho bạn bè</a></div>
<div class="news_column panel"><p><strong>Đánh giá bài viết</strong></p></div>
<div class="other-news"><p>Những tin mới hơn</p>{RELATED}<p>Những tin cũ hơn</p>{RELATED}</div></div></div>"""
    head = '<script>var nv_base_siteurl = "/";</script><link href="/themes/default/css/news.css" rel="stylesheet">'
    return BuiltPage("nukeviet", "https://tinhuybackan.vn/news/tin-tuc/bac-kan-tang-cuong-cong-tac-tre-em-1234.html",
                     frame(article, head=head))


def wordpress() -> BuiltPage:
    """WordPress post: entry-title, time[datetime], entry-content with a sharing block."""
    article = f"""<main id="main"><article class="post type-post hentry"><header class="entry-header">
<h1 class="entry-title">{escape(TITLE)}</h1><span class="posted-on">
<time class="entry-date published" datetime="2022-09-28T08:30:00+07:00">28/09/2022</time></span></header>
<div class="entry-content">{body_html()}<div class="sharedaddy"><h3>Chia sẻ:</h3><a href="#">Facebook</a></div>
</div><nav class="post-navigation"><a href="/p1">Bài trước</a></nav></article>
<div class="related-posts">{RELATED}</div></main>"""
    head = ('<link rel="stylesheet" href="/wp-content/themes/x/style.css">'
            '<meta name="generator" content="WordPress 6.5">')
    return BuiltPage("wordpress", "https://sovhtt.backan.gov.vn/2022/09/28/bac-kan-tang-cuong/",
                     frame(article, head=head), has_lead=False)


def dotnetnuke() -> BuiltPage:
    """DotNetNuke: a DesktopModules news viewer inside dnn_ContentPane."""
    article = f"""<form id="Form" action="/tabid/36/ctl/Detail/mid/420/default.aspx">
<input type="hidden" name="__VIEWSTATE" value="abc"><div id="dnn_ContentPane"><div class="DnnModule DnnModule-News">
<h2 class="news-title">{escape(TITLE)}</h2><span id="dnn_ctr420_lblNgayDang" class="news-date">28/09/2022</span>
<div class="news-summary">{escape(LEAD)}</div><div class="news-content">{body_html()}</div>{TOOLBAR}
<div class="other-news">{RELATED}</div></div></div></form>"""
    head = '<script src="/DesktopModules/News/js/news.js"></script><script src="/js/dnn.js"></script>'
    return BuiltPage("dotnetnuke", "https://skhdt.backan.gov.vn/tabid/36/ctl/Detail/mid/420/default.aspx",
                     frame(article, head=head))


def aspnet() -> BuiltPage:
    """Custom ASP.NET portal with GUID query strings and a "Lượt xem | Gửi lúc" line (sxdthanhhoa style)."""
    article = f"""<form id="form1" method="post"><input type="hidden" name="__VIEWSTATE" value="x">
<input type="hidden" name="__EVENTVALIDATION" value="y"><div class="content-detail-wrap">
<div class="title-detail">{escape(TITLE)}</div><div class="date">Lượt xem: 7370 | Gửi lúc: 28/09/2022 15:42:27</div>
<div class="sapo">{escape(LEAD)}</div><div class="noidung">{body_html()}</div>{TOOLBAR}
<div class="tinkhac">{RELATED}</div></div></form>"""
    return BuiltPage("aspnet", "https://sxd.backan.gov.vn/Introduction.aspx?MenuID=3f2a&NewsID=9c1d-4e5f",
                     frame(article, head='<script src="/WebResource.axd?d=1"></script>'))


def lacviet() -> BuiltPage:
    """Lạc Việt SharePoint 2010 news web part (shared/fixtures/krongno-daknong/README.md): td.Time date with a
    weekday and space-separated day month year, p.Title, b.lv_description_mode1 lead, ExternalClass body holding
    pasted Liferay markup (its sapo-wrapper is text here), then the "TIN ĐÃ ĐƯA" web part."""
    article = f"""<div class="ms-WPBody" id="WebPartWPQ10"><div id="ctl00_m_g_a0d9_ctl00">
<link rel="stylesheet" href="/_layouts/LacVietBio/css/news_css.css"><table><tr class="ms-news-header">
<td class="FolderTitle">tin nổi bật</td><td class="Time">thứ tư, 28 09 2022 10:15</td></tr></table>
<table id="tableforprint"><tr><td><p class="Title">{escape(TITLE)}</p></td></tr>
<tr><td><b class="lv_description_mode1 allowMenu">{escape(LEAD)}</b></td></tr>
<tr><td><div class="ExternalClass9F3A"><div class="asset-content" id="_101_57071438">
<div class="journal-content-article">{body_html()}</div></div></div></td></tr></table></div></div>
<div class="ms-WPBody" id="WebPartWPQ12"><table class="tbtinkhac"><tr><td class="OtherTitle">
<p class="OtherTitle">TIN ĐÃ ĐƯA</p></td></tr></table><ul>
<li><a href="/hoi-nghi">Hội nghị triển khai nhiệm vụ năm 2021</a> <span class="ShowDate">(30/07/2019)</span></li>
</ul></div>"""
    return BuiltPage("lacviet", "http://backan.gov.vn/tang-cuong-cong-tac-tre-em/", frame(article))


def generic_table_portal() -> BuiltPage:
    """A custom PHP portal of table layout and class names no adapter knows: only density can find the body."""
    paras = body_html()
    article = f"""<table width="100%"><tr><td width="200" valign="top" class="left">
<table><tr><td><a href="/index.php?com=danhmuc_tin&id_category=10">Tin trong tỉnh</a></td></tr>
<tr><td><a href="/index.php?com=danhmuc_tin&id_category=11">Tin trong nước</a></td></tr>
<tr><td><a href="/index.php?com=thongbao">Thông báo</a></td></tr></table></td>
<td valign="top"><div class="tieude_ct"><b>{escape(TITLE)}</b></div>
<div class="ngay_ct">Cập nhật: 28/09/2022 08:30</div><div class="tomtat_ct"><b>{escape(LEAD)}</b></div>
<div class="nd_ct">{paras}</div>{TOOLBAR}<div class="box_ct">{RELATED}</div></td></tr></table>"""
    return BuiltPage("generic", "https://sovhttdl.backan.gov.vn/index.php?com=tin_ct&id=46", frame(article))


def generic_detail_container() -> BuiltPage:
    """Unknown markup where title, date line, bold sapo, share box and related list share the body's container."""
    related = "".join(f'<li><a href="/t/{i}">Tin số {i} về những hoạt động nổi bật của tỉnh trong tháng</a></li>'
                      for i in range(6))
    article = f"""<div class="main-col"><div class="detail">
<div class="path"><a href="/">Trang chủ</a> / <a href="/tin">Tin tức</a></div>
<h2 class="dtitle">{escape(TITLE)}</h2><p class="dinfo">Thứ Năm, 28/09/2022 09:30 | Lượt xem: 1.234</p>
<p><b>{escape(LEAD)}</b></p>{body_html()}<div class="fb">Chia sẻ: Facebook Zalo</div>
<h3>Các tin khác</h3><ul>{related}</ul></div></div>"""
    return BuiltPage("generic", "https://sotnmt.backan.gov.vn/tin-tuc/123", frame(article))


def generic_site_named_title() -> BuiltPage:
    """Unknown markup whose <title> is only the site's name (as the logo h1) and whose headline is a plain h3."""
    article = f"""<div class="col-left"><h3 class="box-title">Văn bản mới ban hành trong tháng này</h3>
<ul><li><a href="/vb/1">Quyết định số 12/QĐ-UBND về việc phê duyệt kế hoạch</a></li></ul></div>
<div class="col-main"><h3>{escape(TITLE)}</h3><div class="ngay">28/09/2022</div>
<div class="nd">{body_html()}</div>{TOOLBAR}</div>"""
    return BuiltPage("generic", "https://bandantoc.backan.gov.vn/?mod=news&id=77", frame(article, title=SITE),
                     has_lead=False)


ALL = (liferay, liferay_web_content, sharepoint_trang, tandan, nukeviet, wordpress, dotnetnuke, aspnet, lacviet,
       generic_table_portal, generic_detail_container, generic_site_named_title)
