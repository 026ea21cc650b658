"""Lạc Việt SharePoint 2010 district portals and their EasyWebHub static copies (krongno.daknong family)."""

from __future__ import annotations

from typing import ClassVar

from cleaner.adapters.base import Adapter


class LacVietAdapter(Adapter):
    """The LacVietBio news web part: category `td.FolderTitle`, date `td.Time`, title `p.Title`, lead
    `b.lv_description_mode1`, body `div.ExternalClass<hex>` inside `table#tableforprint`.

    Bodies often hold HTML pasted from a Liferay portal (`.asset-content`, `.sapo`, `.journal-content-article`):
    here that is article text, so no Liferay selector is used and the pasted sapo stays in the body. The
    "TIN ĐÃ ĐƯA" list (`p.OtherTitle`, `span.ShowDate`) is another web part, outside the scope.
    """

    platform: ClassVar[str] = "lacviet"
    scope = (".ms-WPBody:has(#tableforprint)", "[id^='ctl00_m_g_']:has(#tableforprint)", "#tableforprint", "body")
    title = ("#tableforprint p.Title", "#tableforprint .Title", "p.Title", ".news-title")
    dates = ("td.Time", ".Time", ".ngay-dang", ".news-date")
    lead = ("b.lv_description_mode1", ".lv_description_mode1")
    body = ("#tableforprint [class^='ExternalClass']", "[class^='ExternalClass']", "#tableforprint .news-content")
    listing_items = ("td.Other li", ".news-item")
    article_marks = ("#tableforprint",)
