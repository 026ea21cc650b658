"""config/sources.yaml covers every current unit: a portal and a Party-committee site each (plus Sở Y tế), all
loadable, polite, unverified until `govnews sources check` has fetched them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from core.config import CONFIG_DIR, load_provinces, load_sources
from core.registry import Unit
from crawler.links import LinkRules
from crawler.settings import source_hosts

SOURCES = load_sources(CONFIG_DIR / "sources.yaml")
CURRENT = load_provinces().current
RESEARCHED = {"sotttt-hanoi", "quangninh", "dienbien", "tinhuy-binhphuoc", "bacgiang", "moh", "daklak", "haiduong"}


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def test_there_are_34_current_units() -> None:
    assert len(CURRENT) == 34


@pytest.mark.parametrize("unit", CURRENT, ids=lambda u: u.code)
def test_every_current_unit_has_a_portal_a_party_site_and_a_health_department(unit: Unit) -> None:
    mine = [s for s in SOURCES if s.province == unit.code]
    assert any(host(s.base_url) == unit.portal for s in mine), f"{unit.code}: no entry for its portal {unit.portal}"
    party = [s for s in mine if re.match(r"(Tỉnh|Thành) ủy ", s.name)]
    assert party, f"{unit.code}: no Tỉnh ủy / Thành ủy entry"
    assert any(s.name.startswith("Sở Y tế") for s in mine), f"{unit.code}: no Sở Y tế entry"
    for source in party:
        assert source.enabled
        assert source.politeness.download_delay >= 1.0
        assert source.politeness.concurrency == 1


def test_ids_are_unique_and_every_new_entry_is_unverified() -> None:
    assert len({s.id for s in SOURCES}) == len(SOURCES) >= 34 * 4
    assert {s.id for s in SOURCES} >= RESEARCHED
    for source in SOURCES:
        if source.id not in RESEARCHED:
            assert source.verified is False, source.id
            assert source.max_pages is not None, source.id
            assert source.start_urls == [source.base_url], source.id


def test_every_entry_compiles_to_link_rules() -> None:
    for source in SOURCES:
        rules = LinkRules.for_source(source, source_hosts(source))
        assert rules.in_scope(source.start_urls[0]), source.id


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/portal/pages/2023-01-30/Hoi-nghi-tong-ket-468686.aspx", "article"),  # Tân Dân, zero-padded
        ("/portal/Pages/2023-3-9/My-Nghiep-ch8p98kq.aspx", "article"),
        ("/portal/Pages/Tin-tuc-su-kien.aspx?PageIndex=3", "listing"),
        ("/Trang/ChiTietTinTuc.aspx?nid=113139", "article"),
        ("/Trang/Tin-tuc-su-kien.aspx?Cat=82", "listing"),
        ("/vi/tin-tuc/-/view_content/4421549-ha-noi-thong-tin", "article"),
        ("/web/guest/tin-tuc/-/asset_publisher/7ng11fEWgASC/content/bo-y-te", "article"),
        ("/-/hoi-nghi-ban-chap-hanh-dang-bo", "article"),
        ("/news/tin-tuc/hoi-nghi-tinh-uy-123.html", "article"),
        ("/news/tin-tuc/page-2", "listing"),
        ("/2025/07/so-y-te-trien-khai-thang-hanh-dong/", "article"),
        ("/tin-tuc", "listing"),
        ("/uploads/news/2024_07/anh.jpg", None),
        ("/news/tag/tre-em/page-2", None),
        ("/documents/10181/van-ban.pdf", None),
    ],
)
def test_unverified_entries_recognise_every_platform_familys_url_shapes(path: str, kind: str | None) -> None:
    source = next(s for s in SOURCES if s.id == "tuyen-quang-tinhuy")
    rules = LinkRules.for_source(source, source_hosts(source))
    assert rules.classify("https://tuyenquang.dcs.vn" + path) == kind
    assert rules.classify("https://elsewhere.example" + path) is None
