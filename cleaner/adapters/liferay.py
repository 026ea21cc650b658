"""Liferay 6.2/7 page object: scoped to the asset publisher (#p_p_id_101_), never the sidebar web-content portlets."""

from __future__ import annotations

from typing import ClassVar

from cleaner.adapters.base import Adapter


class LiferayAdapter(Adapter):
    """Asset-publisher full content: title, "Ngày đăng" date, sapo, journal-content-article body, author lines."""

    platform: ClassVar[str] = "liferay"
    scope = ("#p_p_id_101_", ".portlet-asset-publisher:has(.asset-full-content)",
             "[id^='p_p_id_101_INSTANCE']:has(.asset-full-content)", "#main-content", "#content")
    title = (".asset-full-content-title", ".asset-full-content .header-title", ".title-news h1", ".title-detail h1",
             "h1.title", ".asset-title", "h1:not(.portlet-title)")
    dates = (".assetPublishDate", ".asset-full-content .date", ".metadata-publish-date", ".date-news", ".date_time",
             "[class*='publish-date']")
    lead = (".sapo", ".asset-summary", ".summary", ".lead")
    body = (".asset-full-content .journal-content-article", ".asset-content .journal-content-article",
            ".journal-content-article", ".content-detail", ".detail-content", ".textdetail", ".asset-content")
    authors = ("p.texttacgia", "p.view-content-author", ".author")
    listing_items = (".asset-abstract",)
    article_marks = (".asset-full-content", ".asset-full-content-title")
