"""Article.truncated (issue 15, "Data a reader can trust"): a page cut in transport or by its server, a text that
stops mid-sentence, and no document key read from a cut tail. Real seed text, cut here."""

from __future__ import annotations

from html import escape

import pytest

from cleaner import extract
from cleaner.truncation import ends_mid_sentence, markup_unclosed, trusted_text
from tests.cleaner import pages
from tests.cleaner.fixtures import SEEDS

URL = "https://haugiang.gov.vn/tin-tuc/2022/8/quyen-tre-em.html"
TITLE = "Hậu Giang triển khai hiệu quả công tác phối hợp liên ngành trong thực hiện quyền trẻ em"
CITED = "Nghị định số 20/2021/NĐ-CP"


def seed_004() -> list[str]:
    """The paragraphs of seed 004 (a Hậu Giang article citing Nghị định số 20/2021/NĐ-CP) after its title."""
    lines = [ln.strip() for ln in (SEEDS / "004_a2f6dc1cd352d19b.txt").read_text(encoding="utf-8").splitlines()]
    return [ln for ln in lines[lines.index(TITLE) + 1:] if len(ln.split()) > 12]


def page(paras: list[str]) -> str:
    """The paragraphs as an article in a portal page (menus, sidebar, footer)."""
    article = (f'<div class="news-detail"><h1 class="title">{escape(TITLE)}</h1><div class="content">'
               + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</div></div>")
    return pages.frame(article, title=TITLE)


def cut_after(html: str, needle: str) -> bytes:
    """The page's bytes up to and including `needle`: what a server sends when the connection drops there."""
    return html[: html.index(needle) + len(needle)].encode()


def test_a_page_cut_mid_number_is_flagged_and_the_cut_key_not_read() -> None:
    html = page(seed_004())
    whole = extract(html.encode(), URL)
    assert not whole.truncated
    assert "20/2021/NĐ-CP" in [d.key for d in whole.directives]
    cut = extract(cut_after(html, "Nghị định số 20/2021/N"), URL)
    assert cut.truncated  # the markup stops inside the article block
    assert cut.body.endswith("Nghị định số 20/2021/N")  # what arrived is kept
    keys = [d.key for d in cut.directives]
    assert not any(k.startswith("20/2021") for k in keys), keys
    assert "N" not in [d.issuer for d in cut.directives]


def test_the_crawlers_cut_flag_counts_only_inside_the_article() -> None:
    html = page(seed_004())
    in_footer = cut_after(html, "Cơ quan chủ quản")
    assert not extract(in_footer, URL).truncated  # the article block closed before the cut
    assert not extract(html.encode(), URL, cut=True).truncated  # said cut, but the whole article is there
    in_article = cut_after(html, "hoàn cảnh đặc biệt phục hồi")
    assert extract(in_article, URL, cut=True).truncated


def test_a_text_that_stops_mid_sentence_is_flagged() -> None:
    paras = seed_004()
    last = paras[-1]
    stopped = " ".join(last.split()[:30])[:-2]  # mid-word, as a portal's own truncation leaves it
    article = extract(page([*paras[:-1], stopped]).encode(), URL)  # the markup itself is whole
    assert article.truncated


@pytest.mark.parametrize("build", [pages.liferay, pages.sharepoint_trang, pages.tandan, pages.nukeviet,
                                   pages.wordpress, pages.dotnetnuke, pages.aspnet, pages.lacviet,
                                   pages.generic_table_portal, pages.generic_detail_container])
def test_whole_pages_are_not_flagged(build: object) -> None:
    built = build()  # type: ignore[operator]
    assert not extract(built.html.encode(), built.url).truncated


def test_the_signals() -> None:
    assert markup_unclosed("<html><body><p>Ủy ban")
    assert not markup_unclosed("<html><body><p>Ủy ban</p></body></html>\n<!-- cache -->")
    prose = "Ủy ban nhân dân tỉnh đã ban hành kế hoạch triển khai thực hiện chính sách trợ giúp xã hội " * 2
    assert ends_mid_sentence([prose + "cho trẻ em có hoàn cảnh đặc bi"])
    assert not ends_mid_sentence([prose + "cho trẻ em."])
    assert not ends_mid_sentence(["Theo Báo Đắk Nông điện tử"])  # a credit line, not prose
    assert not ends_mid_sentence([prose + "tại Sân vận động quốc gia Mỹ Đình"])  # a name may end a caption
    assert trusted_text("theo Nghị định số 56/2017/N", truncated=True) == "theo Nghị định số "
    assert trusted_text("theo Nghị định số 56/2017/N", truncated=False).endswith("56/2017/N")
