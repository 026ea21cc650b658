"""The krongno.daknong fixture (EasyWebHub build of a Lạc Việt SharePoint portal) and an independent gold reader.

Like tests/cleaner/fixtures.py for Liferay, the reader is the standard library's html.parser knowing only the
site's published layout (shared/fixtures/krongno-daknong/README.md): title `p.Title`, date `td.Time`, lead
`b.lv_description_mode1`, body `div.ExternalClass<hex>` inside `table#tableforprint`. The page's HTML leaves tags
open inside bodies (pasted Liferay markup), so the body ends where the next web part starts (`MSOZoneCell_…`,
`ms-WPBody`) or at the "TIN ĐÃ ĐƯA" box. The site's "Xem chi tiết Tại đây" link line (a link to the source
newspaper, same on every page) is not article text. Nothing of cleaner/ is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.support.shared import SHARED

KRONGNO = SHARED / "fixtures" / "krongno-daknong" / "site"
KRONGNO_URL = "http://krongno.daknong.gov.vn/"
_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr", "param"}
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "br",
          "td", "th", "figcaption", "section", "article"}
NOT_TEXT = ("Xem chi tiết Tại đây",)
MIN_BODY_CHARS = 300  # README: 78 pages have a body over 300 characters (news, notices, intro pages)


@dataclass
class KrongnoGold:
    """Fields of one page read by the stdlib parser."""

    title: str = ""
    date: str = ""
    lead: str = ""
    body: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.buf: dict[str, list[str]] = {"title": [], "date": [], "lead": [], "body": []}
        self.body_done = False
        self.skip = 0

    def _role(self, tag: str, attrs: dict[str, str | None]) -> str | None:
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
            return "skip"
        return None

    def _in_print(self) -> bool:
        return any(role == "print" for _, role in self.stack)

    def _active(self) -> str | None:
        roles = [r for _, r in self.stack if r in {"title", "date", "lead", "body"}]
        return roles[-1] if roles else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if self._active() == "body" and ((a.get("id") or "").startswith("MSOZoneCell_") or "ms-WPBody" in cls
                                         or "OtherTitle" in cls or "tbtinkhac" in cls):
            self.body_done = True
            self.stack = [(t, (None if r == "body" else r)) for t, r in self.stack]
        if tag in _BLOCK and self._active() == "body":
            self.buf["body"].append("\n")
        if tag in _VOID:
            return
        role = "print" if a.get("id") == "tableforprint" else self._role(tag, a)
        if role == "skip":
            self.skip += 1
        self.stack.append((tag, role))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK and self._active() == "body":
            self.buf["body"].append("\n")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, role in self.stack[i:]:
                    if role == "skip":
                        self.skip -= 1
                    if role == "body":
                        self.body_done = True
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        role = self._active()
        if role and not self.skip:
            self.buf[role].append(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


def read_gold(html_text: str) -> KrongnoGold:
    """Title, date text, lead and body paragraphs of a krongno-family page, read with html.parser."""
    reader = _Reader()
    reader.feed(html_text)
    body = [_squash(p) for p in "".join(reader.buf["body"]).split("\n")]
    return KrongnoGold(
        title=_squash("".join(reader.buf["title"])),
        date=_squash("".join(reader.buf["date"])),
        lead=_squash("".join(reader.buf["lead"])),
        body=[p for p in body if p and p not in NOT_TEXT],
    )


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
