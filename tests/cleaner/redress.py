"""Real article texts (the krongno gold set) re-dressed in other platforms' chrome, in several variants each.

Markup follows shared/research/vn-portals.md (§1.1-1.5, 1.8, 1.9): ASP.NET WebForms with an error label in a
side panel, DotNetNuke with an error module in a pane, NukeViet, Tân Dân, Liferay, and Lạc Việt/EasyWebHub
sibling sites with another district's name, menus and date format. The text is real (nobody on the team wrote
it); only the chrome is built, so what a page must yield is known exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from core.clock import VN_TZ

GOLD = Path(__file__).parent / "eval" / "gold_krongno.json"
ERROR = "Object reference not set to an instance of an object."
CHROME_STRINGS = ("TRANG CHỦ", "Đăng nhập", "Liên kết website", "Số lượt truy cập", "Tin khác", "In bài viết",
                  "Thăm dò ý kiến", "Bản quyền", ERROR, "Hỏi đáp trực tuyến", "TIN ĐÃ ĐƯA")
PICKS = ("cong-khai-thu-tuc-hai-quan", "da-dang-cac-hinh-thuc", "huong-dan-tinh-muc-luong", "nhung-chinh-sach",
         "tap-trung-tuyen-truyen", "thanh-lap-trung-tam", "thuc-hien-phong-trao", "tiep-tuc-cap-mot-so",
         "krong-no-phat-dong", "dong-chi-ha-trung-ky")


@dataclass(frozen=True)
class Text:
    """A real article: title, paragraphs, and the minute it is dated (the gold day at a fixed time)."""

    slug: str
    title: str
    paragraphs: tuple[str, ...]
    when: datetime


def texts() -> list[Text]:
    """The picked gold articles of the krongno fixture."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    out = []
    for key, entry in gold.items():
        if key.startswith(PICKS):
            d, m, y = (int(x) for x in str(entry["date"]).split("/"))
            paras = tuple(p for p in str(entry["text"]).split("\n") if p.strip())
            out.append(Text(key.split("/")[0], str(entry["title"]), paras, datetime(y, m, d, 8, 52, tzinfo=VN_TZ)))
    return out


def _ps(paras: tuple[str, ...] | list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<p{attr}>{escape(p)}</p>" for p in paras)


def _menu(items: tuple[str, ...]) -> str:
    links = "".join(f"<li><a href='/m{i}'>{escape(x)}</a></li>" for i, x in enumerate(items))
    return f"<ul class='topmenu'>{links}</ul>"


MENU_A = ("TRANG CHỦ", "CƠ CẤU TỔ CHỨC", "TIN TỨC - SỰ KIỆN", "VĂN BẢN PHÁP LUẬT", "Đăng nhập")
MENU_B = ("Trang chủ", "Giới thiệu", "Chính quyền", "Dịch vụ công", "Hỏi đáp trực tuyến", "Liên hệ")
SIDE = ("<div class='side'><h3>Thăm dò ý kiến</h3><p>Bạn đánh giá thế nào về Cổng thông tin?</p>"
        "<h3>Liên kết website</h3><select><option>Chọn liên kết</option></select>"
        "<div class='counter'>Số lượt truy cập: 1.234.567</div></div>")
FOOT = ("<div id='footer'><p>Bản quyền thuộc Ủy ban nhân dân huyện. Địa chỉ: thị trấn, điện thoại 0261 3500 123</p>"
        "</div>")
OTHER = "<div class='tinkhac'><h3>Tin khác</h3><ul>" + "".join(
    f"<li><a href='/t{i}'>Hội nghị sơ kết công tác quý {i} năm 2019 của huyện</a></li>" for i in range(1, 5)
) + "</ul></div>"


def _page(site: str, body: str, head: str = "", title: str | None = None) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title or site)}</title>{head}</head>"
            f"<body>{body}</body></html>")


# --- ASP.NET WebForms: every id is ctl00_ContentPlaceHolder1_…; an error label sits in a side panel ---

def aspnet_error_left(t: Text) -> str:
    hidden = ("<input type='hidden' name='__VIEWSTATE' value='/wEPDwUK'>"
              "<input type='hidden' name='__EVENTVALIDATION' value='x'>")
    side = (f"<div id='ctl00_ContentPlaceHolder1_pnlLeft'><span id='ctl00_ContentPlaceHolder1_lblError'>{ERROR}</span>"
            "</div>")
    main = (f"<div id='ctl00_ContentPlaceHolder1_pnlMain'><span id='ctl00_ContentPlaceHolder1_lblTieuDe' "
            f"class='tieude'>{escape(t.title)}</span><span id='ctl00_ContentPlaceHolder1_lblNgay'>"
            f"Cập nhật: {t.when:%d/%m/%Y %H:%M}</span><div id='ctl00_ContentPlaceHolder1_lblNoiDung'>"
            f"{_ps(t.paragraphs)}</div></div>")
    return _page("Tỉnh ủy", f"<form id='form1'>{hidden}{_menu(MENU_A)}{side}{main}{OTHER}{SIDE}{FOOT}</form>",
                 head="<script src='/WebResource.axd?d=1'></script>")


def aspnet_error_right_unknown_body(t: Text) -> str:
    """The body container has a class no adapter knows; the only "Content" ids are framework ones."""
    hidden = "<input type='hidden' name='__VIEWSTATE' value='/wEPDwUK'>"
    main = (f"<div id='ctl00_ContentPlaceHolder1_ctl00_divMain'><h1>{escape(t.title)}</h1>"
            f"<div class='ngaydang'>{t.when:%d/%m/%Y %H:%M}</div><div class='chitiet-bai'>{_ps(t.paragraphs)}</div>"
            "</div>")
    side = (f"<div id='ctl00_ContentPlaceHolder1_ucRight_pnlContent'><div class='box'>{ERROR}</div>"
            "<a href='/hoidap'>Hỏi đáp trực tuyến</a></div>")
    return _page("Cổng TTĐT", f"<form id='aspnetForm'>{hidden}{_menu(MENU_B)}{main}{side}{OTHER}{FOOT}</form>",
                 head="<script src='/ScriptResource.axd?d=2'></script>")


def aspnet_error_in_content_id(t: Text) -> str:
    """The first element whose id contains "Content" is the error panel (the held-back Tỉnh ủy page)."""
    hidden = "<input type='hidden' name='__VIEWSTATE' value='/wEPDwUK'>"
    side = f"<div id='ctl00_ContentPlaceHolder1_pnlContentLeft' class='content'><b>{ERROR}</b></div>"
    main = (f"<div class='news-detail'><div class='title_news'>{escape(t.title)}</div>"
            f"<div class='date'>Ngày {t.when:%d/%m/%Y} lúc {t.when:%H:%M}</div><div class='detail-content'>"
            f"{_ps(t.paragraphs)}</div></div>")
    return _page("Tỉnh ủy", f"<form id='form1'>{hidden}{_menu(MENU_A)}{side}{main}{OTHER}{SIDE}{FOOT}</form>",
                 head="<script src='/WebResource.axd?d=1'></script>")


# --- DotNetNuke: dnn_ panes and modules ---

def _dnn(t: Text, left: str, body: str) -> str:
    head = "<script src='/DesktopModules/News/js/news.js'></script><script>var dnnVariable = {};</script>"
    return _page("Sở", f"<form id='Form'>{_menu(MENU_B)}<div id='dnn_LeftPane'>{left}</div>"
                       f"<div id='dnn_ContentPane'>{body}</div>{SIDE}{FOOT}</form>", head=head)


def dnn_error_in_left_pane(t: Text) -> str:
    left = (f"<div class='DnnModule'><div id='dnn_ctr380_ModuleContent'><span class='NormalRed'>{ERROR}</span>"
            "</div></div>")
    body = (f"<div class='DnnModule'><div id='dnn_ctr420_ModuleContent'><h2 class='news-title'>{escape(t.title)}</h2>"
            f"<span id='dnn_ctr420_ViewNews_lblNgayDang'>{t.when:%H:%M %d/%m/%Y}</span>"
            f"<div id='dnn_ctr420_ViewNews_lblContent'>{_ps(t.paragraphs)}</div></div></div>{OTHER}")
    return _dnn(t, left, body)


def dnn_error_module_first_in_content_pane(t: Text) -> str:
    """The first `.Normal` of the content pane is an error module; the article is the second."""
    err = f"<div class='DnnModule'><div class='Normal'>{ERROR}</div></div>"
    body = (f"{err}<div class='DnnModule'><h2 class='Head'>{escape(t.title)}</h2>"
            f"<div class='news-date'>{t.when:%d/%m/%Y %H:%M}</div><div class='Normal'>{_ps(t.paragraphs)}</div>"
            f"</div>{OTHER}")
    return _dnn(t, "<div class='DnnModule'><a href='/'>Trang chủ</a></div>", body)


def dnn_empty_news_content(t: Text) -> str:
    """An empty `.news-content` placeholder (a web part left blank) above the real text in `.Normal`."""
    body = (f"<div class='DnnModule'><h1>{escape(t.title)}</h1><div class='news-date'>{t.when:%d/%m/%Y %H:%M}</div>"
            f"<div class='news-content'> </div><div class='Normal'>{_ps(t.paragraphs)}</div></div>{OTHER}")
    return _dnn(t, "", body)


# --- NukeViet, Tân Dân, Liferay ---

def nukeviet(t: Text) -> str:
    head = "<script>var nv_base_siteurl = '/';</script>"
    body = ("<div class='news_column panel' itemtype='http://schema.org/NewsArticle' itemscope><div class='panel-body'>"
            f"<h1 class='title' itemprop='headline'>{escape(t.title)}</h1>"
            f"<span class='hidden' itemprop='datePublished'>{t.when.isoformat()}</span>"
            f"<span class='h5'>{t.when:%d/%m/%Y %H:%M}</span>"
            f"<div id='news-bodyhtml' class='bodytext'>{_ps(t.paragraphs)}</div>"
            f"<div class='other-news'><p>Những tin mới hơn</p>{OTHER}</div></div></div>")
    return _page("Huyện ủy", f"{_menu(MENU_B)}{body}{SIDE}{FOOT}", head=head)


def tandan(t: Text) -> str:
    body = (f"<div id='ctl00_PlaceHolderMain_g_1'><p class='tandan-p-article-news-title'>{escape(t.title)}</p>"
            f"<span class='tandan-span-date-publish'>Đăng ngày {t.when:%d/%m/%Y %H:%M}</span>"
            f"<div class='tandan-p-article-main ms-rtestate-field'>{_ps(t.paragraphs)}</div>"
            f"<div class='tandan-div-article-other'>{OTHER}</div></div>")
    return _page("Cổng thông tin điện tử", f"{_menu(MENU_A)}{body}{SIDE}{FOOT}")


def liferay(t: Text) -> str:
    head = "<script>var Liferay = {Browser: {}};</script>"
    body = (f"<div class='portlet-boundary' id='p_p_id_101_'><div class='asset-full-content-title'>{escape(t.title)}"
            f"</div><div class='assetPublishDate'>Ngày đăng {t.when:%d/%m/%Y | %I:%M %p}</div>"
            f"<div class='asset-full-content'><div class='journal-content-article'>{_ps(t.paragraphs)}</div></div>"
            f"<div class='related_asset'>{OTHER}</div></div>")
    return _page("Sở", f"{_menu(MENU_A)}{body}{SIDE}{FOOT}", head=head)


# --- Lạc Việt / EasyWebHub siblings: another district, other menus, another date print, pasted Liferay sapo ---

def _lacviet(t: Text, *, site: str, menu: tuple[str, ...], date_text: str, hexid: str, wayback: bool) -> str:
    first, rest = t.paragraphs[0], t.paragraphs[1:]
    pasted = (f"<div class='asset-content' id='_101_5707'><div class='sapo-wrapper clearfix'><p class='sapo'><strong>"
              f"{escape(first)}</strong></p></div><div class='journal-content-article'>{_ps(rest)}"
              f"<p>Xem chi tiết <a href='/'>Tại đây</a></p>")  # left open, as the real pages do
    toolbar = ("<div id='wm-ipp'><a href='/web/*/x'>38 captures</a><div>28 Jan 2017 - 3 Sep 2018</div></div>"
               if wayback else "")
    part1 = (f"<div class='ms-WPBody' id='WebPartWPQ10'><div id='ctl00_m_g_a0d9_ctl00'>"
             f"<link rel='stylesheet' href='/_layouts/LacVietBio/css/news_css.css'><table><tr class='ms-news-header'>"
             f"<td class='FolderTitle'>tin tức sự kiện</td><td class='Time'>{date_text}</td></tr></table>"
             f"<table id='tableforprint'><tr><td><p class='Title'>{escape(t.title)}</p></td></tr>"
             f"<tr><td><b class='lv_description_mode1 allowMenu'></b></td></tr><tr><td>"
             f"<div class='ExternalClass{hexid}'><p><span><br></span></p><div>{pasted}")
    part2 = ("<tr><td id='MSOZoneCell_WebPartWPQ12'><div class='ms-WPBody'><table class='tbtinkhac'><tr>"
             "<td class='OtherTitle'><p class='OtherTitle'>TIN ĐÃ ĐƯA</p></td></tr></table><ul>"
             f"<li><a href='/x'>{escape(t.title)}</a><span class='ShowDate'>({t.when:%d/%m/%Y})</span></li>"
             "<li><a href='/y'>Hội nghị sơ kết công tác quý II năm 2019</a>"
             "<span class='ShowDate'>(30/07/2019)</span></li>"
             "</ul></div></td></tr>")
    counter = "<h3>SỐ LƯỢT TRUY CẬP</h3><table><tr>" + "".join(f"<td>{d}</td>" for d in "0012345") + "</tr></table>"
    return _page(site, f"{toolbar}<h1>{''.join(menu)}</h1>{_menu(menu)}<div class='snCenter'>{part1}{part2}</div>"
                       f"{counter}{FOOT}", title=site)


def lacviet_dakmil(t: Text) -> str:
    return _lacviet(t, site="Trang thông tin điện tử Huyện Đắk Mil", menu=MENU_A, hexid="5E1A77C0B2",
                    date_text=f"thứ năm, {t.when:%d %m %Y %H:%M}", wayback=False)


def lacviet_tuyduc(t: Text) -> str:
    return _lacviet(t, site="Cổng thông tin điện tử huyện Tuy Đức", menu=MENU_B, hexid="D44D9F9779FB",
                    date_text=f"{t.when:%d/%m/%Y %H:%M}", wayback=True)


def lacviet_cujut(t: Text) -> str:
    return _lacviet(t, site="UBND huyện Cư Jút", menu=("Trang chủ", "Tin tức", "Thủ tục hành chính"), hexid="0B7",
                    date_text=f"Thứ Hai, {t.when:%d %m %Y %H:%M}", wayback=False)


Chrome = Callable[[Text], str]
CHROMES: dict[str, tuple[str, str, Chrome]] = {  # name -> (platform, URL shape, builder)
    "aspnet_error_left": ("aspnet", "http://tinhuy.example.gov.vn/Detail.aspx?NewsID={slug}", aspnet_error_left),
    "aspnet_error_right_unknown_body": ("aspnet", "http://dcs.example.gov.vn/News.aspx?newsid={slug}",
                                        aspnet_error_right_unknown_body),
    "aspnet_error_in_content_id": ("aspnet", "http://tinhuy.example.gov.vn/Tin.aspx?NewsID={slug}",
                                   aspnet_error_in_content_id),
    "dnn_error_in_left_pane": ("dotnetnuke", "http://so.example.gov.vn/tabid/36/ctl/Detail/mid/420/{slug}.aspx",
                               dnn_error_in_left_pane),
    "dnn_error_module_first": ("dotnetnuke", "http://so.example.gov.vn/tabid/37/{slug}/default.aspx",
                               dnn_error_module_first_in_content_pane),
    "dnn_empty_news_content": ("dotnetnuke", "http://so.example.gov.vn/tabid/38/{slug}/default.aspx",
                               dnn_empty_news_content),
    "nukeviet": ("nukeviet", "http://huyenuy.example.vn/news/tin-tuc/{slug}-123.html", nukeviet),
    "tandan": ("tandan", "http://example.gov.vn/portal/Pages/2019-7-30/{slug}.aspx", tandan),
    "liferay": ("liferay", "http://so.example.gov.vn/web/guest/-/{slug}", liferay),
    "lacviet_dakmil": ("lacviet", "http://dakmil.daknong.gov.vn/{slug}/", lacviet_dakmil),
    "lacviet_tuyduc": ("lacviet", "http://tuyduc.daknong.gov.vn/{slug}/", lacviet_tuyduc),
    "lacviet_cujut": ("lacviet", "http://cujut.daknong.gov.vn/{slug}/", lacviet_cujut),
}
