"""Each platform adapter (and the generic extractor) on a page built in that platform's markup around seed 000."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cleaner import detect_platform, extract
from cleaner.adapters import ADAPTERS
from tests.cleaner import pages
from tests.cleaner.fixtures import token_f1

NOW = datetime(2024, 9, 16, 3, 0, tzinfo=UTC)  # the day the pages' headers show as "today"
BUILT = {build.__name__: build() for build in pages.ALL}


def want_body() -> str:
    paras = pages.seed_paragraphs()
    return "\n".join([*paras[:2], pages.CAPTION, *paras[2:]])


def test_every_platform_has_a_built_page():
    assert {p.platform for p in BUILT.values()} == {*ADAPTERS, "generic"}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_platform_is_detected(name):
    page = BUILT[name]
    assert detect_platform(page.html, page.url) == page.platform


@pytest.mark.parametrize("name", sorted(BUILT))
def test_article_fields(name):
    page = BUILT[name]
    art = extract(page.html, page.url, now=NOW)
    assert art.platform == page.platform
    assert art.title == pages.TITLE
    assert art.published is not None
    assert art.published.date() == date(*pages.PUBLISHED)  # not the header's "today"
    assert token_f1(art.body, want_body()) >= 0.99
    assert art.author == pages.AUTHOR
    assert pages.AUTHOR not in art.body


@pytest.mark.parametrize("name", sorted(BUILT))
def test_no_boilerplate_in_body(name):
    page = BUILT[name]
    art = extract(page.html, page.url, now=NOW)
    assert [b for b in pages.BOILERPLATE if b in art.body] == []
    assert "Tin khác số" not in art.body  # the sidebar list
    assert "Hội nghị triển khai nhiệm vụ" not in art.body  # the related list under the article


@pytest.mark.parametrize("name", sorted(BUILT))
def test_duplicated_caption_appears_once(name):
    page = BUILT[name]
    art = extract(page.html, page.url, now=NOW)
    assert page.html.count(pages.CAPTION) >= 3
    assert art.body.count(pages.CAPTION) == 1


@pytest.mark.parametrize("name", sorted(BUILT))
def test_lead_is_the_summary_not_the_body(name):
    page = BUILT[name]
    art = extract(page.html, page.url, now=NOW)
    if page.has_lead:
        assert art.summary == pages.LEAD
        assert pages.LEAD not in art.body
    else:
        assert art.summary is None


def test_liferay_sidebar_web_content_is_not_the_body():
    page = BUILT["liferay"]
    art = extract(page.html, page.url, now=NOW)
    assert "Đường dây nóng" not in art.body
    assert art.title != "Tin hoạt động"  # the portlet title


def test_source_platform_overrides_detection():
    from core.source import Source

    page = BUILT["tandan"]
    src = Source(id="backan", name="Bắc Kạn", base_url="https://backan.gov.vn", platform="tandan", province="bac-kan")
    art = extract(page.html, page.url, src, now=NOW)
    assert art.source_id == "backan"
    assert art.platform == "tandan"
    assert art.province == "thai-nguyen"  # Bắc Kạn merged into Thái Nguyên on 1/7/2025
    assert art.province_at_publication == "bac-kan"
