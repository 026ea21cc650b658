"""Tests for core.ids: canonical URLs and stable ids."""

from core.ids import article_id, canonical_url


def test_canonical_url_drops_noise_and_sorts_query():
    assert canonical_url("HTTP://Example.com:80/a?b=2&a=1&utm_source=x#top") == "http://example.com/a?a=1&b=2"


def test_raw_vietnamese_and_percent_encoded_forms_are_one_page():
    raw = "http://x.gov.vn/Trang/DanhSach.aspx?Cat=Giới thiệu"
    enc = "http://x.gov.vn/Trang/DanhSach.aspx?Cat=Gi%E1%BB%9Bi+thi%E1%BB%87u"
    assert canonical_url(raw) == canonical_url(enc)
    assert article_id(raw) == article_id(enc)


def test_article_id_is_stable_and_distinct():
    assert article_id("http://a/1") == article_id("http://a/1")
    assert article_id("http://a/1") != article_id("http://a/2")
    assert len(article_id("http://a/1")) == 16
