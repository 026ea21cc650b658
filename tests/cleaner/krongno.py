"""The krongno.daknong fixture (EasyWebHub build of a Lạc Việt SharePoint portal) and an independent gold reader.

Like tests/cleaner/fixtures.py for Liferay, the reader is the standard library's html.parser knowing only the
site's published layout (shared/fixtures/krongno-daknong/README.md): title `p.Title`, date `td.Time`, lead
`b.lv_description_mode1`, body `div.ExternalClass<hex>` inside `table#tableforprint`. The page's HTML leaves tags
open inside bodies (pasted Liferay markup), so the body ends where the next web part starts (`MSOZoneCell_…`,
`ms-WPBody`) or at the "TIN ĐÃ ĐƯA" box. The site's "Xem chi tiết Tại đây" link line (a link to the source
newspaper, same on every page) is not article text. Nothing of cleaner/ is imported (the walker is
tests/cleaner/gold_reader.py, shared with the Liferay reader).
"""

from __future__ import annotations

from pathlib import Path

from tests.cleaner.gold_reader import SKIP, Gold, GoldReader
from tests.support.shared import SHARED

KRONGNO = SHARED / "fixtures" / "krongno-daknong" / "site"
KRONGNO_URL = "http://krongno.daknong.gov.vn/"
NOT_TEXT = ("Xem chi tiết Tại đây",)
MIN_BODY_CHARS = 300  # README: 78 pages have a body over 300 characters (news, notices, intro pages)


class _Reader(GoldReader):
    def __init__(self) -> None:
        super().__init__()
        self.body_done = False

    def role(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        if attrs.get("id") == "tableforprint":
            return "print"
        cls = (attrs.get("class") or "").split()
        if tag == "p" and "Title" in cls:
            return "title"
        if tag == "td" and "Time" in cls:
            return "date"
        if "lv_description_mode1" in cls:
            return "lead"
        if any(c.startswith("ExternalClass") for c in cls) and self._in_print() and not self.body_done:
            return "body"
        if tag in {"script", "style"}:
            return SKIP
        return None

    def _in_print(self) -> bool:
        return any(role == "print" for _, role in self.stack)

    def before_start(self, tag: str, attrs: dict[str, str | None]) -> None:
        """The next web part or the "TIN ĐÃ ĐƯA" box ends a body its HTML left open."""
        cls = (attrs.get("class") or "").split()
        if self.active() == "body" and ((attrs.get("id") or "").startswith("MSOZoneCell_") or "ms-WPBody" in cls
                                        or "OtherTitle" in cls or "tbtinkhac" in cls):  # fmt: skip
            self.body_done = True
            self.stack = [(t, (None if r == "body" else r)) for t, r in self.stack]

    def closed(self, role: str | None) -> None:
        if role == "body":
            self.body_done = True


def read_gold(html_text: str) -> Gold:
    """Title, date text, lead and body paragraphs of a krongno-family page, read with html.parser."""
    reader = _Reader()
    reader.feed(html_text)
    gold = reader.gold()
    gold.body = [p for p in gold.body if p not in NOT_TEXT]
    return gold


def article_pages() -> list[Path]:
    """Pages with an article title and a body over MIN_BODY_CHARS characters, sorted by slug."""
    out = []
    for path in sorted(KRONGNO.glob("*/index.html")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        if 'class="Title"' not in raw:
            continue
        gold = read_gold(raw)
        if gold.title and len(" ".join(gold.body)) > MIN_BODY_CHARS:
            out.append(path)
    return out


def url_of(path: Path) -> str:
    """The live URL a page of the site stands for."""
    return KRONGNO_URL + path.parent.relative_to(KRONGNO).as_posix() + "/"
