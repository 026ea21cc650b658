"""GET /api/search on the real tantivy index: text, highlights, facets, multi-select, dates, order, paging."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.article import Article
from core.config import load_sources
from core.facets import SHOWN
from core.labels import Labels
from core.settings import DEFAULT_CONFIG_DIR, Settings
from search_api.app import create_app, load_labels
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


def test_month_is_a_filter_that_keeps_the_date_range(client: TestClient) -> None:
    dated = {"date_from": "2024-03-15"}
    march = next(
        b for b in client.get("/api/search", params=dated).json()["facets"]["month"] if b["value"] == "2024-03"
    )
    assert "date_from=2024-03-15" in march["toggle_url"]
    narrowed = client.get(march["toggle_url"]).json()
    assert narrowed["total"] == 1  # 31 March only: the range still applies
    assert facet(narrowed, "month")["2024-03"] == (1, True)
    assert len(narrowed["facets"]["month"]) > 1  # the month facet ignores its own filter: other months stay
    both = client.get("/api/search", params={"month": ["2024-03", "2021-05"]}).json()
    assert both["total"] == 3
    on = next(b for b in narrowed["facets"]["month"] if b["selected"])
    cleared = client.get(on["toggle_url"]).json()
    assert cleared["total"] == len([a for a in corpus() if (d := local_day(a)) and d >= date(2024, 3, 15)])


def test_directive_buckets_carry_the_tracked_title(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "trẻ em"}).json()
    described = {b["value"]: b["description"] for b in body["facets"]["directive"]}
    assert described["20-CT/TW"].startswith("Chỉ thị 20-CT/TW về tăng cường sự lãnh đạo của Đảng")
    assert all(b["description"] is None for b in body["facets"]["province"])


def test_every_facet_of_the_registry_is_returned_and_filterable(client: TestClient) -> None:
    body = client.get("/api/search", params={"size": 0}).json()
    assert body["hits"] == []
    assert body["total"] == len(corpus())
    assert list(body["facets"]) == [f.name for f in SHOWN]
    names = {s.id: s.name for s in load_sources(DEFAULT_CONFIG_DIR / "sources.yaml")}
    assert {b["value"]: b["label"] for b in body["facets"]["source"]}["daklak"] == names["daklak"] != "daklak"
    one = client.get("/api/search", params={"size": 0, "facets": ["year", "doc_type"]}).json()
    assert list(one["facets"]) == ["year", "doc_type"]
    assert {b["value"]: b["label"] for b in one["facets"]["doc_type"]}["CT"] == "Chỉ thị"


def test_source_is_shown_by_its_name(tmp_path: Path, corpus_settings: Settings) -> None:
    labels = load_labels(corpus_settings)
    named = Labels(labels.provinces, labels.directives, {"daklak": "Cổng TTĐT tỉnh Đắk Lắk"})
    with TestClient(create_app(corpus_settings, labels=named)) as named_client:
        body = named_client.get("/api/search", params={"source": "daklak"}).json()
    assert {b["value"]: b["label"] for b in body["facets"]["source"]}["daklak"] == "Cổng TTĐT tỉnh Đắk Lắk"
    assert {h["source_name"] for h in body["hits"]} == {"Cổng TTĐT tỉnh Đắk Lắk"}
    assert body["warnings"] == []


def test_unknown_values_and_parameters_are_reported(client: TestClient) -> None:
    body = client.get(
        "/api/search", params={"province": "atlantis", "provnce": "ha-noi", "directive": "99-XX/YY"}
    ).json()
    assert body["total"] == 0  # an unknown value matches nothing; it is not dropped
    warned = {(w["param"], w["value"]): w["message"] for w in body["warnings"]}
    assert warned[("province", "atlantis")].startswith("Không có tỉnh/thành nào mã «atlantis»")
    assert ("provnce", "") in warned
    assert "không được hỗ trợ" in warned[("provnce", "")]
    assert "99-XX/YY" in warned[("directive", "99-XX/YY")]


def test_directive_keys_compare_case_insensitively(client: TestClient) -> None:
    lower = client.get("/api/search", params={"directive": "20-ct/tw"}).json()
    exact = client.get("/api/search", params={"directive": "20-CT/TW"}).json()
    assert lower["total"] == exact["total"] == 3
    assert lower["warnings"] == []
    assert facet(lower, "directive")["20-CT/TW"][1] is True


def test_former_province_maps_to_its_successor_and_says_so(client: TestClient) -> None:
    body = client.get("/api/search", params={"province": "ha-giang", "size": 50}).json()
    assert {h["id"] for h in body["hits"]} == {a.id for a in corpus() if a.province == "tuyen-quang"}
    [warning] = body["warnings"]
    assert warning["param"] == "province"
    assert "Hà Giang đã sáp nhập vào Tuyên Quang" in warning["message"]
    then = client.get("/api/search", params={"province_at_publication": "ha-giang", "size": 50}).json()
    assert [h["id"] for h in then["hits"]] == [by_slug("nghi-dinh-20-va-chi-thi-20").id]
    assert then["hits"][0]["province_at_publication_label"] == "Hà Giang"
    assert then["warnings"] == []


def test_more_lists_a_facet_past_its_first_values(client: TestClient) -> None:
    short = client.get("/api/search", params={"size": 0, "facet_size": 2}).json()
    assert len(short["facets"]["province"]) == 2
    assert "province" in short["more"]
    full = client.get(short["more"]["province"]).json()
    assert len(full["facets"]["province"]) == len({a.province for a in corpus() if a.province})
    assert "province" not in full["more"]


def test_a_page_past_the_end_says_so(client: TestClient) -> None:
    body = client.get("/api/search", params={"page": 60, "size": 5}).json()
    assert body["hits"] == []
    assert body["past_end"] is True
    assert body["message"] == f"Trang 60 vượt quá kết quả: có {len(corpus())} kết quả, {-(-len(corpus()) // 5)} trang."
    assert client.get("/api/search", params={"q": "khongcotunaynhu", "page": 2}).json()["past_end"] is False


def test_fold_all_widens_a_marked_query(client: TestClient) -> None:
    def total(query: str) -> int:
        resp = client.get("/api/search?" + query)
        assert resp.status_code == 200
        return int(resp.json()["total"])

    exact, widened, bare = total("q=h%C3%B2a"), total("q=h%C3%B2a&fold_all=true"), total("q=hoa")
    assert 0 < exact < widened == bare  # "hòa" only, then every spelling of it
    assert total("q=hoa&fold_all=1") == bare
    assert client.get("/api/search?q=x&fold_all=maybe").status_code == 422


def test_a_large_collapsed_result_says_its_total_is_an_estimate(
    bulk_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from indexer import collapse

    exact = bulk_client.get("/api/search", params={"q": "trẻ em", "size": 5}).json()
    assert exact["total_estimated"] is False
    monkeypatch.setattr(collapse, "EXACT_MATCHES", 10)  # the bulk corpus is then "many" matches
    body = bulk_client.get("/api/search", params={"q": "trẻ em", "size": 5}).json()
    assert body["total_estimated"] is True
    assert body["total_articles"] == exact["total_articles"]
    assert abs(body["total"] - exact["total"]) <= max(2, exact["total"] // 50)  # the distinct count, within 2%
    assert len(body["hits"]) == 5
    assert body["next_cursor"]
    page = bulk_client.get("/", params={"q": "trẻ em", "size": 5}).text
    assert 'id="total"><span title="Số nhóm bản đăng lại được ước tính' in page
    assert "khoảng</span>" in page
