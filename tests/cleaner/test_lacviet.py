"""The Lạc Việt/EasyWebHub adapter on the real krongno.daknong pages: detection, pasted Liferay markup kept as
text, the "TIN ĐÃ ĐƯA" box and counter left out, placeholder pages that answer 200 rejected."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cleaner import NotAnArticle, detect_platform, extract
from tests.cleaner.eval.make_gold import nfc
from tests.cleaner.krongno import KRONGNO, article_pages, read_gold, url_of

pytestmark = pytest.mark.skipif(not KRONGNO.is_dir(), reason="krongno fixture not present")
NOW = datetime(2019, 7, 31, tzinfo=UTC)


def test_every_article_page_is_read_as_lacviet_not_liferay_or_sharepoint():
    pages = [p for p in KRONGNO.glob("*/index.html") if b'class="Title"' in p.read_bytes()]
    assert len(pages) >= 100
    pasted = [p for p in pages if b"journal-content-article" in p.read_bytes()]
    assert len(pasted) >= 60  # README: 77 bodies hold HTML pasted from the provincial Liferay portal
    assert {detect_platform(p.read_bytes(), url_of(p)) for p in pages} == {"lacviet"}


def test_pasted_liferay_sapo_is_body_text_and_the_other_web_parts_are_not():
    for path in article_pages():
        raw = path.read_text("utf-8")
        if 'class="sapo"' not in raw:
            continue
        art = extract(raw, url_of(path), now=NOW)
        gold = read_gold(raw)
        assert art.platform == "lacviet"
        assert nfc(" ".join(gold.body[0].split()[:8])) in art.body  # the pasted sapo (Liferay's own class) is text
        for chrome in ("TIN ĐÃ ĐƯA", "SỐ LƯỢT TRUY CẬP", "Xem chi tiết Tại đây", "Đăng nhập"):
            assert chrome not in art.body


@pytest.mark.parametrize("slug", ["404", "khai-truong-nam-a-bank-dak-nong", "van-ban-qppl", "tin-dau-thau"])
def test_placeholder_pages_answering_200_are_no_articles(slug):
    with pytest.raises(NotAnArticle):
        extract((KRONGNO / slug / "index.html").read_bytes(), f"http://krongno.daknong.gov.vn/{slug}/", now=NOW)
