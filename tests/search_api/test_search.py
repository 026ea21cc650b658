"""GET /api/search on the real tantivy index: text, highlights, facets, multi-select, dates, order, paging."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from core.article import Article
from tests.indexer.corpus import VN, by_slug, corpus


def local_day(article: Article) -> date | None:
    return article.published.astimezone(VN).date() if article.published else None


def facet(body: dict[str, Any], name: str) -> dict[str, tuple[int, bool]]:
    return {b["value"]: (b["count"], b["selected"]) for b in body["facets"][name]}


def test_folded_query_finds_and_highlights_diacritic_text(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "tre em"}).json()
    titles = {h["title"] for h in body["hits"]}
    assert by_slug("tre-em-ha-noi").title in titles
    assert body["total"] == len(body["hits"]) >= 4
    assert all("<mark>trẻ</mark> <mark>em</mark>" in h["snippet"] + h["title_highlighted"] for h in body["hits"])
    first = body["hits"][0]
    assert set(first) >= {"id", "url", "title", "title_highlighted", "published", "province", "province_label"}
    assert body["page"] == 1
    assert body["size"] == 20
    assert body["took_ms"] >= 0


def test_hit_carries_province_label_and_directives(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "tổng kết Chỉ thị 20", "province": "dak-lak"}).json()
    hit = next(h for h in body["hits"] if h["id"] == by_slug("chi-thi-20-dak-lak").id)
    assert hit["province"] == "dak-lak"
    assert hit["province_label"] == "Đắk Lắk"
    assert hit["directives"] == ["20-CT/TW"]
    assert hit["published"].startswith("2023-05-12T09:00:00")


def test_markup_in_articles_is_escaped_except_marks(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "mã độc"}).json()["hits"][0]
    assert "<script>" not in hit["snippet"] + hit["title_highlighted"]
    assert "&lt;script&gt;" in hit["title_highlighted"]
    assert "<mark>" in hit["title_highlighted"]


def test_facets_count_the_whole_corpus_without_filters(client: TestClient) -> None:
    body = client.get("/api/search", params={"size": 1}).json()
    articles = corpus()
    assert body["total"] == len(articles)
    expected = Counter(a.province for a in articles if a.province)
    assert {v: c for v, (c, _) in facet(body, "province").items()} == dict(expected)
    months = [b["value"] for b in body["facets"]["month"]]
    assert months == sorted(months, reverse=True)
    assert months[0] == "2025-08"
    labels = {b["value"]: b["label"] for b in body["facets"]["province"]}
    assert labels["dak-lak"] == "Đắk Lắk"


def test_multi_select_province_is_or_and_keeps_other_counts(client: TestClient) -> None:
    picked = ["dak-lak", "ha-noi"]
    body = client.get("/api/search", params={"province": picked, "size": 100}).json()
    articles = corpus()
    inside = [a for a in articles if a.province in picked]
    assert {h["id"] for h in body["hits"]} == {a.id for a in inside}
    provinces = facet(body, "province")
    # the province facet ignores its own filter, so other provinces stay clickable with their full counts
    assert provinces["dak-lak"] == (3, True)
    assert provinces["ha-noi"] == (3, True)
    assert provinces["can-tho"] == (2, False)
    # other facets are narrowed by the province filter
    directives = Counter(d.key for a in inside for d in a.directives)
    assert {v: c for v, (c, _) in facet(body, "directive").items()} == dict(directives)


def test_directive_filter_combines_with_province(client: TestClient) -> None:
    body = client.get("/api/search", params={"directive": "20-CT/TW", "province": ["dak-lak", "lao-cai"]}).json()
    want = {by_slug("chi-thi-20-dak-lak").id, by_slug("chi-thi-20-lao-cai").id}
    assert {h["id"] for h in body["hits"]} == want
    assert facet(body, "directive")["20-CT/TW"] == (2, True)


def test_date_range_is_inclusive_in_vietnam_time(client: TestClient) -> None:
    params = {"date_from": "2024-03-01", "date_to": "2024-03-31", "size": 100}
    body = client.get("/api/search", params=params).json()
    want = {a.id for a in corpus() if (d := local_day(a)) and date(2024, 3, 1) <= d <= date(2024, 3, 31)}
    assert {h["id"] for h in body["hits"]} == want
    assert by_slug("nghi-dinh-20").id in want
    assert by_slug("ke-hoach-377").id not in want
    assert [b["value"] for b in body["facets"]["month"]] == ["2024-03"]


def test_sort_newest_and_oldest(client: TestClient) -> None:
    newest = client.get("/api/search", params={"sort": "newest", "size": 100}).json()["hits"]
    oldest = client.get("/api/search", params={"sort": "oldest", "size": 100}).json()["hits"]
    dated = [h["published"] for h in newest if h["published"]]
    assert dated == sorted(dated, reverse=True)
    dated_old = [h["published"] for h in oldest if h["published"]]
    assert dated_old == sorted(dated_old)


def test_pages_and_cursor_walk_the_same_results(client: TestClient) -> None:
    params = {"sort": "newest", "size": 5}
    one = client.get("/api/search", params=params).json()
    two = client.get("/api/search", params={**params, "page": 2}).json()
    via_cursor = client.get("/api/search", params={**params, "cursor": one["next_cursor"]}).json()
    assert two["page"] == 2
    assert [h["id"] for h in via_cursor["hits"]] == [h["id"] for h in two["hits"]]
    assert not {h["id"] for h in one["hits"]} & {h["id"] for h in two["hits"]}
    last = client.get("/api/search", params={**params, "page": 5}).json()
    assert len(last["hits"]) == len(corpus()) - 20
    assert last["next_cursor"] is None


def test_source_filter(client: TestClient) -> None:
    body = client.get("/api/search", params={"source": "daklak", "size": 100}).json()
    assert {h["id"] for h in body["hits"]} == {a.id for a in corpus() if a.source_id == "daklak"}


def test_empty_form_fields_mean_not_set(client: TestClient) -> None:
    body = client.get("/api/search?q=&date_from=&date_to=&sort=&province=").json()
    assert body["total"] == len(corpus())


def test_facet_toggle_urls_switch_values_on_and_off(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "chỉ thị", "province": "dak-lak"}).json()
    toggles = {b["value"]: b["toggle_url"] for b in body["facets"]["province"]}
    assert "province=" not in toggles["dak-lak"]
    assert "q=ch%E1%BB%89+th%E1%BB%8B" in toggles["dak-lak"]
    both = client.get(toggles["lao-cai"]).json()
    assert facet(both, "province")["lao-cai"][1] is True
    assert facet(both, "province")["dak-lak"][1] is True


def test_month_toggle_sets_and_clears_the_date_range(client: TestClient) -> None:
    march = next(b for b in client.get("/api/search").json()["facets"]["month"] if b["value"] == "2024-03")
    narrowed = client.get(march["toggle_url"]).json()
    assert narrowed["total"] == 2
    assert facet(narrowed, "month") == {"2024-03": (2, True)}
    cleared = client.get(narrowed["facets"]["month"][0]["toggle_url"]).json()
    assert cleared["total"] == len(corpus())


def test_directive_buckets_carry_the_tracked_title(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "trẻ em"}).json()
    described = {b["value"]: b["description"] for b in body["facets"]["directive"]}
    assert described["20-CT/TW"].startswith("Chỉ thị 20-CT/TW về tăng cường sự lãnh đạo của Đảng")
    assert all(b["description"] is None for b in body["facets"]["province"])


def test_fold_all_widens_a_marked_query(client: TestClient) -> None:
    def total(query: str) -> int:
        resp = client.get("/api/search?" + query)
        assert resp.status_code == 200
        return int(resp.json()["total"])

    exact, widened, bare = total("q=h%C3%B2a"), total("q=h%C3%B2a&fold_all=true"), total("q=hoa")
    assert 0 < exact < widened == bare  # "hòa" only, then every spelling of it
    assert total("q=hoa&fold_all=1") == bare
    assert client.get("/api/search?q=x&fold_all=maybe").status_code == 422
