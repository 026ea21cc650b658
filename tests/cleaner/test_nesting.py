"""cleaner.nesting: unclosed paragraphs become siblings in reading order; nothing else moves."""

from __future__ import annotations

from lxml import html

from cleaner.dom import parse_page
from cleaner.nesting import unnest


def test_unclosed_paragraphs_become_siblings_in_order() -> None:
    doc, _ = parse_page("<html><body><div>" + "".join(f"<p><font>Câu {i}. " for i in range(5)) + "</div>tail")
    div = doc.find(".//div")
    assert [p.text_content().strip() for p in div.findall("p")] == [f"Câu {i}." for i in range(5)]
    assert all(p.find(".//p") is None for p in div.iter("p"))
    assert " ".join(doc.find("body").text_content().split()) == "Câu 0. Câu 1. Câu 2. Câu 3. Câu 4. tail"


def test_a_paragraph_with_text_after_it_stays_where_it_was_parsed() -> None:
    doc = html.fromstring("<div><p>a<span><p>b</p> c</span></p></div>")
    before = doc.text_content()
    assert unnest(doc) == 0  # " c" follows the inner paragraph inside the outer one: lifting would reorder
    assert doc.text_content() == before
    assert len(doc.findall("./p")) == 1
