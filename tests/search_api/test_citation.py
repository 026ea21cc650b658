"""search_api.citation: a title or URL with BibTeX's special characters never breaks the entry; no date is said."""

from __future__ import annotations

from search_api.citation import bibtex_escape, cite


def test_special_characters_are_escaped_and_a_missing_date_is_said() -> None:
    cited = cite(
        article_id="abcdef0123456789",
        title="Chi 50% ngân sách & {dự phòng} cho #trẻ_em ~ $",
        unit=None,
        portal="Cổng A",
        published=None,
        url="https://a.gov.vn/tin?id=1&q=%7B}{",
        captured=None,
        govnews_url="http://g/bai-viet/abcdef0123456789",
        archive_url=None,
    )
    assert r"title = {Chi 50\% ngân sách \& \{dự phòng\} cho \#trẻ\_em \~{} \$}," in cited.bibtex
    assert "url = {https://a.gov.vn/tin?id=1&q=%7B%7D%7B}," in cited.bibtex  # verbatim field: braces encoded
    assert "date =" not in cited.bibtex
    assert "urldate =" not in cited.bibtex
    assert "Cổng A, không rõ ngày đăng. https://" in cited.text
    assert cited.apa.startswith("Cổng A. (k.n.). Chi 50%")
    assert bibtex_escape("a\\b") == r"a\textbackslash{}b"
