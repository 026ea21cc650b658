"""SharePoint page objects: the Quảng Ninh/Hải Dương "/Trang/" family and the Tân Dân e-portal family."""

from __future__ import annotations

from typing import ClassVar

from cleaner.adapters.base import Adapter


class SharePointTrangAdapter(Adapter):
    """"/Trang/ChiTietTinTuc.aspx?nid=": title, date line, rich-text field body."""

    platform: ClassVar[str] = "sharepoint-trang"
    scope = ("#ctl00_PlaceHolderMain_PlaceHolderMain", "[id*='PlaceHolderMain']", "#MSO_ContentTable", "#content")
    # ASP.NET label ids and Vietnamese class names: lblTitle, lblNgay (ngày = date), lblTrichYeu (trích yếu =
    # abstract), lblNoiDung (nội dung = content).
    title = (".news-title", ".title-news", ".tieude", ".NewsTitle", "[id$='lblTitle']", "[id$='lblTieuDe']", "h1",
             "h2.title")
    dates = (".news-date", "[id$='lblNgay']", ".ngay-dang", ".date", ".ngaydang", ".NewsDate", "[class*='date']",
             "[id*='Date']")
    lead = (".news-summary", "[id$='lblTrichYeu']", ".trich-yeu", ".sapo", ".tomtat", ".NewsSummary", ".summary")
    body = (".news-content", "[id$='lblNoiDung']", ".noi-dung", ".noidung", ".NewsContent", ".ms-rtestate-field",
            ".content-detail", ".content")
    authors = (".news-author", ".tacgia", ".author")
    listing_items = (".news-item", ".item-news", ".list-news li")


class TanDanAdapter(Adapter):
    """Tân Dân "/portal/Pages/YYYY-M-D/slug.aspx": tandan-* classes for every field."""

    platform: ClassVar[str] = "tandan"
    scope = ("[id*='PlaceHolderMain']", "#MSO_ContentTable", "body")
    title = (".tandan-p-article-news-title", ".tandan-article-title", "h1")
    dates = (".tandan-span-date-publish", "[class*='date-publish']", "[class*='date']")
    lead = (".tandan-p-article-news-summary", ".tandan-article-summary")
    body = (".tandan-p-article-main", ".tandan-p-article-news-content", ".ms-rtestate-field")
    authors = (".tandan-p-article-author", ".tandan-author", "[class*='author']")
    listing_items = (".tandan-div-listnews-item", ".channel-news-title", ".tandan-p-article-news-list-title")
