"""cleaner.bounds and the caps of issue 17: a 21 MB page, a million tags, 300 unclosed paragraphs (real HTML
bytes built here around a real seed text). Speed and memory are measured by benchmarks/hostile_pages.py."""

from __future__ import annotations

from html import escape

from cleaner import extract
from cleaner.bounds import cut_bytes, cut_text, node_count, prune
from cleaner.dom import parse_page
from core.limits import MIB, Limits
from tests.cleaner.pages import TITLE, frame, seed_paragraphs

URL = "https://bankan.gov.vn/tin-tuc/2022/9/tre-em.html"
ARTICLE_START = f'<div class="news-detail"><h1 class="title">{escape(TITLE)}</h1><div class="content">'


def numbered(n: int) -> str:
    """`n` paragraphs of the seed's prose, each carrying its number ("Đoạn 17.")."""
    paras = seed_paragraphs()
    return "".join(f"<p>Đoạn {i}. {escape(paras[i % len(paras)])}</p>" for i in range(n))


def test_a_21_mb_page_is_cut_at_the_page_cap_and_flagged() -> None:
    one = len(numbered(1).encode())
    html = frame(ARTICLE_START + numbered(21 * MIB // one) + "</div></div>").encode()
    assert len(html) > 20 * MIB
    article = extract(html, URL)
    assert article.title == TITLE
    assert article.truncated  # cut inside the article block
    assert "Đoạn 0." in article.body
    assert len(article.body.encode()) < Limits().page_bytes
    assert "Đoạn 7000." not in article.body  # what lies past 2 MiB is not read


def test_the_cap_is_the_callers() -> None:
    html = frame(ARTICLE_START + numbered(400) + "</div></div>").encode()
    whole = extract(html, URL)
    assert not whole.truncated
    assert "Đoạn 399." in whole.body
    cut = extract(html, URL, limits=Limits(page_bytes=len(html) // 2))
    assert cut.truncated
    assert "Đoạn 399." not in cut.body
    assert "Đoạn 10." in cut.body


def test_a_page_cut_in_its_footer_keeps_a_whole_article() -> None:
    html = frame(ARTICLE_START + numbered(40) + "</div></div>").encode()
    cut_at = html.index(b'<div id="footer">') + 40
    article = extract(html, URL, limits=Limits(page_bytes=cut_at))
    assert "Đoạn 39." in article.body
    assert not article.truncated  # the page was cut, the article was not


def test_cut_bytes_never_splits_a_tag_or_a_character() -> None:
    data = "<p>Ủy ban nhân dân</p><p>tỉnh Bắc Kạn</p>".encode()
    for cap in range(1, len(data)):
        head, cut = cut_bytes(data, cap)
        assert cut
        assert len(head) <= cap
        head.decode("utf-8")  # whole characters
        assert head.count(b"<") == head.count(b">")
    assert cut_bytes(data, len(data)) == (data, False)
    assert cut_text("<p>Ủy ban</p>" * 3, 20) == ("<p>Ủy ban</p>", True)


def test_a_million_tags_are_unwrapped_and_the_article_kept() -> None:
    html = frame(ARTICLE_START + numbered(30) + "<b>x</b>" * 1_000_000 + "</div></div>").encode()
    article = extract(html, URL, limits=Limits(page_bytes=16 * MIB, dom_nodes=100_000))
    assert article.title == TITLE
    assert "Đoạn 0." in article.body
    assert "Đoạn 29." in article.body
    assert not article.truncated  # nothing was lost: the tags' text is still there
    assert "x" * 1000 in article.body


def test_over_budget_after_unwrapping_the_rest_is_cut_and_flagged() -> None:
    flood = "".join("<div>y</div>" for _ in range(50_000))
    html = frame(ARTICLE_START + numbered(30) + flood + "</div></div>").encode()
    article = extract(html, URL, limits=Limits(dom_nodes=5_000))
    assert "Đoạn 29." in article.body
    assert article.truncated


def test_prune_holds_the_tree_to_the_budget() -> None:
    doc, _ = parse_page("<html><body>" + "<div><p>a</p><b>b</b></div>" * 1000 + "</body></html>")
    assert node_count(doc) > 3000
    doc, cut = prune(doc, 1500)  # the 1000 <b> unwrapped: 2002 elements, still over
    assert cut
    assert node_count(doc) <= 1500
    doc, _ = parse_page("<html><body>" + "<p><b>a</b></p>" * 1000 + "</body></html>")
    doc, cut = prune(doc, 1500)
    assert not cut
    assert node_count(doc) == 1002
    assert doc.text_content().count("a") == 1000


def test_300_unclosed_paragraphs_keep_every_sentence() -> None:
    paras = seed_paragraphs()
    body = "".join(f"<p><font face='Arial'>Câu {i}: {escape(paras[i % len(paras)][:80])} " for i in range(300))
    article = extract(frame(ARTICLE_START + body + "</div></div>").encode(), URL)
    assert all(f"Câu {i}:" in article.body for i in range(300))  # lxml's default depth of 255 kept 126
    assert not article.truncated


def test_markup_deeper_than_the_parser_allows_is_flagged_not_a_crash() -> None:
    body = "".join(f"<p><font>Câu {i}: Ủy ban nhân dân tỉnh đã triển khai kế hoạch. " for i in range(1_500))
    article = extract(frame(ARTICLE_START + body + "</div></div>").encode(), URL)
    assert "Câu 1000:" in article.body  # 2,048 levels read (walks are iterative: no RecursionError)
    assert article.truncated  # the rest was dropped by the parser, and that is said
