"""The backend contract, Vietnamese matching and the query language: the same hits on every backend.

Mixed into tests/indexer/contract.py's BackendContract (which provides the `backend` fixture).
"""

from __future__ import annotations

import random

import pytest

from core.article import Article
from core.ids import article_id
from core.search import SearchBackend, SearchQuery
from tests.indexer.judged import measure

# slug -> (title, body, author)
DOCS: dict[str, tuple[str, str, str | None]] = {
    "bao-storm": ("Cơn bão số 3 đổ bộ", "Bão gây mưa lớn ở ven biển.", None),
    "bao-protect": ("Tăng cường bảo vệ trẻ em", "Các xã bảo đảm an toàn cho trẻ em dịp hè, đón Tết.", "Thu Lan"),
    "bao-press": ("Báo chí cách mạng", "Hội Nhà báo gặp mặt các cơ quan báo chí.", None),
    "bao-violence": ("Phòng chống bạo lực học đường", "Bạo lực với trẻ em cần được ngăn chặn.", None),
    "bao-luc-apart": ("Bảo tàng mở cửa lúc 8 giờ", "Lực lượng bảo vệ có mặt lúc sáng.", None),
    "bao-bare": ("Bao giờ xong dự án", "Chưa rõ bao giờ hoàn thành.", None),
    "thong": ("Hệ thống thông tin", "Thông tin được cập nhật.", None),
    "thong-ke": ("Thống kê dân số", "Cục Thống kê công bố số liệu.", None),
    "quan-ly": ("Quản lý đô thị", "Sở quản lý trật tự xây dựng.", None),
    "quan-diem": ("Quan điểm của tỉnh", "Quan hệ giữa các cơ quan.", None),
    "tin": ("Tin tức trong ngày", "Người dân tin tưởng.", None),
    "tin-dung": ("Tín dụng chính sách", "Uy tín được nâng cao.", None),
    "an-toan": ("An toàn giao thông dịp Tết", "Ra quân bảo đảm an toàn.", None),
    "an-tet": ("Ăn Tết tiết kiệm", "Người dân ăn uống toàn diện, vui tươi.", None),
    "an-pham": ("Ấn phẩm tuyên truyền", "Ấn hành tài liệu toàn tỉnh.", None),
    "hoa-old": ("Hoà giải ở cơ sở", "Tổ hoà giải thôn; công trình thuỷ lợi.", None),
    "hoa-new": ("Hòa giải thành", "Kết quả hòa giải; thủy lợi nội đồng.", None),
    "xam-hai": ("Xâm hại trẻ em là tội phạm", "Nghiêm trị hành vi xâm hại.", "Trần Bảo"),
}  # fmt: skip


def _article(slug: str) -> Article:
    title, body, author = DOCS[slug]
    url = f"https://matching.gov.vn/{slug}.html"
    return Article(id=article_id(url), url=url, canonical_url=url, title=title, body=body, author=author)


def _ids(backend: SearchBackend, text: str, fold_all: bool = False) -> set[str]:
    result = backend.search(SearchQuery(text=text, fold_all=fold_all, size=200, facets=()))
    assert result.total == len(result.hits)
    return {h.id for h in result.hits}


def _slugs(*slugs: str) -> set[str]:
    return {_article(s).id for s in slugs}


def _names(ids: set[str]) -> set[str]:
    """Slugs of ids, for readable failures."""
    return {s for s in DOCS if _article(s).id in ids}


class MatchingContract:
    """Diacritics rule, tone placement, the query language, the byline, highlights, and a judged set."""

    @pytest.fixture
    def docs(self, backend: SearchBackend) -> SearchBackend:
        backend.upsert([_article(s) for s in DOCS])
        return backend

    @pytest.mark.parametrize(
        ("text", "slugs"),
        [
            ("bão", {"bao-storm"}),  # not bảo, báo, bạo
            ("báo", {"bao-press"}),
            ("bạo", {"bao-violence"}),
            ("bảo", {"bao-protect", "bao-luc-apart", "an-toan", "xam-hai"}),  # xam-hai: the byline "Trần Bảo"
            ("bạo lực", {"bao-violence"}),  # not "Bảo … lúc" / "Lực lượng bảo vệ"
            ("bao", {"bao-storm", "bao-protect", "bao-press", "bao-violence", "bao-luc-apart", "bao-bare", "an-toan",
                     "xam-hai"}),
            ("bao luc", {"bao-violence", "bao-luc-apart"}),
            ("thông", {"thong", "an-toan"}),  # "giao thông"
            ("thống", {"thong", "thong-ke"}),
            ("quản", {"quan-ly"}),
            ("quan", {"quan-ly", "quan-diem", "bao-press", "an-toan"}),  # quản, quan, quân
            ("tin", {"tin", "tin-dung", "thong"}),
            ("tín", {"tin-dung"}),
            ("an toàn", {"an-toan", "bao-protect"}),  # "an" stays bare: not ăn (an-tet) or ấn (an-pham)
            ("an toan", {"an-toan", "bao-protect", "an-tet", "an-pham"}),
            ("hoà giải", {"hoa-old", "hoa-new"}),  # old and new tone placement are one word, both sides
            ("hòa giải", {"hoa-old", "hoa-new"}),
            ('"thuỷ lợi"', {"hoa-old", "hoa-new"}),
            ('"bạo lực"', {"bao-violence"}),
            ('"bao luc"', {"bao-violence"}),
            ('"lực bảo"', set()),
        ],
    )
    def test_marks_typed_are_matched_word_for_word(self, docs: SearchBackend, text: str, slugs: set[str]) -> None:
        assert _names(_ids(docs, text)) == slugs

    def test_unmarked_queries_rank_exact_spellings_first(self, docs: SearchBackend) -> None:
        ranked = [h.id for h in docs.search(SearchQuery(text="bao", size=50)).hits]
        assert ranked[0] == _article("bao-bare").id

    def test_the_switch_widens_a_marked_query(self, docs: SearchBackend) -> None:
        assert _ids(docs, "bão", fold_all=True) == _ids(docs, "bao")
        widened = [h.id for h in docs.search(SearchQuery(text="bão", fold_all=True, size=50)).hits]
        assert widened[0] == _article("bao-storm").id  # the spelling typed ranks first

    @pytest.mark.parametrize(
        ("text", "slugs"),
        [
            ("tre em -tet", {"bao-violence", "xam-hai"}),
            ("trẻ em -tết", {"bao-violence", "xam-hai"}),
            ('trẻ em -"tăng cường"', {"bao-violence", "xam-hai"}),
            ("hệ thống OR cục thống kê", {"thong", "thong-ke"}),
            ("tre em (bao luc OR xam hai)", {"bao-violence", "xam-hai"}),
            ("trẻ em (bạo lực OR xâm hại) -tội", {"bao-violence"}),
            ("tre em -(tet OR toi)", {"bao-violence"}),
            ("bao or", set()),  # a lower-case "or" at the end is a word
            ("bão or báo", {"bao-storm", "bao-press"}),  # between two words it is OR
            ("thong ke or hoa giai", {"thong-ke", "hoa-old", "hoa-new"}),
            # the positive words alone decide exactness; an exclusion is exact or folded on its own marks
            ("tre em -tết", {"bao-violence", "xam-hai"}),  # bare "tre em" still folds
            ("tre em -tăng", {"bao-violence", "xam-hai"}),
            ("quan -quản", {"quan-diem", "bao-press", "an-toan"}),  # drops "quản" only, keeps quan and quân
            ("quan -(quản OR quân)", {"quan-diem", "bao-press"}),
            ("bảo -tet", {"bao-luc-apart", "xam-hai"}),  # a bare exclusion folds in a marked query
            ('tre em -"tăng cường"', {"bao-violence", "xam-hai"}),
            ("-bão -báo", set(DOCS) - {"bao-storm", "bao-press"}),  # only exclusions: the rest
            ("-tết", set(DOCS) - {"bao-protect", "an-toan", "an-tet"}),
        ],
    )
    def test_query_language(self, docs: SearchBackend, text: str, slugs: set[str]) -> None:
        assert _names(_ids(docs, text)) == slugs

    def test_the_switch_never_widens_an_exclusion(self, docs: SearchBackend) -> None:
        assert _names(_ids(docs, "bảo -quân", fold_all=True)) == _names(_ids(docs, "bao -quân"))
        assert "an-toan" not in _names(_ids(docs, "bao -quân", fold_all=True))
        assert _names(_ids(docs, "bảo -quan", fold_all=True)) == {"bao-storm", "bao-protect", "bao-violence",
                                                                 "bao-luc-apart", "bao-bare", "xam-hai"}  # fmt: skip

    def test_only_exclusions_list_the_rest_newest_first(self, loaded: SearchBackend) -> None:
        rest = [h.id for h in loaded.search(SearchQuery(text="-tre -em", size=50)).hits]
        newest = [h.id for h in loaded.search(SearchQuery(sort="newest", size=50)).hits]
        assert rest == [i for i in newest if i in set(rest)]
        assert 0 < len(rest) < len(newest)

    def test_the_byline_is_searchable(self, docs: SearchBackend) -> None:
        assert _ids(docs, "Thu Lan") == _slugs("bao-protect")
        assert _ids(docs, "thu lan") == _slugs("bao-protect")
        assert _ids(docs, '"trần bảo"') == _slugs("xam-hai")

    def test_highlights_mark_only_what_matched(self, docs: SearchBackend) -> None:
        [hit] = docs.search(SearchQuery(text="bão")).hits
        assert "<mark>Bão</mark>" in hit.snippet
        for hit in docs.search(SearchQuery(text="bảo -tết", size=50)).hits:
            assert "<mark>Bão</mark>" not in hit.snippet + (hit.title_highlighted or "")
        [hit] = docs.search(SearchQuery(text='"bạo lực"')).hits
        assert hit.title_highlighted == "Phòng chống <mark>bạo</mark> <mark>lực</mark> học đường"

    def test_random_queries_never_raise(self, docs: SearchBackend) -> None:
        rng = random.Random(11)
        pieces = ['"', "(", ")", "-", " OR ", "OR", "title:", "*", "?", "~", "^2", "\\", "/", "bão", "an", "tết",
                  "AND", "NOT", "{", "}", "[", "]", ":", "&&", "||", "!", "\u0301", "\x00", "💥", " ", "  ",
                  "20-CT"]  # fmt: skip
        for _ in range(150):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            result = docs.search(SearchQuery(text=text, fold_all=rng.random() < 0.3, size=5, facets=("province",)))
            assert 0 <= len(result.hits) <= result.total <= len(DOCS), text

    def test_judged_set(self, backend: SearchBackend) -> None:
        """Generated queries on real sentences: every hit set equals the reference matcher's."""
        precision, recall, wrong = measure(backend, 300, seed=7)
        print(f"judged set: 300 queries, precision {precision:.4f}, recall {recall:.4f}, {wrong} differ")
        assert wrong == 0
