"""Control characters in a page's title (finding 10 of the reliability probes) do not reach the Article: a title
must be storable in XML (RSS) as it is."""

from __future__ import annotations

import pytest

from cleaner.extract import extract
from cleaner.textrepair import repair_title, strip_xml_illegal

BODY = " ".join(["Ủy ban nhân dân tỉnh yêu cầu các sở, ngành chăm lo an toàn cho trẻ em trong dịp hè."] * 12)


@pytest.mark.parametrize("platform", ["generic", None])
def test_extracted_title_has_no_control_characters(platform: str | None) -> None:
    html = (
        "<html><head><title>Tin\x01 trẻ em\x1b mới</title></head><body><article>"
        f"<h1>Tin\x01 trẻ em\x1b mới\x0c</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )
    article = extract(html, "http://127.0.0.1/news/tin/ctrl-1.html", platform=platform)
    assert article.title == "Tin trẻ em mới"  # "\x01" and "\x1b" were kept before


def test_repair_title_keeps_text_and_drops_only_what_xml_cannot_carry() -> None:
    assert repair_title("  Chỉ thị\x0b 20-CT/TW\ufffe\n") == "Chỉ thị 20-CT/TW"
    assert strip_xml_illegal("a\tb\nc\rd\x00e\x1ff\ud800g") == "a\tb\nc\rdefg"
