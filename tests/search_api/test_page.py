"""GET / rendered on the server: results, Vietnamese labels, facet toggle links, escaping, paging, export link."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from search_api.view import PAGE_FACET_SIZE
from tests.indexer.corpus import VN, corpus


class Links(HTMLParser):
    """Collect <a> hrefs with their ids/classes, and every tag name seen."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.anchors.append({k: v or "" for k, v in attrs})


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_page_without_query_lists_everything_with_vietnamese_labels(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    for label in ("Tìm kiếm", "Tỉnh/thành", "Văn bản chỉ đạo", "Tháng", "Từ ngày", "Đến ngày", "Xuất CSV"):
        assert label in html
    assert f"<strong>{len(corpus())}</strong> kết quả" in html


def test_results_are_highlighted_and_markup_escaped(client: TestClient) -> None:
    html = client.get("/", params={"q": "mã độc"}).text
    assert "<mark>mã</mark> <mark>độc</mark>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert parse(html).tags.count("script") == 1  # only the page's own app.js


def test_query_text_is_escaped_in_the_page(client: TestClient) -> None:
    html = client.get("/", params={"q": '"><img src=x onerror=alert(1)>'}).text
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_facet_links_toggle_filters_and_keep_the_rest(client: TestClient) -> None:
    html = client.get("/", params={"q": "chỉ thị", "province": "dak-lak", "sort": "newest"}).text
    anchors = parse(html).anchors
    toggles = {a["href"]: a["aria-checked"] for a in anchors if a.get("role") == "checkbox"}
    off = [h for h, checked in toggles.items() if checked == "true" and "province" not in query(h)]
    assert off, "the selected province links to the same query without it"
    assert query(off[0])["q"] == ["chỉ thị"]
    assert query(off[0])["sort"] == ["newest"]
    add = [h for h, checked in toggles.items() if checked == "false" and "lao-cai" in query(h).get("province", [])]
    assert query(add[0])["province"] == ["dak-lak", "lao-cai"]


def test_month_facet_is_a_filter_that_keeps_the_date_range(client: TestClient) -> None:
    html = client.get("/", params={"date_from": "2024-03-15", "month": "2024-03"}).text
    months = [a for a in parse(html).anchors if a.get("role") == "checkbox" and a["aria-checked"] == "true"]
    assert len(months) == 1
    assert query(months[0]["href"]) == {"date_from": ["2024-03-15"]}  # switching the month off keeps the range
    assert "<strong>1</strong> kết quả" in html
    assert "15/03/2024 – …" in html


def test_facets_show_more_on_request(client: TestClient) -> None:
    html = client.get("/").text
    more = [a["href"] for a in parse(html).anchors if a.get("class") == "more"]
    province_more = next(h for h in more if query(h).get("more") == ["province"])
    expanded = client.get(province_more).text
    provinces = {a.province for a in corpus() if a.province}
    section = expanded.split('id="facet-province"')[1].split("</section>")[0]
    assert section.count('role="checkbox"') == len(provinces) > PAGE_FACET_SIZE
    assert "thu gọn" in section
    assert html.split('id="facet-province"')[1].split("</section>")[0].count('role="checkbox"') == PAGE_FACET_SIZE


def test_notices_and_past_the_end_are_said_in_vietnamese(client: TestClient) -> None:
    html = client.get("/", params={"province": "binh-phuoc", "provnce": "x", "page": 60, "size": 5}).text
    assert "Bình Phước đã sáp nhập vào Đồng Nai từ 1/7/2025" in html
    assert "Tham số «provnce» không được hỗ trợ" in html
    assert "Trang 60 vượt quá kết quả" in html
    assert "Không tìm thấy bài viết nào" not in html


def test_too_many_filter_values_is_a_clear_422(client: TestClient) -> None:
    response = client.get("/", params={"province": [f"p{n}" for n in range(4000)]})
    assert response.status_code == 422
    assert "province: có tối đa 50 giá trị (đã nhận 4000)" in response.text
    assert len(response.content) < 200_000


def test_pager_and_export_link_follow_the_query(client: TestClient) -> None:
    html = client.get("/", params={"q": "", "size": 5, "page": 2, "province": ["dak-lak", "ha-noi", "can-tho"]}).text
    anchors = parse(html).anchors
    coverage = next(a["href"] for a in anchors if a.get("id") == "coverage")
    assert coverage.startswith("/do-phu?")
    assert query(coverage)["province"] == ["dak-lak", "ha-noi", "can-tho"]
    export = next(a["href"] for a in anchors if a.get("id") == "export-csv")
    assert export.startswith("/api/export.csv?")
    assert query(export)["province"] == ["dak-lak", "ha-noi", "can-tho"]
    assert "page" not in query(export)
    prev = next(a["href"] for a in anchors if a.get("rel") == "prev")
    assert "page" not in query(prev)
    assert query(prev)["size"] == ["5"]
    assert 'aria-current="page">2<' in html


def test_no_results_says_so(client: TestClient) -> None:
    html = client.get("/", params={"q": "khongcotunaynhu"}).text
    assert "<strong>0</strong> kết quả" in html
    assert "Không tìm thấy bài viết nào" in html


def test_static_files_are_served(client: TestClient) -> None:
    assert "mark" in client.get("/static/style.css").text
    assert client.get("/static/app.js").status_code == 200


def test_selected_value_without_matches_can_still_be_switched_off(client: TestClient) -> None:
    html = client.get("/", params={"q": "hoa ban", "directive": "20-CT/TW"}).text
    checked = [a for a in parse(html).anchors if a.get("aria-checked") == "true"]
    assert len(checked) == 1
    assert "directive" not in query(checked[0]["href"])
    assert "Chỉ thị 20-CT/TW về tăng cường" in html  # the directive's title from config/directives.yaml


def test_page_allows_only_its_own_scripts(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "style=" not in client.get("/").text
    assert "frame-ancestors 'none'" in csp


def test_a_marked_query_with_few_hits_offers_the_widened_count(client: TestClient) -> None:
    page = client.get("/?q=h%C3%B2a").text  # "hòa": 2 exact hits, more in every spelling
    assert 'id="widen"' in page
    wide = client.get("/api/search?q=h%C3%B2a&fold_all=true").json()["total"]
    assert f"Khớp không dấu: {wide} kết quả" in page
    [href] = [a["href"] for a in parse(page).anchors if "fold_all" in a.get("href", "")]
    assert parse_qs(urlsplit(href).query)["fold_all"] == ["True"]
    assert 'id="widen"' not in client.get("/?q=hoa").text  # typed without marks: nothing to widen
    assert 'id="widen"' not in client.get("/?q=h%C3%B2a&fold_all=1").text
    assert 'checked' in client.get("/?q=h%C3%B2a&fold_all=1").text


def test_a_selected_month_past_the_first_shown_keeps_its_count(client: TestClient) -> None:
    months = sorted({f"{a.published.astimezone(VN):%Y-%m}" for a in corpus() if a.published}, reverse=True)
    old = months[-1]
    assert months.index(old) >= PAGE_FACET_SIZE
    html = client.get("/", params={"month": old}).text
    section = html.split('id="facet-month"')[1].split("</section>")[0]
    checked = section.split('aria-checked="true"')[1].split("</a>")[0]
    expected = sum(1 for a in corpus() if a.published and f"{a.published.astimezone(VN):%Y-%m}" == old)
    assert f'<span class="count">{expected}</span>' in checked


def test_a_bare_query_with_a_marked_exclusion_still_folds(client: TestClient) -> None:
    bare = client.get("/api/search", params={"q": "tre em"}).json()["total"]
    page = client.get("/", params={"q": "tre em -quận"}).text  # Hà Nội's article says "các quận"
    assert f"<strong>{bare - 1}</strong> kết quả" in page
    assert 'id="widen"' not in page  # nothing to widen: "tre em" already matches every spelling


def test_zero_hits_that_widen_say_so_with_the_count_and_a_link(client: TestClient) -> None:
    page = client.get("/", params={"q": "hòa ban"}).text  # "hòa" + "ban": none; "hoa ban": Lai Châu's flowers
    assert "<strong>0</strong> kết quả" in page
    wide = client.get("/api/search", params={"q": "hòa ban", "fold_all": "true"}).json()["total"]
    assert wide > 0
    assert f"Khớp không dấu: {wide} kết quả" in page
    assert [a for a in parse(page).anchors if "fold_all" in a.get("href", "")]


def test_a_lower_case_or_is_read_as_or_and_the_page_says_so(client: TestClient) -> None:
    page = client.get("/", params={"q": "cà phê or hòa giải"}).text
    assert "<strong>2</strong> kết quả" in page
    assert 'id="or-read"' in page
    assert 'id="or-read"' not in client.get("/", params={"q": "cà phê OR hòa giải"}).text


def test_the_help_describes_each_case_the_engine_handles(client: TestClient) -> None:
    html = client.get("/").text
    popover = html.split('id="syntax-help"')[1].split("</details>")[0]
    for case in ("<code>quan ly -quận</code>", "<code>-tet</code>", "<code>tre em tết</code>", "<code>or</code>",
                 '<code>"or"</code>', "từ bị loại vẫn giữ như đã gõ"):  # fmt: skip
        assert case in popover, case
    assert "gõ không dấu thì khớp mọi cách viết" not in popover  # false for a mixed query: no longer said
