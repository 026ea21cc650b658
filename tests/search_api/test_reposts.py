"""A story's copies through the app: every member listed, "xem thêm" past the first ones, same portal or another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.article_view import SHOWN_DUPLICATES
from tests.search_api.group_data import build, group

ORIGINAL, COPIES, LONE = group()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(build(tmp_path_factory.mktemp("group")))) as client:
        yield client


def test_json_lists_every_member_with_its_portal(client: TestClient) -> None:
    body = client.get(f"/api/articles/{ORIGINAL.id}").json()
    assert [d["id"] for d in body["duplicates"]] == [c.id for c in COPIES]  # all 13, oldest first
    assert [d["same_portal"] for d in body["duplicates"]] == [c.source_id == "portal-a" for c in COPIES]
    newest = client.get(f"/api/articles/{COPIES[-1].id}").json()
    assert {d["id"] for d in newest["duplicates"]} == {ORIGINAL.id, *(c.id for c in COPIES[:-1])}
    assert sum(d["same_portal"] for d in newest["duplicates"]) == 3  # the other portal-c copies
    assert client.get(f"/api/articles/{LONE.id}").json()["duplicates"] == []


def test_page_splits_same_and_other_portals_and_hides_the_rest_behind_xem_them(client: TestClient) -> None:
    assert len(COPIES) > SHOWN_DUPLICATES
    page = client.get(f"/bai-viet/{ORIGINAL.id}").text
    assert "13 bản đăng lại: 4 cùng cổng, 9 cổng khác" in page
    shown, _, more = page.partition('<details id="more-duplicates">')
    assert all(f'href="/bai-viet/{c.id}"' in shown for c in COPIES[:SHOWN_DUPLICATES])
    assert all(f'href="/bai-viet/{c.id}"' in more for c in COPIES[SHOWN_DUPLICATES:])
    assert f"xem thêm {len(COPIES) - SHOWN_DUPLICATES} bản" in more
    assert shown.count("cùng cổng</span>") == 4
    assert shown.count("cổng khác</span>") == SHOWN_DUPLICATES - 4
    lone = client.get(f"/bai-viet/{LONE.id}").text
    assert "Không thấy bản đăng lại của bài này." in lone
    assert "more-duplicates" not in lone


def test_a_collapsed_hit_says_where_its_copies_are(client: TestClient) -> None:
    page = client.get("/").text  # collapsed by default: the newest copy (portal-c) stands for the story
    assert f'<a href="/bai-viet/{COPIES[-1].id}#duplicates">13 bản đăng lại</a>' in page
    assert '<span class="split">3 cùng cổng, 10 cổng khác</span>' in page
    assert page.count('class="split"') == 1  # the lone story has no copies
