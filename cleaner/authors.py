"""Split the author line ("Xuân Thỏa - Văn phòng Tỉnh ủy", "Tin, ảnh: …", "PQ (tổng hợp)") off an article's tail."""

from __future__ import annotations

import re
import unicodedata

# How many trailing non-empty paragraphs may hold the author line (after it: source lines, stray menu words).
TAIL_WINDOW = 3
# Labelled author lines: "Tin, ảnh: Minh Anh", "Tác giả: Vũ Huệ", "Bài và ảnh: …".
_LABELLED = re.compile(
    r"^(?:tin|bài|ảnh|tin và ảnh|bài và ảnh|tin, ảnh|bài, ảnh|tin - ảnh|bài - ảnh|tác giả|người viết|phóng viên|pv)"
    r"\s?:\s?(?P<name>.{2,80})$",
    re.IGNORECASE,
)
# Source lines are not authors: "Nguồn: baochinhphu.vn", "Theo Báo Bắc Kạn".
_SOURCE = re.compile(r"^(?:nguồn|theo)\b", re.IGNORECASE)
# A date glued to the end: "PQ (tổng hợp)Thứ Hai, 16/9/2024".
_TRAILING_DATE = re.compile(
    r"\s*[-–,|]?\s*(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)?"
    r"(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$",
    re.IGNORECASE,
)
# Latin capitals and small letters with Vietnamese diacritics (a plain "À-Ỹ" range would mix the two cases).
_UP = "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper())
_LOW = "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.islower())
# A name word: capitalised ("Thỏa") or an initialism ("PQ", "T.H").
_WORD = rf"(?:[A-Z{_UP}][a-z{_LOW}]+|[A-Z{_UP}](?:\.?[A-Z{_UP}]){{0,3}}\.?)"
# Names printed in capitals, two to five syllables: "ĐỨC THIỆN".
_CAPS_NAME = re.compile(rf"^[A-Z{_UP}]{{1,7}}(?:\s[A-Z{_UP}]{{1,7}}){{1,4}}$")
_NAME = re.compile(
    r"^(?P<name>" + _WORD + r"(?:\s" + _WORD + r"){0,4})"
    rf"(?:\s?[-–]\s?(?P<unit>[A-Z{_UP}][^.!?;:]{{1,60}}))?"
    r"(?:\s?\((?P<note>[^()]{1,40})\))?$"  # "(tổng hợp)", "(TTXVN)", "(theo Báo Bắc Kạn)"
)
# Whole lines that are menu or widget labels, not names.
NOT_NAMES: frozenset[str] = frozenset(
    {"Phản Hồi", "In", "Chia Sẻ", "Email", "Facebook", "Zalo", "Top", "Đầu Trang", "Ad Min", "Admin", "Quản Trị"}
)


def _clean(line: str) -> str:
    line = re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip().strip("|").strip()
    return _TRAILING_DATE.sub("", line).strip()


def _author_of(line: str) -> str | None:
    """The author named by one tail line, or None when the line is not an author line."""
    text = _clean(line)
    if not text or _SOURCE.match(text):
        return None
    labelled = _LABELLED.match(text)
    if labelled:
        return _clean(labelled["name"]).rstrip(".") or None
    if _CAPS_NAME.match(text) and not text.isascii():
        return text
    m = _NAME.match(text)
    if not m or m["name"] in NOT_NAMES:
        return None
    return text


def split_author(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """(author, paragraphs without the author line); (None, paragraphs) when the tail names no author."""
    seen = 0
    for i in range(len(paragraphs) - 1, -1, -1):
        line = paragraphs[i].strip()
        if not line:
            continue
        seen += 1
        if seen > TAIL_WINDOW:
            break
        author = _author_of(line)
        if author is not None:
            return author, paragraphs[:i] + paragraphs[i + 1:]
        if len(line) > 80 or line.endswith((".", "./.", "…", "!", "?", ":")):
            break  # reached body text
    return None, list(paragraphs)
