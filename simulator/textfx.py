"""Portal text quirks: date formats per platform, today's header, and the encoding traps in body HTML."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime

from core.clock import VN_TZ

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
WP_MONTHS = ("Tháng Một", "Tháng Hai", "Tháng Ba", "Tháng Tư", "Tháng Năm", "Tháng Sáu", "Tháng Bảy", "Tháng Tám",
             "Tháng Chín", "Tháng Mười", "Tháng Mười Một", "Tháng Mười Hai")  # fmt: skip
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
NAMED_ENTITIES = {
    "á": "&aacute;", "à": "&agrave;", "â": "&acirc;", "ã": "&atilde;", "é": "&eacute;", "è": "&egrave;",
    "ê": "&ecirc;", "í": "&iacute;", "ì": "&igrave;", "ó": "&oacute;", "ò": "&ograve;", "ô": "&ocirc;",
    "õ": "&otilde;", "ú": "&uacute;", "ù": "&ugrave;", "ý": "&yacute;", "Đ": "&#272;", "đ": "&#273;",
}  # fmt: skip
# New-style tone placement -> old style, as older pages write it ("Thanh Hóa" -> "Thanh Hoá", "ủy" -> "uỷ").
OLD_TONES = {"óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "úy": "uý", "ùy": "uỳ", "ủy": "uỷ",
             "ũy": "uỹ", "ụy": "uỵ", "Ủy": "Uỷ"}  # fmt: skip
OLD_TONES_RE = re.compile("(" + "|".join(OLD_TONES) + r")(?![^\W\d_])")
CITATION_RE = re.compile(r"(Chỉ thị|Nghị định|Quyết định|Kế hoạch|Nghị quyết|Công văn) số ")


def today_header(now: datetime | None = None) -> str:
    """The header date portals print on every page: "Thứ sáu, Ngày 22/11/2026" (today, not the article's)."""
    now = now or datetime.now(VN_TZ)
    return f"{WEEKDAYS[now.weekday()]}, Ngày {now:%d/%m/%Y}"


def liferay_date(d: datetime, padded: bool) -> str:
    """Liferay 6.2: "27/07/2022 | 4:04 PM" on detail pages, "27/07/2022 | 04:04 PM" in listings."""
    hour = d.hour % 12 or 12
    clock = f"{hour:02d}" if padded else str(hour)
    return f"{d:%d/%m/%Y} | {clock}:{d:%M} {'AM' if d.hour < 12 else 'PM'}"


def tandan_date(d: datetime) -> str:
    """Tân Dân: "Đăng ngày 09/01/2012 | 23:37"."""
    return f"Đăng ngày {d:%d/%m/%Y} | {d:%H:%M}"


def nukeviet_date(d: datetime) -> str:
    """NukeViet visible date: "23:37 09/01/2012"."""
    return f"{d:%H:%M %d/%m/%Y}"


def trang_date(d: datetime) -> str:
    """SharePoint "Trang": "Thứ Năm, 25/8/2022 9:0'(GMT+7)" (nothing padded)."""
    weekday = WEEKDAYS[d.weekday()]
    weekday = weekday if weekday.startswith("Chủ") else weekday[:4] + weekday[4].upper() + weekday[5:]
    return f"{weekday}, {d.day}/{d.month}/{d.year} {d.hour}:{d.minute}'(GMT+7)"


def wordpress_date(d: datetime) -> str:
    """WordPress (Vietnamese locale, "j F, Y"): "27 Tháng Bảy, 2022" (the time is in the datetime attribute)."""
    return f"{d.day} {WP_MONTHS[d.month - 1]}, {d.year}"


def _combining(text: str) -> str:
    """Split tone marks off precomposed letters ("ộ" -> "ô" + U+0323): the partial decomposition seen live."""
    out: list[str] = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in TONE_MARKS]
        if tones:
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out.append(base + "".join(tones))
        else:
            out.append(ch)
    return "".join(out)


def body_html(text: str, traps: tuple[str, ...]) -> str:
    """Escape one paragraph for HTML, applying the article's traps (entities, combining, line break)."""
    if "old_tones" in traps:
        text = OLD_TONES_RE.sub(lambda m: OLD_TONES[m.group(1)], text)
    if "linebreak" in traps:
        text = CITATION_RE.sub(lambda m: f"{m.group(1)}\n số ", text, count=1)
    if "combining" in traps:
        text = _combining(text)
    escaped = html.escape(text, quote=False)
    if "entities" in traps:
        escaped = "".join(NAMED_ENTITIES.get(ch, ch) for ch in escaped)
    return escaped


def ncr(text: str) -> str:
    """Numeric character references for every non-ASCII letter, as Liferay footers write them (&#7897;)."""
    return "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in html.escape(text, quote=False))


def truncate(page: str, anchor: str) -> str:
    """A page cut off mid-stream, a few characters after `anchor` (or at 60 %): no closing tags follow."""
    at = page.find(anchor)
    return page[: at + min(40, len(anchor))] if at > 0 else page[: int(len(page) * 0.6)]
