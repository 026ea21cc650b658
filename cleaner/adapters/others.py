"""Page objects for NukeViet, WordPress, DotNetNuke and custom ASP.NET portals."""

from __future__ import annotations

from typing import ClassVar

from cleaner.adapters.base import Adapter


class NukeVietAdapter(Adapter):
    """NukeViet news module: schema.org NewsArticle column, hometext lead, #news-bodyhtml body."""

    platform: ClassVar[str] = "nukeviet"
    scope = (".news_column", "[itemtype*='NewsArticle']", "#main", "body")
    title = ("h1.title", "[itemprop='headline']", "h1", "h2.title")
    dates = ("[itemprop='datePublished']", ".h5", ".time", "[class*='date']")
    lead = (".hometext", "[itemprop='description']")
    body = ("#news-bodyhtml", ".bodytext", "[itemprop='articleBody']")
    authors = ("[itemprop='author'] [itemprop='name']", ".author", ".source")
    listing_items = (".news_column .panel-body h3", ".news-list-item", ".list-news h3")


class WordPressAdapter(Adapter):
    """WordPress posts: entry title, time[datetime], entry content."""

    platform: ClassVar[str] = "wordpress"
    scope = ("article.post", "article", "main", "#content", "body")
    title = (".entry-title", "h1.post-title", "h1")
    dates = ("time.entry-date[datetime]", "time[datetime]", ".entry-date", ".posted-on", ".post-date")
    lead = (".entry-summary", ".post-excerpt", ".sapo")
    body = (".entry-content", ".post-content", ".td-post-content", ".single-content", "[itemprop='articleBody']")
    authors = (".author.vcard", ".byline .author", ".entry-author")
    listing_items = ("article.post", ".type-post")


# Framework ids are not content markers: on WebForms every id contains "ctl00_ContentPlaceHolder…", on DotNetNuke
# "dnn_…ContentPane"; an error panel is as much "Content" as the article. Ids are matched by their own ending
# (the control's name: lblNoiDung = nội dung, content; lblTieuDe = tiêu đề, title; lblNgay = ngày, date).


class DotNetNukeAdapter(Adapter):
    """DotNetNuke: DesktopModules news viewer inside a dnn_ContentPane."""

    platform: ClassVar[str] = "dotnetnuke"
    scope = ("[id$='ContentPane']", "#dnn_ContentPane", ".DnnModule", "body")
    title = (".news-title", "[id$='lblTitle']", "[id$='lblTieuDe']", ".Head", ".title", "h1", "h2")
    dates = (".news-date", "[id$='lblNgayDang']", "[id$='lblNgay']", "[id$='lblDate']", "[class*='date']")
    lead = (".news-summary", ".sapo", ".summary", "[id$='lblSummary']", "[id$='lblTomTat']", "[id$='lblTrichYeu']")
    body = (".news-content", "[id$='lblNoiDung']", "[id$='lblContent']", "[id$='divContent']", ".Normal",
            ".content")
    authors = (".news-author", ".author", "[id$='lblAuthor']", "[id$='lblTacGia']")
    listing_items = (".news-item", ".list-news li")


class AspNetAdapter(Adapter):
    """Custom ASP.NET portals (GUID query strings): common Vietnamese class names and control ids."""

    platform: ClassVar[str] = "aspnet"
    scope = ("#form1", "form", "body")
    title = (".news-title", ".title-detail", ".tieude", ".title_news", "[id$='lblTitle']", "[id$='lblTieuDe']", "h1",
             ".title")
    dates = (".news-date", ".ngaydang", ".date", "[id$='lblNgayDang']", "[id$='lblNgay']", "[id$='lblDate']",
             "[class*='date']")
    lead = (".news-summary", ".sapo", ".tomtat", ".summary", "[id$='lblSummary']", "[id$='lblTomTat']",
            "[id$='lblTrichYeu']")
    body = (".news-content", ".noidung", ".content-detail", ".detail-content", "[id$='lblNoiDung']",
            "[id$='lblContent']", "[id$='divContent']", ".content")
    authors = (".news-author", ".tacgia", ".author", "[id$='lblTacGia']", "[id$='lblAuthor']")
    listing_items = (".news-item", ".list-news li")
