"""Page bytes to text: BOM, UTF-8 over a stale declaration, windows-1258 (decomposed tones), detection."""

from __future__ import annotations

import codecs
import unicodedata

from cleaner import extract
from cleaner.decode import declared_charset, decode_html

TEXT = "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 377/KH-UBND về bảo vệ trẻ em"


def cp1258_bytes(text: str) -> bytes:
    """Encode as windows-1258 does: precomposed â ê ô ơ ư ă đ plus a combining tone mark where needed."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        for shape in "\u0302\u0306\u031b":  # circumflex, breve, horn: precomposed in cp1258 (ê ă ơ)
            if shape in marks:
                base, marks = unicodedata.normalize("NFC", base + shape), marks.replace(shape, "")
        out += base.encode("cp1258") + marks.encode("cp1258")
    return bytes(out)


def page(body: str, charset: str) -> str:
    return f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>' \
           f"<body><p>{body}</p></body></html>"


def test_windows_1258_page_is_decoded_and_composed():
    raw = page("", "windows-1258").encode("ascii").replace(b"<p></p>", b"<p>" + cp1258_bytes(TEXT) + b"</p>")
    assert declared_charset(raw) == "cp1258"
    text = decode_html(raw)
    assert TEXT in text
    assert unicodedata.is_normalized("NFC", text)


def test_utf8_wins_over_a_stale_latin1_declaration():
    raw = page(TEXT, "iso-8859-1").encode("utf-8")
    assert TEXT in decode_html(raw)


def test_bom_wins():
    raw = codecs.BOM_UTF8 + page(TEXT, "windows-1252").encode("utf-8")
    assert decode_html(raw).startswith("<html>")
    raw16 = codecs.BOM_UTF16_LE + page(TEXT, "utf-8").encode("utf-16-le")
    assert TEXT in decode_html(raw16)


def test_http_charset_is_used_when_bytes_are_not_utf8():
    raw = f"<html><body><p>{TEXT}</p></body></html>".encode("ascii", "ignore")
    raw = raw.replace(b"<p>", b"<p>" + cp1258_bytes("Sở Thông tin và Truyền thông "))
    assert "Sở Thông tin và Truyền thông" in decode_html(raw, http_charset="windows-1258")


def test_extract_reads_a_windows_1258_article():
    body = " ".join([TEXT + "."] * 8)
    raw = (
        '<html><head><meta charset="windows-1258"><title>Bảo vệ trẻ em - Sở Lao động</title></head><body>'
        "<h1>Bảo vệ trẻ em</h1><div class='content'><p>" + body + "</p><p>" + body + "</p></div></body></html>"
    )
    data = raw.encode("ascii", "ignore")
    for chunk in ("Bảo vệ trẻ em - Sở Lao động", "Bảo vệ trẻ em", body):
        data = data.replace(chunk.encode("ascii", "ignore"), cp1258_bytes(chunk), 1)
    art = extract(data, "http://example.gov.vn/tin/1.html")
    assert art.title == "Bảo vệ trẻ em"
    assert TEXT in art.body
