"""config/sources.yaml: real portals, valid codes, polite defaults, patterns that match their URL shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import load_provinces, load_sources
from core.settings import DEFAULT_CONFIG_DIR
from crawler.links import LinkRules, page_links
from crawler.settings import source_hosts
from crawler.sources import load_sources_with_base
from tests.crawler.support import FIXTURE_SITE

SOURCES = load_sources(DEFAULT_CONFIG_DIR / "sources.yaml")
BY_ID = {s.id: s for s in SOURCES}


def rules(source_id: str) -> LinkRules:
    source = BY_ID[source_id]
    return LinkRules.for_source(source, source_hosts(source))


def test_every_source_is_polite_and_has_a_valid_province() -> None:
    registry = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")
    codes = {u.code for u in registry.current} | {u.code for u in registry.former}
    assert len(SOURCES) >= 7
    assert len({s.id for s in SOURCES}) == len(SOURCES)
    for source in SOURCES:
        assert source.province is None or source.province in codes, source.id
        assert source.politeness.download_delay >= 1.0
        assert source.politeness.concurrency == 1
        assert source.politeness.obey_robots
        assert source.base_url.startswith("https://")
        assert source.start_urls or source.sitemaps or source.rss


@pytest.mark.parametrize(
    ("source_id", "url", "kind"),
    [
        ("sotttt-hanoi", "https://sotttt.hanoi.gov.vn/vi/thanh-tra/-/view_content/4409747-ha-noi-xu-phat", "article"),
        ("sotttt-hanoi", "https://sotttt.hanoi.gov.vn/vi/thanh-tra?p_p_id=101&_101_delta=10&_101_cur=3", "listing"),
        ("sotttt-hanoi", "https://sotttt.hanoi.gov.vn/vi/thanh-tra/-/view_content/pop_up/1-x", None),
        ("quangninh", "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139", "article"),
        ("quangninh", "https://www.quangninh.gov.vn/Trang/Tin-tuc-su-kien.aspx?Cat=82", "listing"),
        ("dienbien", "https://dienbien.gov.vn/portal/Pages/2023-3-9/My-Nghiep-vung-van-hoa-ch8p98kq.aspx", "article"),
        ("dienbien", "https://dienbien.gov.vn/portal/Pages/co_che_chinh_sach.aspx?PageIndex=2", "listing"),
        ("tinhuy-binhphuoc", "https://tinhuybinhphuoc.vn/news/tin-tuc/hoi-nghi-tinh-uy-123.html", "article"),
        ("tinhuy-binhphuoc", "https://tinhuybinhphuoc.vn/news/tin-tuc/page-2", "listing"),
        ("tinhuy-binhphuoc", "https://tinhuybinhphuoc.vn/news/tag/chuyen-doi-so/page-2", None),
        ("bacgiang", "https://bacgiang.gov.vn/web/guest/-/hoi-nghi-ban-chap-hanh", "article"),
        ("moh", "https://moh.gov.vn/tin-noi-bat/-/asset_publisher/3Yst7YhbkA5j/content/bo-y-te", "article"),
        ("quangninh", "https://www.facebook.com/Trang/ChiTietTinTuc.aspx?nid=1", None),
    ],
)
def test_patterns_match_the_portals_url_shapes(source_id: str, url: str, kind: str | None) -> None:
    assert rules(source_id).classify(url) == kind


def test_hanoi_patterns_find_the_articles_of_a_real_saved_listing() -> None:
    body = (FIXTURE_SITE / "vi" / "thanh-tra.html").read_bytes()
    links = page_links(body, "https://sotttt.hanoi.gov.vn/vi/thanh-tra", rules("sotttt-hanoi"))
    assert sum(1 for _, kind in links if kind == "article") == 10


def test_base_url_placeholder(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "sources:\n  - id: x\n    name: X\n    base_url: '{base_url}/'\n    start_urls: ['{base_url}/vi/a.html']\n",
        encoding="utf-8",
    )
    (source,) = load_sources_with_base(path, "http://127.0.0.1:8080/")
    assert source.base_url == "http://127.0.0.1:8080/"
    assert source.start_urls == ["http://127.0.0.1:8080/vi/a.html"]
