"""cleaner.classify inside cleaner.extract: what a page is by its content. Home and category pages that show the
lead of their newest article are listings, never articles; a short text is a notice; an article stays an article
beside its own "related news" box."""

from __future__ import annotations

import pytest

from cleaner import NotAnArticle, extract
from tests.cleaner.fixtures import SOTTTT
from tests.cleaner.krongno import KRONGNO, KRONGNO_URL, article_pages, url_of

WORDS = ("Ủy ban nhân dân tỉnh đã tổ chức hội nghị triển khai nhiệm vụ trọng tâm của năm, yêu cầu các sở, ngành "
         "và địa phương tập trung thực hiện đồng bộ các giải pháp. ")
HEADLINES = [f"Hội nghị triển khai nhiệm vụ công tác trọng tâm số {n} của tỉnh" for n in range(12)]


def page(title: str, body: str, links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f"<html><head><title>{title} - Cổng thông tin</title></head><body><div class='menu'><ul>{items}</ul></div>"
            f"<article><h1>{title}</h1><p class='date'>Ngày 05/03/2024</p>{body}</article></body></html>")


def test_a_home_page_showing_the_newest_articles_lead_is_a_listing() -> None:
    lead = f"<p>{WORDS}</p><p><a href='/tin/bai-0'>Xem tiếp</a></p>"
    links = [(f"/tin/bai-{n}", h) for n, h in enumerate(HEADLINES)]
    with pytest.raises(NotAnArticle, match="listing page: the title links to another page") as caught:
        extract(page(HEADLINES[0], lead, links), "http://cong.example.vn/")
    assert caught.value.kind == "listing"


def test_an_article_with_a_related_news_box_is_an_article_and_a_short_one_a_notice() -> None:
    links = [(f"/tin/bai-{n}", h) for n, h in enumerate(HEADLINES[1:], 1)]
    article = extract(page(HEADLINES[0], f"<p>{WORDS * 8}</p>", links), "http://cong.example.vn/tin/bai-0")
    assert article.kind == "article"
    short = extract(page("Thông báo lịch tiếp công dân tháng 5", f"<p>{WORDS}</p>", links[:3]),
                    "http://cong.example.vn/tin/thong-bao")
    assert short.kind == "notice"


def test_a_body_made_of_teasers_is_a_listing() -> None:
    teasers = "".join(f"<p>{h} 13/08/2025</p><p>{WORDS}</p>" for h in HEADLINES[:6])
    links = [(f"/tin/bai-{n}", h) for n, h in enumerate(HEADLINES)]
    with pytest.raises(NotAnArticle, match="paragraphs are headlines") as caught:
        extract(page("Tin tức sự kiện", teasers, links), "http://cong.example.vn/tin-tuc/")
    assert caught.value.kind == "listing"


@pytest.mark.skipif(not KRONGNO.is_dir(), reason="krongno fixture not present")
def test_real_home_pages_are_listings_and_real_articles_stay_articles() -> None:
    with pytest.raises(NotAnArticle) as home:
        extract((KRONGNO / "index.html").read_bytes(), KRONGNO_URL)  # shows the newest article's title and lead
    assert home.value.kind == "listing"
    pages = article_pages()
    assert len(pages) >= 30
    assert {extract(p.read_bytes(), url_of(p)).kind for p in pages} <= {"article", "notice"}
    if (SOTTTT / "index.html").is_file():
        with pytest.raises(NotAnArticle) as liferay_home:
            extract((SOTTTT / "index.html").read_bytes(), "http://sotttt.hanoi.gov.vn/vi/")
        assert liferay_home.value.kind == "listing"
