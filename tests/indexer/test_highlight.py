"""Highlights on the original text: folded matching, escaping, and where the snippet window falls."""

from __future__ import annotations

from indexer.highlight import mark_all, query_keys, snippet


def test_query_keys_fold_and_unify_tones() -> None:
    assert query_keys("Đắk LẮK, hoà-bình 20-CT/TW") == ["dak", "lak", "hoa", "binh", "20", "ct", "tw"]
    assert len(query_keys("từ " * 500)) == 64


def test_marks_wrap_original_words_and_everything_else_is_escaped() -> None:
    text = "Tỉnh Đắk Lắk <b>& Hoà Bình</b>"
    assert mark_all(text, set(query_keys("dak lak hòa"))) == (
        "Tỉnh <mark>Đắk</mark> <mark>Lắk</mark> &lt;b&gt;&amp; <mark>Hoà</mark> Bình&lt;/b&gt;"
    )
    assert mark_all(text, {"nothing"}) is None


def test_whole_words_only() -> None:
    assert mark_all("hoàng hoa", {"hoa"}) == "hoàng <mark>hoa</mark>"


def test_snippet_window_goes_to_the_densest_matches() -> None:
    filler = "không liên quan " * 40
    text = f"Mở đầu có trẻ. {filler} Ở đây trẻ em được bảo vệ. {filler}"
    out = snippet(text, set(query_keys("trẻ em bảo vệ")), width=120)
    assert "<mark>trẻ</mark> <mark>em</mark> được <mark>bảo</mark> <mark>vệ</mark>" in out
    assert out.startswith("… ")
    assert out.endswith(" …")
    assert len(out) < 220


def test_snippet_without_a_match_is_the_escaped_beginning() -> None:
    assert snippet("Ngắn & gọn", {"xyz"}) == "Ngắn &amp; gọn"
    long = "chữ " * 200
    out = snippet(long, set(), width=50)
    assert out.endswith(" …")
    assert not out.startswith("…")
    assert len(out) <= 60


def test_only_the_beginning_of_a_very_long_text_is_scanned() -> None:
    text = "mở đầu " * 10 + "đoạn giữa " * 5000 + "trẻ em ở cuối"
    out = snippet(text, {"tre"}, width=60, scan=1000)
    assert "<mark>" not in out
    assert out.startswith("mở đầu")
    assert out.endswith(" …")
    assert "<mark>trẻ</mark>" in snippet(text, {"tre"}, width=60, scan=len(text))
