"""The backend contract: one abstract test suite every SearchBackend must pass with the same semantics.

Subclass `BackendContract` and implement `make_backend(tmp_path)` returning a backend on a fresh, empty index
(an external node can be started once per session by a session fixture; an autouse fixture may stash it on
`self`). The `backend` fixture calls `ensure_schema()` and closes the backend after each test.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from core.article import Article, Implementation
from core.facets import FACETS, facet, index_values
from core.ids import article_id
from core.search import SearchBackend, SearchQuery, SearchResult, SortOrder
from indexer import collapse
from indexer.pipeline import Pipeline
from indexer.pipeline.documents import document
from tests.indexer.contract_matching import MatchingContract
from tests.indexer.contract_ranking import RankingContract
from tests.indexer.corpus import REFS, VN, by_slug, corpus, full_article
from tests.indexer.neardup_corpus import alone, article, near_pair, republished, story

ALL_FACETS: tuple[str, ...] = tuple(f.name for f in FACETS)  # every facet of the registry, shown or index-only


def facet_values(article: Article, name: str) -> set[str]:
    """What one article contributes to a facet, as the registry declares it (tests/core/test_facets.py checks
    the declarations themselves against hand-written values)."""
    return set(index_values(facet(name), article))


def expected_counts(articles: list[Article], facet: str) -> dict[str, int]:
    return dict(Counter(v for a in articles for v in facet_values(a, facet)))


def counts(result: SearchResult, facet: str) -> dict[str, int]:
    return {b.value: b.count for b in result.facets[facet]}


def ids(result: SearchResult) -> list[str]:
    return [h.id for h in result.hits]


def slug_id(slug: str) -> str:
    return by_slug(slug).id


def local_day(article: Article) -> date:
    assert article.published is not None
    return article.published.astimezone(VN).date()


class BackendContract(MatchingContract, RankingContract):
    """Abstract: every test here (and in MatchingContract, RankingContract) runs against each backend subclass."""

    def make_backend(self, tmp_path: Path) -> SearchBackend:
        raise NotImplementedError

    @pytest.fixture
    def backend(self, tmp_path: Path) -> Iterator[SearchBackend]:
        b = self.make_backend(tmp_path)
        b.ensure_schema()
        yield b
        b.close()

    @pytest.fixture
    def loaded(self, backend: SearchBackend) -> SearchBackend:
        report = backend.upsert(corpus())
        assert (report.indexed, report.failed) == (len(corpus()), 0)
        return backend

    # -- storage --------------------------------------------------------------------------------------------

    def test_is_a_search_backend_and_starts_empty(self, backend: SearchBackend) -> None:
        assert isinstance(backend, SearchBackend)
        backend.ensure_schema()  # idempotent
        assert backend.count() == 0
        assert backend.search(SearchQuery()).total == 0

    def test_upsert_is_idempotent_and_replaces_by_id(self, backend: SearchBackend) -> None:
        article = by_slug("tre-em-ha-noi")
        backend.upsert([article])
        backend.upsert([article])
        assert backend.count() == 1
        changed = article.model_copy(update={"title": "Tiêu đề đã sửa về phòng cháy"})
        backend.upsert([document(changed)])
        assert backend.count() == 1
        assert backend.get(article.id) == document(changed)
        assert ids(backend.search(SearchQuery(text="phong chay"))) == [article.id]
        assert backend.search(SearchQuery(text="nghỉ hè")).total == 1  # the body is unchanged
        assert backend.search(SearchQuery(text="tăng cường bảo vệ")).total == 0  # the old title is gone

    def test_get_round_trips_every_field(self, backend: SearchBackend) -> None:
        article = full_article()
        backend.upsert([article])
        got = backend.get(article.id)
        assert got == article  # stored as given: a backend sets no near-duplicate field (indexer.pipeline does)
        assert got is not None
        assert got.published is not None
        assert got.fetched_at is not None
        assert got.published.utcoffset() == timedelta(hours=7)
        assert got.fetched_at.tzinfo is not None
        assert got.directives[0].issued == date(2021, 3, 15)
        assert backend.get("no-such-id") is None

    def test_delete_returns_how_many_existed(self, loaded: SearchBackend) -> None:
        gone = slug_id("hoa-ban")
        assert loaded.delete([gone, "no-such-id", gone]) == 1
        assert loaded.count() == len(corpus()) - 1
        assert loaded.get(gone) is None
        assert gone not in ids(loaded.search(SearchQuery(text="hoa ban", size=50)))
        assert loaded.delete([gone]) == 0
        assert loaded.delete([]) == 0

    # -- text -----------------------------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("text", "slug"),
        [
            ("tre em", "tre-em-ha-noi"),
            ("dak lak", "dak-lak-ca-phe"),
            ("DAK LAK ca phe", "dak-lak-ca-phe"),
            ("chi thi 20", "chi-thi-20-dak-lak"),
            ("Chỉ thị số 20-CT/TW", "chi-thi-20-dak-lak"),
            ("20/2021/NĐ-CP", "nghi-dinh-20"),
            ("hoà giải", "hoa-giai"),  # old-style tone placement finds the new style
            ("dong nai", "chuyen-doi-so-dong-nai"),
        ],
    )
    def test_search_ignores_diacritics_and_case(self, loaded: SearchBackend, text: str, slug: str) -> None:
        assert slug_id(slug) in ids(loaded.search(SearchQuery(text=text, size=50)))

    def test_all_words_must_match(self, loaded: SearchBackend) -> None:
        found = set(ids(loaded.search(SearchQuery(text="trẻ em Lào Cai", size=50))))
        assert found == {slug_id("chi-thi-20-lao-cai")}

    def test_exact_diacritics_rank_first(self, loaded: SearchBackend) -> None:
        ranked = ids(loaded.search(SearchQuery(text="hòa", fold_all=True, size=50)))
        assert {slug_id("hoa-ban"), slug_id("hoa-giai")} <= set(ranked)  # widened: both match
        assert ranked.index(slug_id("hoa-giai")) < ranked.index(slug_id("hoa-ban"))
        assert ranked[0] in {slug_id("hoa-giai"), slug_id("khanh-hoa-du-lich")}
        bare = ids(loaded.search(SearchQuery(text="hoa", size=50)))  # typed without marks: every spelling
        assert set(bare) == set(ranked)
        assert bare[0] == slug_id("hoa-ban")  # the bare spelling typed ranks first

    def test_quoted_words_must_be_adjacent(self, loaded: SearchBackend) -> None:
        loose = set(ids(loaded.search(SearchQuery(text="chuyển đổi số", size=50))))
        assert {slug_id("chuyen-doi-so-dong-nai"), slug_id("doi-so-khong-lien")} <= loose
        phrase = set(ids(loaded.search(SearchQuery(text='"chuyển đổi số"', size=50))))
        assert slug_id("doi-so-khong-lien") not in phrase
        assert {slug_id("chuyen-doi-so-dong-nai"), slug_id("quyet-dinh-27")} <= phrase
        folded = set(ids(loaded.search(SearchQuery(text='"chuyen doi so"', size=50))))
        assert folded == phrase

    def test_words_near_each_other_rank_above_scattered_ones(self, backend: SearchBackend) -> None:
        # "chi thi 20" typed without diacritics must put "Chỉ thị số 20-CT/TW" above a page that only
        # has "chỉ", "thị" and "20" far apart: a citation usually has "số" between the words.
        def make(slug: str, body: str) -> Article:
            url = f"https://contract.gov.vn/{slug}.html"
            return Article(id=article_id(url), url=url, canonical_url=url, title="Hội nghị", body=body)

        near = make("near", "Tỉnh ủy tổng kết Chỉ thị số 20-CT/TW của Bộ Chính trị về công tác cán bộ.")
        scattered = make("scattered", "Sau 20 năm, tỉnh chỉ đạo các xã và thị trấn hoàn thành kế hoạch.")
        backend.upsert([scattered, near])
        assert ids(backend.search(SearchQuery(text="chi thi 20"))) == [near.id, scattered.id]

    def test_title_matches_rank_above_body_matches(self, loaded: SearchBackend) -> None:
        ranked = ids(loaded.search(SearchQuery(text="đào tạo nghề", size=50)))
        assert ranked[:2] == [slug_id("tieu-de-dao-tao"), slug_id("than-dao-tao")]

    # -- facets ---------------------------------------------------------------------------------------------

    def test_facet_counts_match_the_corpus(self, loaded: SearchBackend) -> None:
        result = loaded.search(SearchQuery(facets=ALL_FACETS, size=0))
        assert result.total == len(corpus())
        assert result.hits == []
        for name in ALL_FACETS:
            assert counts(result, name) == expected_counts(corpus(), name), name
            buckets = result.facets[name]
            assert not any(b.selected for b in buckets)
            if not facet(name).newest_first:  # most frequent first
                assert [b.count for b in buckets] == sorted((b.count for b in buckets), reverse=True)

    def test_dated_facets_are_newest_first_and_complete(self, loaded: SearchBackend) -> None:
        result = loaded.search(SearchQuery(facets=("month", "year"), facet_size=2, size=0))
        for name in ("month", "year"):  # every value, whatever facet_size says
            values = [b.value for b in result.facets[name]]
            assert values == sorted(expected_counts(corpus(), name), reverse=True), name
        assert counts(result, "year")["2024"] == sum(1 for a in corpus() if a.published and local_day(a).year == 2024)

    def test_facet_sizes_cut_each_facet(self, loaded: SearchBackend) -> None:
        query = SearchQuery(facets=("province", "directive"), facet_size=2, facet_sizes={"directive": 3}, size=0)
        result = loaded.search(query)
        assert len(result.facets["province"]) == 2
        assert len(result.facets["directive"]) == 3
        everything = expected_counts(corpus(), "province")
        assert [b.count for b in result.facets["province"]] == sorted(everything.values(), reverse=True)[:2]

    def test_month_and_mentioned_provinces_filter(self, loaded: SearchBackend) -> None:
        loaded.upsert([full_article()])  # the one article naming other provinces
        articles = [*corpus(), full_article()]
        for name, values in {"month": ["2024-03", "2021-05"], "provinces_mentioned": ["quang-ninh"]}.items():
            result = loaded.search(SearchQuery(size=50, filters={name: values}))
            expected = [a.id for a in articles if facet_values(a, name) & set(values)]
            assert sorted(ids(result)) == sorted(expected), name
            assert expected, name

    # -- cross counts (coverage) ----------------------------------------------------------------------------

    @pytest.mark.parametrize("rows", ["province", "province_at_publication"])
    def test_cross_counts_match_the_corpus(self, loaded: SearchBackend, rows: str) -> None:
        for query in (SearchQuery(), SearchQuery(text="trẻ em"), SearchQuery(directive=["20-CT/TW"])):
            matched = {h.id for h in loaded.search(query.model_copy(update={"size": 50})).hits}
            articles = [a for a in corpus() if a.id in matched]
            got = loaded.cross_counts(query, rows, "month")
            assert got.total == len(articles) > 0
            expected = Counter(
                (r, m) for a in articles for r in facet_values(a, rows) for m in facet_values(a, "month")
            )
            assert {(r, m): n for r, cols in got.cells.items() for m, n in cols.items()} == dict(expected)
            assert got.row_totals == expected_counts(articles, rows)
            assert got.column_totals == expected_counts(articles, "month")

    def test_a_search_without_highlighting_finds_the_same_hits_unmarked(self, loaded: SearchBackend) -> None:
        """The coverage table's first mentions read one hit per unit for its id, title and day: marking its snippet
        was most of the Python time of each of those searches."""
        for collapsed in (False, True):
            marked = loaded.search(SearchQuery(text="tre em", collapse=collapsed, sort="oldest"))
            plain = loaded.search(SearchQuery(text="tre em", collapse=collapsed, sort="oldest", highlight=False))
            assert [h.id for h in plain.hits] == [h.id for h in marked.hits]
            assert any("<mark>" in h.snippet for h in marked.hits)
            assert not any("<mark>" in h.snippet or h.title_highlighted for h in plain.hits)
            assert plain.total == marked.total

    def test_cross_counts_apply_every_filter(self, loaded: SearchBackend) -> None:
        query = SearchQuery(province=["dak-lak", "ha-noi"], date_from=date(2024, 1, 1))
        got = loaded.cross_counts(query, "province", "year")
        expected = [a for a in corpus() if a.province in ("dak-lak", "ha-noi") and a.published
                    and local_day(a) >= date(2024, 1, 1)]  # fmt: skip
        assert got.total == len(expected) > 1
        cells = Counter((a.province, str(local_day(a).year)) for a in expected)
        assert {(r, y): n for r, cols in got.cells.items() for y, n in cols.items()} == dict(cells)

    def test_facets_follow_the_text_query(self, loaded: SearchBackend) -> None:
        result = loaded.search(SearchQuery(text="trẻ em", facets=("province", "directive"), size=50))
        matched = [a for a in corpus() if a.id in set(ids(result))]
        assert len(matched) == result.total >= 5
        assert counts(result, "province") == expected_counts(matched, "province")
        assert counts(result, "directive") == expected_counts(matched, "directive")

    def test_multi_select_facets_ignore_their_own_filter(self, loaded: SearchBackend) -> None:
        query = SearchQuery(province=["dak-lak"], facets=("province", "directive", "month"), size=50)
        result = loaded.search(query)
        in_dak_lak = [a for a in corpus() if a.province == "dak-lak"]
        assert sorted(ids(result)) == sorted(a.id for a in in_dak_lak)
        assert counts(result, "province") == expected_counts(corpus(), "province")  # other provinces still shown
        assert [b.value for b in result.facets["province"] if b.selected] == ["dak-lak"]
        assert counts(result, "directive") == expected_counts(in_dak_lak, "directive")
        assert counts(result, "month") == expected_counts(in_dak_lak, "month")

        both = loaded.search(
            query.model_copy(update={"filters": {"province": ["dak-lak", "ha-noi"], "directive": ["20-CT/TW"]}})
        )
        in_two = [a for a in corpus() if a.province in ("dak-lak", "ha-noi")]
        with_20 = [a for a in corpus() if "20-CT/TW" in facet_values(a, "directive")]
        assert ids(both) == [slug_id("chi-thi-20-dak-lak")]
        assert counts(both, "province") == expected_counts(with_20, "province")
        assert counts(both, "directive") == expected_counts(in_two, "directive")
        assert {b.value for b in both.facets["province"] if b.selected} == {"dak-lak"}  # ha-noi has no 20-CT/TW

    @pytest.mark.parametrize("key", ["27/QĐ-TTg", "20/2021/NĐ-CP", "20-CT/TW", "377/KH-UBND"])
    def test_directive_filter(self, loaded: SearchBackend, key: str) -> None:
        result = loaded.search(SearchQuery(directive=[key], size=50))
        assert sorted(ids(result)) == sorted(a.id for a in corpus() if key in facet_values(a, "directive"))
        assert result.total > 0

    def test_unit_scoped_directive_keys_are_distinct_values(self, backend: SearchBackend) -> None:
        """What search_api.resolve relies on to expand a bare local number: each unit's key is its own facet value
        (colon and all), listed by the facet, filtered exactly; the bare number is a value of its own."""
        plan = REFS["377/KH-UBND"]
        keys = {"lao-cai": "lao-cai:377/KH-UBND", "ha-noi": "ha-noi:377/KH-UBND", "hue": "377/KH-UBND"}
        articles = [
            article(f"kh-377-{unit}", "Kế hoạch cải cách hành chính năm 2024 của tỉnh", day).model_copy(update={
                "province": unit,
                "directives": [plan.model_copy(update={"key": key, "scope": None if unit == "hue" else unit})],
            })
            for day, (unit, key) in enumerate(keys.items(), start=1)
        ]  # fmt: skip
        backend.upsert(articles)
        by_key = {key: a.id for a, key in zip(articles, keys.values(), strict=True)}
        listed = backend.search(SearchQuery(size=0, facets=("directive",), facet_sizes={"directive": 100}))
        assert counts(listed, "directive") == dict.fromkeys(keys.values(), 1)
        for key, article_id_ in by_key.items():
            assert ids(backend.search(SearchQuery(directive=[key]))) == [article_id_]
        both = backend.search(SearchQuery(directive=["lao-cai:377/KH-UBND", "ha-noi:377/KH-UBND"]))
        assert sorted(ids(both)) == sorted([by_key["lao-cai:377/KH-UBND"], by_key["ha-noi:377/KH-UBND"]])
        assert backend.search(SearchQuery(directive=["lao-cai:377/kh-ubnd"])).total == 0  # exact: resolve folds case

    def test_implements_filters_by_target_and_lists_each_relation(self, backend: SearchBackend) -> None:
        """What search_api.chain relies on: filtering the index-only `implements` facet by a key finds the articles
        stating that something implements it; among them `relations` names each relation as "target > doc"; a size-1
        oldest sort on one relation finds the article that first states it."""
        said = "Tỉnh ủy ban hành Kế hoạch số 48-KH/TU thực hiện Chỉ thị số 20-CT/TW."
        plan = Implementation(doc="nghe-an:48-KH/TU", target="20-CT/TW", verb="thực hiện", sentence=said)
        district = Implementation(doc="nghe-an:12-KH/HU", target="nghe-an:48-KH/TU", verb="thực hiện", sentence=said)
        first, again, below = (
            article(slug, said, day).model_copy(update={"implements": rels})
            for slug, day, rels in (("kh-48", 2, [plan]), ("kh-48-lai", 5, [plan, district]), ("kh-12", 3, [district]))
        )  # fmt: skip
        backend.upsert([first, again, below])
        found = backend.search(SearchQuery(implements=["20-CT/TW"], facets=("relations", "implements"), size=10))
        assert sorted(ids(found)) == sorted([first.id, again.id])
        assert counts(found, "relations") == {
            "20-CT/TW > nghe-an:48-KH/TU": 2, "nghe-an:48-KH/TU > nghe-an:12-KH/HU": 1}  # fmt: skip
        assert counts(found, "implements") == {"20-CT/TW": 2, "nghe-an:48-KH/TU": 2}  # its own filter left out
        oldest = SearchQuery(relations=["nghe-an:48-KH/TU > nghe-an:12-KH/HU"], sort="oldest", size=1, facets=())
        assert ids(backend.search(oldest)) == [below.id]
        stored = backend.get(first.id)
        assert stored is not None
        assert stored.implements == [plan]

    def test_other_keyword_filters(self, loaded: SearchBackend) -> None:
        cases = {
            "doc_type": ["QĐ", "NĐ"], "issuer": ["TW"], "source": ["daklak"], "province_at_publication": ["ha-giang"],
            "year": ["2023"],
        }  # fmt: skip
        for name, values in cases.items():
            result = loaded.search(SearchQuery(size=50, filters={name: values}))
            expected = [a.id for a in corpus() if facet_values(a, name) & set(values)]
            assert sorted(ids(result)) == sorted(expected), name
            assert expected

    # -- dates, order, paging -------------------------------------------------------------------------------

    def test_date_range_is_inclusive_in_local_time(self, loaded: SearchBackend) -> None:
        march = loaded.search(SearchQuery(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31), size=50))
        # 2024-03-01T06:00+07:00 is Feb 29 in UTC, 2024-03-31T23:30+07:00 is March 31; both are March locally.
        assert sorted(ids(march)) == sorted([slug_id("quyet-dinh-27"), slug_id("nghi-dinh-20")])
        day = loaded.search(SearchQuery(date_from=date(2024, 4, 1), date_to=date(2024, 4, 1)))
        assert ids(day) == [slug_id("nghi-dinh-20-va-chi-thi-20")]  # 00:30 local is still March 31 in UTC
        since = loaded.search(SearchQuery(date_from=date(2025, 1, 1), size=50))
        assert sorted(ids(since)) == sorted(a.id for a in corpus() if a.published and local_day(a) >= date(2025, 1, 1))
        until = loaded.search(SearchQuery(date_to=date(2023, 12, 31), size=50))
        assert slug_id("khanh-hoa-du-lich") in ids(until)  # 23:59 on the last day
        assert slug_id("lam-dong-rung") not in ids(until)  # 00:00 the next day
        assert sorted(ids(until)) == sorted(
            a.id for a in corpus() if a.published and local_day(a) <= date(2023, 12, 31)
        )

    def test_month_facet_uses_local_time(self, loaded: SearchBackend) -> None:
        result = loaded.search(SearchQuery(facets=("month",), size=0))
        assert counts(result, "month")["2024-03"] == 2
        assert counts(result, "month")["2024-04"] == 1

    @pytest.mark.parametrize("text", ["", "trẻ em"])
    def test_sort_newest_and_oldest(self, loaded: SearchBackend, text: str) -> None:
        newest = loaded.search(SearchQuery(text=text, sort="newest", size=50)).hits
        oldest = loaded.search(SearchQuery(text=text, sort="oldest", size=50)).hits
        dated = [h.published for h in newest if h.published]
        assert dated == sorted(dated, reverse=True)
        assert len(dated) > 3
        dated_old = [h.published for h in oldest if h.published]
        assert dated_old == sorted(dated_old)
        assert [h.id for h in newest if h.published] == [h.id for h in oldest if h.published][::-1]
        for hits in (newest, oldest):  # undated articles last in both orders
            flags = [h.published is None for h in hits]
            assert flags == sorted(flags)

    def test_empty_query_lists_everything_newest_first(self, loaded: SearchBackend) -> None:
        result = loaded.search(SearchQuery(size=50))
        assert result.total == len(corpus())
        assert ids(result) == ids(loaded.search(SearchQuery(sort="newest", size=50)))
        assert result.hits[0].id == slug_id("thanh-hoa-nong-thon")
        assert result.hits[-1].id == slug_id("khong-ngay")

    @pytest.mark.parametrize(("text", "sort"), [("", "newest"), ("", "oldest"), ("tỉnh", "relevance")])
    def test_pages_are_disjoint_and_total_constant(self, loaded: SearchBackend, text: str, sort: SortOrder) -> None:
        query = SearchQuery(text=text, sort=sort, size=4)
        everything = loaded.search(query.model_copy(update={"size": 50}))
        pages = [loaded.search(query.model_copy(update={"page": p})) for p in range(1, 9)]
        assert {p.total for p in pages} == {everything.total}
        walked = [i for p in pages for i in ids(p)]
        assert len(walked) == len(set(walked)) == min(everything.total, 32) > 4
        assert walked == ids(everything)[: len(walked)]

    @pytest.mark.parametrize("page", [7, 10**6, 10**12])
    def test_a_page_past_the_end_is_empty_not_an_error(self, loaded: SearchBackend, page: int) -> None:
        for text in ("", "trẻ em"):
            result = loaded.search(SearchQuery(text=text, page=page, size=200, facets=("province",)))
            assert result.hits == []
            assert result.total == loaded.search(SearchQuery(text=text)).total > 0
            assert result.next_cursor is None
            assert sum(b.count for b in result.facets["province"]) >= result.total

    def test_cursor_walks_every_hit_once(self, loaded: SearchBackend) -> None:
        query = SearchQuery(sort="newest", size=5)
        result = loaded.search(query)
        seen = list(ids(result))
        while result.next_cursor:
            result = loaded.search(query.model_copy(update={"cursor": result.next_cursor}))
            seen += ids(result)
        assert seen == ids(loaded.search(SearchQuery(sort="newest", size=50)))

    def test_a_malformed_cursor_is_a_value_error(self, loaded: SearchBackend) -> None:
        with pytest.raises(ValueError, match="cursor"):
            loaded.search(SearchQuery(cursor="not a cursor!"))

    @pytest.mark.parametrize(
        "raw",
        [
            '{"offset": Infinity}',
            '{"offset": -Infinity}',
            '{"offset": NaN}',
            '{"after": [Infinity, "x"], "seen": 0}',
            '{"after": [1, "x"], "seen": Infinity}',
            '{"after": [NaN, "x"], "seen": 1e400}',
            '{"offset": 1e300, "after": [1e300, "x"], "seen": 1e300}',
            '[1, 2]',
        ],
    )
    def test_a_cursor_holding_infinity_nan_or_a_huge_number_is_a_value_error(
        self, loaded: SearchBackend, raw: str
    ) -> None:
        cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        for sort in ("newest", "relevance"):
            with pytest.raises(ValueError, match="cursor"):
                loaded.search(SearchQuery(cursor=cursor, sort=sort))

    # -- hits and highlights --------------------------------------------------------------------------------

    def test_hit_fields(self, loaded: SearchBackend) -> None:
        [hit] = loaded.search(SearchQuery(directive=["377/KH-UBND"])).hits
        article = by_slug("ke-hoach-377")
        assert (hit.id, hit.url, hit.title, hit.source_id) == (article.id, article.url, article.title, "daklak")
        assert (hit.province, hit.directives) == ("dak-lak", ["377/KH-UBND"])
        assert hit.published is not None
        assert article.published is not None
        assert hit.published.startswith("2024-02-29T23:30:00")  # local time, as stored

    def test_snippets_mark_the_original_words(self, loaded: SearchBackend) -> None:
        result = loaded.search(SearchQuery(text="dak lak ca phe"))
        hit = next(h for h in result.hits if h.id == slug_id("dak-lak-ca-phe"))
        assert "<mark>Đắk</mark>" in hit.snippet
        assert "<mark>cà</mark>" in hit.snippet
        assert "<mark>phê</mark>" in hit.snippet
        assert hit.title_highlighted is not None
        assert "<mark>Đắk</mark>" in hit.title_highlighted
        assert "<mark>Lắk</mark>" in hit.title_highlighted

    def test_snippets_escape_html(self, loaded: SearchBackend) -> None:
        [hit] = loaded.search(SearchQuery(text="mã độc liên kết")).hits
        assert "<script>" not in hit.snippet
        assert "&lt;script&gt;" in hit.snippet
        assert "<mark>liên</mark>" in hit.snippet
        assert hit.title_highlighted is not None
        assert "&lt;script&gt;" in hit.title_highlighted
        assert hit.title == by_slug("html-escape").title  # the plain title stays plain

    # -- hostile input --------------------------------------------------------------------------------------

    @pytest.mark.parametrize(
        "text",
        ['"', '"trẻ em', "20-CT/TW", "AND", "OR NOT", "title:trẻ", "(trẻ em", "trẻ) em]", "*", "?", "~2", "^3",
         "!!! ... ,,,", "\\", "/", "Đ", "a" * 3000, "trẻ em " * 400, "\x00", "\u0301", "<mark>x</mark>", "{}[]"],
    )  # fmt: skip
    def test_odd_queries_never_raise(self, loaded: SearchBackend, text: str) -> None:
        result = loaded.search(SearchQuery(text=text, facets=ALL_FACETS))
        assert 0 <= len(result.hits) <= result.total <= len(corpus())

    def test_odd_filter_values_match_nothing(self, loaded: SearchBackend) -> None:
        for value in ["", " ", '"', "*", "20-CT/TW OR 1=1", "Đ/Đ"]:
            assert loaded.search(SearchQuery(directive=[value], province=[value])).total == 0

    def test_utc_and_local_datetimes_compare_equal(self, backend: SearchBackend) -> None:
        article = by_slug("nghi-dinh-20")
        assert article.published is not None
        utc = article.model_copy(update={"published": article.published.astimezone(UTC)})
        backend.upsert([utc])
        got = backend.get(article.id)
        assert got is not None
        assert got.published == article.published
        assert backend.search(SearchQuery(date_from=date(2024, 3, 31), date_to=date(2024, 3, 31))).total == 1

    # -- near-duplicates (grouped by the indexing pipeline, stored and searched by the backend) ---------------

    @pytest.fixture
    def pipeline(self, backend: SearchBackend, tmp_path: Path) -> Iterator[Pipeline]:
        """The indexing pipeline over the backend, its store in tmp_path: it groups what the backend stores."""
        stages = Pipeline(backend, tmp_path / "pipeline.sqlite3", tmp_path / "spool")
        yield stages
        stages.close()

    def test_a_republished_copy_joins_the_first_articles_group_across_upserts(
        self, backend: SearchBackend, pipeline: Pipeline
    ) -> None:
        first = article("goc", story(1), day=3, source="portal-a")
        pipeline.index([first, article("khac", story(2), day=4, source="portal-a")])
        copy = article("dang-lai", republished(story(1), 7), day=5, source="portal-b")
        other = article("khac-nua", story(3), day=5, source="portal-b")
        pipeline.index([copy, other])  # a later run: the candidates come from the stored band keys
        got = {a: backend.get(article(a, "", 1, s).id) for a, s in [("goc", "portal-a"), ("dang-lai", "portal-b")]}
        assert got["goc"] is not None
        assert got["dang-lai"] is not None
        assert got["goc"].dup_group == got["dang-lai"].dup_group == first.id
        assert len(got["dang-lai"].minhash) > 100
        assert [a.id for a in backend.group(first.id)] == [first.id, copy.id]  # oldest first
        lone = backend.get(other.id)
        assert lone is not None
        assert lone.dup_group == other.id
        assert [a.id for a in backend.group(other.id)] == [other.id]
        assert backend.group("no-such-group") == []

    def test_groups_are_stable_when_articles_are_loaded_again(self, backend: SearchBackend, pipeline: Pipeline) -> None:
        first = article("goc", story(4), day=3)
        copies = [article(f"ban-{n}", republished(story(4), n), day=4 + n, source=f"portal-{n}") for n in range(3)]
        pipeline.index([first, *copies])  # one batch: earlier articles of the batch are candidates too
        pipeline.index(list(reversed([first, *copies])))  # reprocessing in another order changes nothing
        assert {a.id for a in backend.group(first.id)} == {first.id, *(c.id for c in copies)}
        assert all(backend.get(c.id).dup_group == first.id for c in copies)  # type: ignore[union-attr]

    def test_short_or_different_bodies_are_never_grouped(self, backend: SearchBackend, pipeline: Pipeline) -> None:
        notice = "Xem file đính kèm."
        a, b = article("tb-1", notice, day=3), article("tb-2", notice, day=4, source="portal-b")
        distinct = [article(f"rieng-{n}", story(100 + n), day=5) for n in range(5)]
        pipeline.index([a, b, *distinct])
        for item in [a, b, *distinct]:
            assert backend.get(item.id) == alone(item)
        assert alone(a).minhash == ""
        assert all(alone(d).minhash for d in distinct)

    def test_collapsing_never_hides_a_story_that_only_shares_a_template(
        self, backend: SearchBackend, pipeline: Pipeline
    ) -> None:
        """Near the threshold the estimate errs either way: the exact Jaccard, read from the pipeline store, decides."""
        template, distinct = near_pair(47, 38)  # estimated over SAME_STORY, exactly under: two stories
        story_, same = near_pair(40, 32)  # estimated under SAME_STORY, exactly over: one story
        pipeline.index([template, story_])
        pipeline.index([distinct, same])  # a later run: the representatives are stored
        assert [a.id for a in backend.group(template.id)] == [template.id]
        assert [a.id for a in backend.group(story_.id)] == [story_.id, same.id]
        result = backend.search(SearchQuery(collapse=True, size=50))
        assert {h.id: h.duplicates for h in result.hits} == {template.id: 0, distinct.id: 0, same.id: 1}
        assert (result.total, result.total_articles) == (3, 4)

    # -- collapsed results ----------------------------------------------------------------------------------

    @pytest.fixture
    def reposted(self, pipeline: Pipeline) -> dict[str, list[str]]:
        """Two stories republished (3 and 2 copies in all) and two stories published once: 7 articles, 4 groups."""
        first = [article("mot", story(21), day=1, source="portal-a")]
        first += [article(f"mot-{n}", republished(story(21), n), day=1 + n, source=f"portal-{n}") for n in (2, 3)]
        second = [article("hai", story(22), day=4), article("hai-b", republished(story(22), 9), day=5, source="p-d")]
        alone_ = [article(f"le-{n}", story(30 + n), day=6 + n, source="portal-e") for n in range(2)]
        pipeline.index(first + second)
        pipeline.index(alone_)
        return {"first": [a.id for a in first], "second": [a.id for a in second], "alone": [a.id for a in alone_]}

    def test_results_are_not_collapsed_unless_asked(
        self, backend: SearchBackend, reposted: dict[str, list[str]]
    ) -> None:
        result = backend.search(SearchQuery(size=50))
        assert result.total == 7
        assert result.total_articles is None
        assert all(h.duplicates == 0 for h in result.hits)
        assert {h.dup_group for h in result.hits if h.id in reposted["first"]} == {reposted["first"][0]}

    def test_collapse_shows_one_row_per_group_and_counts_the_others(
        self, backend: SearchBackend, reposted: dict[str, list[str]]
    ) -> None:
        result = backend.search(SearchQuery(collapse=True, sort="newest", size=50, facets=("source",)))
        assert result.total == 4  # rows: groups
        assert result.total_articles == 7
        rows = {h.id: h.duplicates for h in result.hits}
        assert rows == {
            reposted["first"][2]: 2,  # the newest of the story's three articles stands for it
            reposted["second"][1]: 1,
            reposted["alone"][0]: 0,
            reposted["alone"][1]: 0,
        }
        assert result.hits[0].id == reposted["alone"][1]  # the order is the query's (newest)
        assert sum(b.count for b in result.facets["source"]) == 7  # facets count articles
        assert result.next_cursor is None

    def test_collapsed_pages_and_cursors_cover_each_group_once(
        self, backend: SearchBackend, reposted: dict[str, list[str]]
    ) -> None:
        pages = [backend.search(SearchQuery(collapse=True, size=1, page=n, sort="oldest")) for n in range(1, 6)]
        assert [len(p.hits) for p in pages] == [1, 1, 1, 1, 0]
        assert all(p.total == 4 for p in pages)
        by_page = [p.hits[0].id for p in pages[:4]]
        assert by_page == [reposted["first"][0], reposted["second"][0], *reposted["alone"]]
        walked: list[str] = []
        cursor: str | None = None
        for _ in range(4):
            result = backend.search(SearchQuery(collapse=True, size=3, sort="oldest", cursor=cursor))
            walked += [h.id for h in result.hits]
            cursor = result.next_cursor
            if cursor is None:
                break
        assert walked == by_page
        with pytest.raises(ValueError, match="cursor"):
            backend.search(SearchQuery(collapse=True, cursor="not-a-cursor"))

    def test_many_matches_estimate_the_rows_and_count_the_shown_groups_exactly(
        self, backend: SearchBackend, reposted: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(collapse, "EXACT_MATCHES", 3)  # 7 matches: "many", as a million would be
        exact = [backend.search(SearchQuery(collapse=True, size=2, page=n, sort="oldest")) for n in (1, 2)]
        totals = [(p.total, p.total_estimated, p.total_articles) for p in exact]
        assert totals == [(4, True, 7), (4, False, 7)]  # page 2's walk reached the last match: exact
        rows = [(h.id, h.duplicates) for p in exact for h in p.hits]
        assert rows == [(reposted["first"][0], 2), (reposted["second"][0], 1), *((i, 0) for i in reposted["alone"])]
        assert exact[0].next_cursor is not None
        last = backend.search(SearchQuery(collapse=True, size=10, sort="oldest"))  # the walk saw every match
        assert (last.total, last.total_estimated, last.next_cursor) == (4, False, None)
        filtered = backend.search(SearchQuery(collapse=True, size=1, source=["portal-2", "portal-3"]))
        shown = [(h.id, h.duplicates) for h in filtered.hits]
        assert shown in ([(reposted["first"][1], 1)], [(reposted["first"][2], 1)])

    def test_collapse_counts_only_the_copies_that_match(
        self, backend: SearchBackend, reposted: dict[str, list[str]]
    ) -> None:
        result = backend.search(SearchQuery(collapse=True, source=["portal-2", "portal-3"], sort="newest"))
        assert (result.total, result.total_articles) == (1, 2)
        assert [(h.id, h.duplicates) for h in result.hits] == [(reposted["first"][2], 1)]
        none = backend.search(SearchQuery(collapse=True, text="khongcochunay"))
        assert (none.total, none.total_articles, none.hits) == (0, 0, [])
