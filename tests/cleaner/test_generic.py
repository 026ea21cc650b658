"""The generic extractor on real pages with no adapter (the Liferay mirror read as an unknown portal)."""

from __future__ import annotations

import unicodedata

import pytest

from cleaner import BoilerplateMemory, NotAnArticle, extract
from cleaner.dom import parse
from cleaner.generic import looks_like_listing
from core.article import Article
from tests.cleaner.fixtures import BASE_URL, SOTTTT, Gold, article_pages, gold_of, gold_text, token_f1, url_of

pytestmark = pytest.mark.skipif(not SOTTTT.exists(), reason="shared fixture mirror not present")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def sample():
    """Every third article page, extracted with the adapter switched off."""
    out: list[tuple[Gold, Article | NotAnArticle]] = []
    for path in article_pages()[::3]:
        art: Article | NotAnArticle
        try:
            art = extract(path.read_bytes(), url_of(path), platform="generic")
        except NotAnArticle as exc:
            art = exc
        out.append((gold_of(path), art))
    return out


def test_generic_body_f1_against_gold(sample):
    scores = [
        0.0 if isinstance(art, Exception) else token_f1("\n".join(x for x in (art.summary, art.body) if x),
                                                          nfc(gold_text(gold)))
        for gold, art in sample
    ]
    assert sum(scores) / len(scores) >= 0.95


def test_generic_title_ignores_the_portlet_title(sample):
    arts = [(gold, art) for gold, art in sample if not isinstance(art, Exception)]
    exact = sum(art.title == nfc(gold.title) for gold, art in arts)
    assert exact / len(arts) >= 0.95
    # the asset publisher's portlet titles are the category names
    assert not [a for _, a in arts if a.title in {"Bưu chính viễn thông", "Công nghệ thông tin", "Thanh tra"}]


def test_generic_rejects_listing_pages():
    listings = [p for p in sorted((SOTTTT / "vi").glob("*.html")) if b"asset-abstract" in p.read_bytes()]
    assert len(listings) >= 20
    rejected = 0
    for path in listings:
        try:
            extract(path.read_bytes(), BASE_URL + "vi/" + path.name, platform="generic")
        except NotAnArticle as exc:
            rejected += "listing" in str(exc)
    assert rejected / len(listings) >= 0.95


def test_a_long_article_is_not_a_listing():
    path = next(p for p in article_pages() if p.name.startswith("1013463-"))
    doc = parse(path.read_text(encoding="utf-8-sig"))
    body = doc.find_class("journal-content-article")[0]
    assert not looks_like_listing(body)


def test_memory_drops_text_repeated_across_pages_of_a_site():
    notice = "Bản tin được cập nhật hằng ngày bởi Ban biên tập Cổng thông tin điện tử của tỉnh."
    memory = BoilerplateMemory(min_pages=3)
    host = "example.gov.vn"
    for i in range(4):
        memory.learn(host, [f"Bài số {i} nói về một sự kiện khác hẳn các bài còn lại trong tuần.", notice])
    kept = memory.filter(host, ["Nội dung riêng của bài mới.", notice])
    assert kept == ["Nội dung riêng của bài mới."]
    # another host has its own profile
    assert memory.filter("other.gov.vn", [notice]) == [notice]


def test_memory_is_optional_and_used_by_extract():
    paths = article_pages()[:6]
    memory = BoilerplateMemory(min_pages=3, min_share=0.5)
    plain = [extract(p.read_bytes(), url_of(p), platform="generic") for p in paths]
    for art in plain:
        memory.learn("sotttt.hanoi.gov.vn", art.body.split("\n\n"))
    with_memory = extract(paths[0].read_bytes(), url_of(paths[0]), platform="generic", memory=memory)
    assert with_memory.title == plain[0].title
    # the article's own text survives: it is not repeated on the other pages
    assert token_f1(with_memory.body, plain[0].body) >= 0.95
