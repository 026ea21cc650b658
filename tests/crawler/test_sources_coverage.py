"""config/sources.yaml covers every current unit: a portal and a Party-committee site each (plus Sở Y tế), all
loadable, polite, unverified until `govnews sources check` has fetched them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from core.config import load_provinces, load_sources
from core.registry import Unit
from core.settings import DEFAULT_CONFIG_DIR
from crawler.links import LinkRules
from crawler.settings import source_hosts

SOURCES = load_sources(DEFAULT_CONFIG_DIR / "sources.yaml")
CURRENT = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml").current
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


def test_unverified_entries_are_addresses_without_guessed_patterns() -> None:
    """Discovery finds their articles (docs/crawler.md); a pattern nobody checked on the portal is no hint."""
    unverified = [s for s in SOURCES if s.id not in RESEARCHED]
    assert len(unverified) >= 34 * 3
    for source in unverified:
        assert (source.listing_patterns, source.article_patterns, source.deny_patterns) == ([], [], []), source.id
