"""Test data for the cleaner: the sotttt.hanoi Liferay mirror, the seed texts, and an independent gold reader.

The gold reader uses the standard library's html.parser (event based), not lxml, and knows only the portal's
published layout (shared/fixtures/sotttt-hanoi/README.md): title `.asset-full-content-title`, date
`.assetPublishDate`, lead `.sapo`, body `.journal-content-article` inside the asset publisher `#p_p_id_101_`.
It shares no code with cleaner/, so agreement between the two is evidence, not an echo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.support.shared import SHARED

SOTTTT = SHARED / "fixtures" / "sotttt-hanoi" / "site"
SEEDS = SHARED / "seeds"
BASE_URL = "http://sotttt.hanoi.gov.vn/"
_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr", "param"}
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "br",
          "td", "th", "figcaption", "section", "article"}


def article_pages() -> list[Path]:
    """Non-empty article pages (not print pop-ups, not HTTrack duplicates) of the mirror, sorted."""
    pages = [
        p for p in sorted(SOTTTT.glob("vi/*/-/view_content/*.html"))
        if p.stat().st_size > 0
    ]
    return [p for p in pages if b"asset-full-content-title" in p.read_bytes()]


def url_of(path: Path) -> str:
    """The live URL a mirrored file stands for."""
    return BASE_URL + path.relative_to(SOTTTT).as_posix()


@dataclass
class Gold:
    """Fields of one article page read by the stdlib parser."""

    title: str = ""
    date: str = ""
    lead: str = ""
    body: list[str] = field(default_factory=list)


class _GoldParser(HTMLParser):
    """Collects text of the title/date/sapo/body elements inside #p_p_id_101_ (depth-tracked)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, role)
        self.gold = Gold()
        self.buf: dict[str, list[str]] = {"title": [], "date": [], "lead": [], "body": []}
        self.in_publisher = 0
        self.skip = 0

    def _role(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        cls = (attrs.get("class") or "").split()
        if attrs.get("id") == "p_p_id_101_":
            return "publisher"
        if not self.in_publisher:
            return None
        if "asset-full-content-title" in cls:
            return "title"
        if "assetPublishDate" in cls:
            return "date"
        if "sapo" in cls and tag == "p":
            return "lead"
        if "journal-content-article" in cls:
            return "body"
        if "tienich" in cls or "view-content-author" in cls or tag in {"script", "style"}:
            return "skip"
        return None

    def _active(self) -> str | None:
        roles = [r for _, r in self.stack if r in {"title", "date", "lead", "body"}]
        return roles[-1] if roles else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and self._active() == "body":
            self.buf["body"].append("\n")
        if tag in _VOID:
            return
        role = self._role(tag, dict(attrs))
        if role == "publisher":
            self.in_publisher += 1
        if role == "skip":
            self.skip += 1
        self.stack.append((tag, role))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK and self._active() == "body":
            self.buf["body"].append("\n")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, role in self.stack[i:]:
                    if role == "publisher":
                        self.in_publisher -= 1
                    if role == "skip":
                        self.skip -= 1
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        role = self._active()
        if role and not self.skip:
            self.buf[role].append(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


def gold_of(path: Path) -> Gold:
    """Title, date text, lead and body paragraphs of a mirrored article page, read with html.parser."""
    parser = _GoldParser()
    parser.feed(path.read_bytes().decode("utf-8-sig", errors="replace"))
    gold = Gold(
        title=_squash("".join(parser.buf["title"])),
        date=_squash("".join(parser.buf["date"])),
        lead=_squash("".join(parser.buf["lead"])),
        body=[_squash(p) for p in "".join(parser.buf["body"]).split("\n") if _squash(p)],
    )
    return gold


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits) for token F1."""
    return re.findall(r"\w+", text.lower())


def token_f1(got: str, want: str) -> float:
    """Bag-of-words F1 between two texts (1.0 when both are empty)."""
    from collections import Counter

    g, w = Counter(words(got)), Counter(words(want))
    if not g and not w:
        return 1.0
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def gold_text(gold: Gold) -> str:
    """Lead then body paragraphs, each distinct paragraph once (the portal repeats the sapo atop the body)."""
    seen: set[str] = set()
    out: list[str] = []
    for para in ([gold.lead] if gold.lead else []) + gold.body:
        if para not in seen:
            seen.add(para)
            out.append(para)
    return "\n".join(out)
