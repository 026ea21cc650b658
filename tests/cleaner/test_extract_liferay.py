"""cleaner.extract on real Liferay 6.2 pages of the sotttt.hanoi mirror, checked against a stdlib-parser gold."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest

from cleaner import NotAnArticle, detect_platform, extract
from core.article import Article
from core.ids import article_id
from tests.cleaner.fixtures import SOTTTT, article_pages, gold_of, gold_text, token_f1, url_of

NOW = datetime(2022, 8, 27, 12, 0, tzinfo=UTC)  # the mirror's date
BOILERPLATE = ("In bài viết", "Gửi mail", "View count", "Tin tức nổi bật", "Trang chủ", "Các tin khác",
               "Truy cập nội dung luôn", "Ghi rõ nguồn", "Chọn liên kết", "Lượt xem")

pytestmark = pytest.mark.skipif(not SOTTTT.exists(), reason="shared fixture mirror not present")


@pytest.fixture(scope="module")
def extracted():
    """Every article page of the mirror, extracted once: (path, gold, article or the NotAnArticle)."""
    out = []
    for path in article_pages():
        art: Article | NotAnArticle
        try:
            art = extract(path.read_bytes(), url_of(path), now=NOW)
        except NotAnArticle as exc:
            art = exc
        out.append((path, gold_of(path), art))
    return out


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_mirror_has_hundreds_of_article_pages(extracted):
    assert len(extracted) >= 500


def test_titles_match_the_gold_exactly_on_99_percent(extracted):
    pairs = [(nfc(g.title), a.title) for _, g, a in extracted if not isinstance(a, Exception) and g.title]
    exact = sum(want == got for want, got in pairs)
    assert exact / len(extracted) >= 0.99, [p for p in pairs if p[0] != p[1]][:5]


def test_published_day_matches_the_page_date_on_995_permille(extracted):
    right = 0
    for _, gold, art in extracted:
        if isinstance(art, Exception) or art.published is None:
            continue
        m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", gold.date)
        assert m, gold.date
        right += art.published.date() == datetime(int(m[3]), int(m[2]), int(m[1])).date()
    assert right / len(extracted) >= 0.995


def test_body_token_f1_against_gold_is_at_least_099(extracted):
    scores = []
    for _, gold, art in extracted:
        got = "" if isinstance(art, Exception) else "\n".join(x for x in (art.summary or "", art.body) if x)
        scores.append(token_f1(got, nfc(gold_text(gold))))
    assert sum(scores) / len(scores) >= 0.99


def test_no_body_keeps_boilerplate_lines(extracted):
    leaks = []
    for path, _, art in extracted:
        if isinstance(art, Exception):
            continue
        for para in art.body.split("\n\n"):
            # A boilerplate string inside a long prose paragraph is quoted content, e.g. a website's menu
            # described in an inspection report; as a short line of its own it is a widget.
            if any(s in para for s in BOILERPLATE) and len(para.split()) < 25:
                leaks.append((path.name, para))
    assert len(leaks) <= 0.01 * len(extracted), leaks[:5]
    assert not [x for x in leaks if "In bài viết" in x[1] or "Gửi mail" in x[1]]


def test_paragraphs_are_separated_by_one_blank_line(extracted):
    for _, _, art in extracted:
        if isinstance(art, Exception):
            continue
        assert "\n\n\n" not in art.body
        assert all(p.strip() == p and p for p in art.body.split("\n\n"))


def test_fields_are_filled(extracted):
    arts = [a for _, _, a in extracted if not isinstance(a, Exception)]
    assert all(a.platform == "liferay" for a in arts)
    assert all(a.province == "ha-noi" for a in arts)
    assert all(a.id == article_id(a.canonical_url) for a in arts)
    assert all(urlsplit(a.canonical_url).hostname == "sotttt.hanoi.gov.vn" for a in arts)
    assert sum(a.summary is not None for a in arts) > len(arts) / 2
    # the Liferay account line (p.view-content-author) is never taken for the author
    assert not [a.author for a in arts if a.author in {"admin admin", "Pho Ban bien tap"}]
    assert sum(a.author is not None for a in arts) >= 100


def test_one_known_page_end_to_end():
    path = next(p for p in article_pages() if p.name.startswith("1013463-hoi-nghi-tong-ket-cuoc-thi-viet-thu"))
    art = extract(path.read_bytes(), url_of(path), now=NOW)
    assert art.title == "Hội nghị tổng kết cuộc thi viết thư quốc tế UPU 45"
    # <link rel=canonical> on the same host wins over the URL the page was fetched from
    assert art.canonical_url == (
        "http://sotttt.hanoi.gov.vn/buu-chinh-vien-thong/-/view_content/1013463-hoi-nghi-tong-ket-cuoc-thi-viet-thu-quoc-te-upu-45.html"
    )
    assert art.published is not None
    assert art.published.date().isoformat() == "2016-05-20"
    assert art.body.startswith("Sáng ngày 12/5, Sở Thông tin và Truyền thông đã tổ chức Hội nghị tổng kết")
    assert "Pho Ban bien tap" not in art.body  # the editor line is metadata, not text
    assert "Các tin khác" not in art.body
    assert "Đảm bảo hạ tầng ngành" not in art.body


def test_listing_pages_are_not_articles():
    listing = SOTTTT / "vi" / "buu-chinh-vien-thong.html"
    with pytest.raises(NotAnArticle, match="listing"):
        extract(listing.read_bytes(), BASE + "vi/buu-chinh-vien-thong.html", now=NOW)


def test_empty_saved_page_is_not_an_article():
    empty = next(p for p in sorted(SOTTTT.glob("vi/*/-/view_content/vi/*/-/view_content/*.html"))
                 if p.stat().st_size == 0)
    with pytest.raises(NotAnArticle, match="empty"):
        extract(empty.read_bytes(), url_of(empty))


def test_platform_detected_from_markup_and_url():
    path = article_pages()[0]
    assert detect_platform(path.read_bytes(), url_of(path)) == "liferay"
    assert detect_platform(path.read_bytes(), "http://example.org/a.html") == "liferay"


BASE = "http://sotttt.hanoi.gov.vn/"
