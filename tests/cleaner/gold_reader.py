"""The independent gold readers' common part: a standard-library html.parser that collects the text of the
elements a site's layout names (title, date, lead, body), knowing nothing of cleaner/.

A site's reader (tests/cleaner/fixtures.py for the Liferay mirror, tests/cleaner/krongno.py for the EasyWebHub
site) says which element plays which role; this walker tracks open elements, paragraph breaks and skipped
subtrees (scripts, tool bars) the same way for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr", "param"}
BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "br",
         "td", "th", "figcaption", "section", "article"}  # fmt: skip
FIELDS = ("title", "date", "lead", "body")
SKIP = "skip"  # the role of a subtree whose text is not collected


@dataclass
class Gold:
    """Fields of one page read by the stdlib parser."""

    title: str = ""
    date: str = ""
    lead: str = ""
    body: list[str] = field(default_factory=list)


def squash(text: str) -> str:
    """Whitespace runs as one space, trimmed."""
    return " ".join(text.split())


class GoldReader(HTMLParser):
    """Collects the text of each FIELDS role (the innermost open one wins); subclasses assign roles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, role) of the open elements
        self.buf: dict[str, list[str]] = {name: [] for name in FIELDS}
        self.skip = 0

    def role(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        """The role of an opening element: one of FIELDS, SKIP, a site's own marker, or None."""
        raise NotImplementedError

    def before_start(self, tag: str, attrs: dict[str, str | None]) -> None:
        """Called first on every opening tag (a site whose bodies leave tags open ends them here)."""

    def closed(self, role: str | None) -> None:
        """Called for the role of every element an end tag closes."""

    def active(self) -> str | None:
        """The innermost open FIELDS role."""
        roles = [r for _, r in self.stack if r in FIELDS]
        return roles[-1] if roles else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.before_start(tag, a)
        if tag in BLOCK and self.active() == "body":
            self.buf["body"].append("\n")
        if tag in VOID:
            return
        role = self.role(tag, a)
        if role == SKIP:
            self.skip += 1
        self.stack.append((tag, role))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK and self.active() == "body":
            self.buf["body"].append("\n")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, role in self.stack[i:]:
                    if role == SKIP:
                        self.skip -= 1
                    self.closed(role)
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        role = self.active()
        if role and not self.skip:
            self.buf[role].append(data)

    def gold(self) -> Gold:
        """The collected fields, whitespace squashed; body paragraphs split at block boundaries, empty ones out."""
        body = [squash(p) for p in "".join(self.buf["body"]).split("\n")]
        return Gold(
            title=squash("".join(self.buf["title"])),
            date=squash("".join(self.buf["date"])),
            lead=squash("".join(self.buf["lead"])),
            body=[p for p in body if p],
        )
