"""Test data for the cleaner: the sotttt.hanoi Liferay mirror, the seed texts, and an independent gold reader.

The gold reader uses the standard library's html.parser (event based), not lxml, and knows only the portal's
published layout (shared/fixtures/sotttt-hanoi/README.md): title `.asset-full-content-title`, date
`.assetPublishDate`, lead `.sapo`, body `.journal-content-article` inside the asset publisher `#p_p_id_101_`.
It shares no code with cleaner/ (the walker is tests/cleaner/gold_reader.py), so agreement between the two is
evidence, not an echo.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.cleaner.gold_reader import SKIP, GoldReader
from tests.cleaner.gold_reader import Gold as Gold
from tests.support.shared import SHARED

SOTTTT = SHARED / "fixtures" / "sotttt-hanoi" / "site"
SEEDS = SHARED / "seeds"
BASE_URL = "http://sotttt.hanoi.gov.vn/"


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


class _GoldParser(GoldReader):
    """Collects text of the title/date/sapo/body elements inside #p_p_id_101_ (depth-tracked)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_publisher = 0

    def role(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        cls = (attrs.get("class") or "").split()
        if attrs.get("id") == "p_p_id_101_":
            self.in_publisher += 1
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
            return SKIP
        return None

    def closed(self, role: str | None) -> None:
        if role == "publisher":
            self.in_publisher -= 1


def gold_of(path: Path) -> Gold:
    """Title, date text, lead and body paragraphs of a mirrored article page, read with html.parser."""
    parser = _GoldParser()
    parser.feed(path.read_bytes().decode("utf-8-sig", errors="replace"))
    return parser.gold()


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
