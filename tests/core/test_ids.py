"""Tests for core.ids: canonical URLs and stable ids."""

import unicodedata
from urllib.parse import quote, urlsplit

import pytest

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


def test_invalid_utf8_escapes_stay_distinct():
    a = "http://x.gov.vn/tin/%E0%EA.html"
    b = "http://x.gov.vn/tin/%E1%E2.html"
    assert canonical_url(a) != canonical_url(b)
    assert article_id(a) != article_id(b)


def test_escaped_slash_stays_distinct_from_a_slash():
    assert canonical_url("http://x.gov.vn/a%2Fb/c") != canonical_url("http://x.gov.vn/a/b/c")
    assert "%2F" in canonical_url("http://x.gov.vn/a%2Fb/c")


def test_nfd_and_nfc_vietnamese_are_one_page():
    nfc = "http://x.gov.vn/tin/tức-mới.html"
    nfd = unicodedata.normalize("NFD", nfc)
    escaped_nfd = "http://x.gov.vn" + quote(urlsplit(nfd).path)
    assert canonical_url(nfc) == canonical_url(nfd) == canonical_url(escaped_nfd)


@pytest.mark.parametrize(
    "noisy",
    [
        "http://x.gov.vn/tin/a.html;jsessionid=0AB12CD34EF",
        "http://x.gov.vn/tin/a.html;JSESSIONID=0AB12CD34EF?",
        "http://x.gov.vn/tin/a.html?PHPSESSID=k3j4h5g6f7d8s9a0",
        "http://x.gov.vn/tin/a.html?ASP.NET_SessionId=lcz3yq55xsbhxkrs1hjjfu45",
        "http://x.gov.vn/tin/a.html?sid=9f8e7d6c5b4a39281706f5e4",
        "http://x.gov.vn/(S(lcz3yq55xsbhxkrs1hjjfu45))/tin/a.html",
        "http://x.gov.vn/(X(1)S(lcz3yq55xsbhxkrs1hjjfu45))/tin/a.html",
        "http://x.gov.vn/tin/a.html?utm_source=fb&fbclid=IwAR0",
    ],
)
def test_session_ids_are_stripped(noisy: str) -> None:
    assert canonical_url(noisy) == "http://x.gov.vn/tin/a.html"


def test_a_short_sid_is_a_section_id_and_stays():
    assert canonical_url("http://x.gov.vn/list.aspx?sid=12") == "http://x.gov.vn/list.aspx?sid=12"


def test_https_default_port_and_host_case():
    assert canonical_url("HTTPS://X.Gov.VN:443/a") == "https://x.gov.vn/a"
    assert canonical_url("http://x.gov.vn:8080/a") == "http://x.gov.vn:8080/a"
