"""Liferay 6.2/7 page object: scoped to the asset publisher (#p_p_id_101_), never the sidebar web-content portlets."""

from __future__ import annotations

from typing import ClassVar

from lxml import html

from cleaner.adapters.base import Adapter, PageFields


class LiferayAdapter(Adapter):
    """Asset-publisher full content: title, "Ngày đăng" date, sapo, journal-content-article body, author lines."""

    platform: ClassVar[str] = "liferay"
    scope = ("#p_p_id_101_", ".portlet-asset-publisher:has(.asset-full-content)",
             "[id^='p_p_id_101_INSTANCE']:has(.asset-full-content)", "#main-content", "#content")
    title = (".asset-full-content-title", ".asset-full-content .header-title", ".title-news h1", ".title-detail h1",
             "h1.title", ".asset-title", ".component-title", "h1:not(.portlet-title)")
    dates = (".assetPublishDate", ".asset-full-content .date", ".metadata-publish-date", ".date-news", ".date_time",
             "[class*='publish-date']")
    lead = (".sapo", ".asset-summary", ".summary", ".lead")
    body = (".asset-full-content .journal-content-article", ".asset-content .journal-content-article",
            ".journal-content-article", ".content-detail", ".detail-content", ".textdetail", ".asset-content")
    authors = ("p.texttacgia", "p.view-content-author", ".author")
    listing_items = (".asset-abstract",)
    article_marks = (".asset-full-content", ".asset-full-content-title")

    def read(self) -> PageFields:
        """As Adapter.read, but when a selector matches several bodies (web-content-display portlets: banners,
        hotlines, link tables beside the article), the one with the most text is the article."""
        fields = super().read()
        for sel in self.body:
            found: list[html.HtmlElement] = self._all(self.root, (sel,))
            if len(found) > 1:
                fields.body = max(found, key=lambda el: len(el.text_content()))
            if found:
                break
        return fields
