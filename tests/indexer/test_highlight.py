"""Highlights on the original text: what matched under the query's rule, escaping, where the snippet window falls."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.query import Unit, parse
from indexer.highlight import _matches, _sequence_matches, mark_all, query_units, snippet

SYLLABLES = ["bão", "bảo", "báo", "bao", "Bão", "BÃO", "lũ", "lụt", "Hoà", "hòa", "Bình", "thuỷ", "thủy", "lợi",
             "Đắk", "dak", "Lắk", "trẻ", "em", "x_1", "2024", "quý", "quy"]  # fmt: skip


def query_keys(text: str, fold_all: bool = False) -> tuple[Unit, ...]:
    return query_units(parse(text, fold_all))


def test_units_unify_tones_and_leave_out_exclusions() -> None:
    assert [u.words for u in query_keys('Đắk LẮK -"x y" hoà-bình')] == [("đắk",), ("lắk",), ("hòa", "bình")]
    assert len(query_keys(" ".join(f"từ{i}" for i in range(500)))) == 64


def test_a_marked_query_marks_only_its_spellings() -> None:
    text = "Bão số 3, bảo vệ, báo chí, bạo lực và bao giờ"
    assert mark_all(text, query_keys("bão")) == "<mark>Bão</mark> số 3, bảo vệ, báo chí, bạo lực và bao giờ"
    bare_bao = "Bão số 3, bảo vệ, báo chí, bạo <mark>lực</mark> và <mark>bao</mark> giờ"
    assert mark_all(text, query_keys("bao lực")) == bare_bao
    widened = mark_all(text, query_keys("bão", fold_all=True))
    assert widened is not None
    assert widened.count("<mark>") == 5


def test_a_phrase_marks_only_where_its_words_are_adjacent() -> None:
    text = "trẻ em vui, em trẻ, trẻ và em"
    assert mark_all(text, query_keys('"tre em"')) == "<mark>trẻ</mark> <mark>em</mark> vui, em trẻ, trẻ và em"
    assert mark_all("Thủy lợi, thuỷ lợi", query_keys('"thuỷ lợi"')) == (
        "<mark>Thủy</mark> <mark>lợi</mark>, <mark>thuỷ</mark> <mark>lợi</mark>"
    )


def test_marks_wrap_original_words_and_everything_else_is_escaped() -> None:
    text = "Tỉnh Đắk Lắk <b>& Hoà Bình</b>"
    assert mark_all(text, query_keys("dak lak hoa")) == (
        "Tỉnh <mark>Đắk</mark> <mark>Lắk</mark> &lt;b&gt;&amp; <mark>Hoà</mark> Bình&lt;/b&gt;"
    )
    assert mark_all(text, query_keys("nothing")) is None


def test_whole_words_only() -> None:
    assert mark_all("hoàng hoa", query_keys("hoa")) == "hoàng <mark>hoa</mark>"


def test_snippet_window_goes_to_the_densest_matches() -> None:
    filler = "không liên quan " * 40
    text = f"Mở đầu có trẻ. {filler} Ở đây trẻ em được bảo vệ. {filler}"
    out = snippet(text, query_keys("trẻ em bảo vệ"), width=120)
    assert "<mark>trẻ</mark> <mark>em</mark> được <mark>bảo</mark> <mark>vệ</mark>" in out
    assert out.startswith("… ")
    assert out.endswith(" …")
    assert len(out) < 220


def test_snippet_without_a_match_is_the_escaped_beginning() -> None:
    assert snippet("Ngắn & gọn", query_keys("xyz")) == "Ngắn &amp; gọn"
    long = "chữ " * 200
    out = snippet(long, (), width=50)
    assert out.endswith(" …")
    assert not out.startswith("…")
    assert len(out) <= 60


def test_only_the_beginning_of_a_very_long_text_is_scanned() -> None:
    text = "mở đầu " * 10 + "đoạn giữa " * 5000 + "trẻ em ở cuối"
    out = snippet(text, query_keys("tre"), width=60, scan=1000)
    assert "<mark>" not in out
    assert out.startswith("mở đầu")
    assert out.endswith(" …")
    assert "<mark>trẻ</mark>" in snippet(text, query_keys("tre"), width=60, scan=len(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(SYLLABLES), max_size=40),
    st.lists(st.sampled_from([", ", " ", "", "-", " (", "\n", "."]), min_size=40, max_size=40),
    st.lists(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3), min_size=1, max_size=3),
    st.booleans(),
)
def test_the_fast_word_scan_marks_what_the_word_sequence_walk_marks(
    words: list[str], gaps: list[str], query: list[list[str]], fold_all: bool
) -> None:
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    typed = " ".join('"' + " ".join(p) + '"' if len(p) > 1 else p[0] for p in query)
    units = query_keys(typed, fold_all)
    assert _matches(text, units) == _sequence_matches(text, units)


def test_only_whole_words_are_marked() -> None:
    assert mark_all("Đắkdak, dak_1 và dak", query_keys("dak")) == "Đắkdak, dak_1 và <mark>dak</mark>"
    assert mark_all("baobão bão", query_keys("bão")) == "baobão <mark>bão</mark>"
