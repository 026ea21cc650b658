"""Is the article cut? Its markup stops inside the article block, or its text stops mid-sentence."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

CLOSING_WINDOW = 4096  # a page whose last 4 KiB close neither <body> nor <html> stops where its markup was cut
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
# A last paragraph of prose this long that stops on a lower-case word, with no closing punctuation, stops
# mid-sentence ("… cho việc xây dựng thà"). Shorter last lines are credits, captions and links ("Theo Báo …").
PROSE_WORDS = 25
_KEY_TAIL = re.compile(r"\S+\s*\Z")


def markup_unclosed(text: str) -> bool:
    """The page's markup stops before its closing </body> or </html> (a body shorter than the page)."""
    return _CLOSED.search(text[-CLOSING_WINDOW:]) is None


def ends_mid_sentence(paragraphs: list[str]) -> bool:
    """The body's last paragraph is prose that stops on a lower-case word without punctuation."""
    if not paragraphs:
        return False
    words = paragraphs[-1].split()
    return len(words) >= PROSE_WORDS and words[-1][0].islower() and words[-1][-1].isalpha()


def cut_inside(stop: HtmlElement | None, body: HtmlElement | None) -> bool:
    """The element where cut markup stops lies in the article's body node: the article block never closed."""
    if stop is None or body is None:
        return False
    return stop is body or any(anc is body for anc in stop.iterancestors())


def trusted_text(text: str, truncated: bool) -> str:
    """The text document keys may be read from: a truncated text without its last word, which may be cut
    ("Nghị định số 56/2017/N" must not yield 56/2017/N)."""
    return _KEY_TAIL.sub("", text) if truncated else text
