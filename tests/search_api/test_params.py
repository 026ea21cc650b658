"""search_api.params: links built from one parameter set are the same as SearchParams.url builds them."""

from __future__ import annotations

from typing import Any

import pytest

from search_api.params import RESTART, Links, SearchParams

PARAMS = [
    {},
    {"q": "bão lũ & \"cứu trợ\"", "province": ["HN", "DLK"], "directive": ["20-CT/TW"], "page": 3},
    {"q": "x", "sort": "newest", "size": 50, "collapse": False, "more": ["issuer"], "date_from": "2024-01-02"},
    {"month": ["2024-05"], "fold_all": True, "facet_size": 5, "cursor": "abc=="},
]
OVERRIDES: list[dict[str, Any]] = [
    {},
    {"province": [], **RESTART},
    {"province": ["HN"], **RESTART},
    {"directive": ["20-CT/TW", "a b+c"], **RESTART},
    {"more": ["issuer", "source"]},
    {"page": 2, "cursor": None},
    {"sort": "relevance", "size": 20},
]


@pytest.mark.parametrize("raw", PARAMS)
def test_links_equal_params_url_for_every_override(raw: dict[str, Any]) -> None:
    params = SearchParams(**raw)
    for path in ("/", "/api/search"):
        links = Links(params, path)
        for override in OVERRIDES:
            assert links.url(**override) == params.url(path, **override)
        toggles = [params.toggled(name, value) for name in ("province", "directive") for value in ("HN", "Đắk Lắk")]
        assert [links.url(**t) for t in toggles] == [params.url(path, **t) for t in toggles]


def test_a_toggle_link_carries_the_other_parameters_and_restarts_paging() -> None:
    params = SearchParams(q="lũ", province=["HN"], page=4)
    url = Links(params, "/api/search").url(**params.toggled("province", "DLK"))
    assert url == "/api/search?q=l%C5%A9&province=HN&province=DLK"


@pytest.mark.parametrize("raw", PARAMS)
def test_a_toggle_equals_params_url_with_the_value_switched(raw: dict[str, Any]) -> None:
    """`Links.toggle` joins the other parameters once per facet; the link is the one `params.url` writes."""
    params = SearchParams(**raw)
    for path in ("/", "/api/search"):
        links = Links(params, path)
        for name in ("province", "directive", "month", "source"):
            for value in ("HN", "Đắk Lắk", "2024-05", "a b+c&d"):
                toggled = params.toggled(name, value)
                assert links.toggle(name, toggled[name]) == params.url(path, **toggled)
