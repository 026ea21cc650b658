"""Boilerplate rules read from cleaner/rules.yaml (by CleanerConfig.load): folded strings, CSS selectors compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from cssselect import GenericTranslator
from lxml import etree

from cleaner.match import Matcher, build_matcher
from core.textfold import fold

RULES_PATH = Path(__file__).with_name("rules.yaml")
_LEAD_PUNCT = re.compile(r"^[^a-z0-9]+")
_DATE = re.compile(r"(?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}(?!\d)|(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}")
_DATE_OR_TIME = re.compile(
    _DATE.pattern + r"|\d{1,2}\s*[:hH]\s*\d{1,2}(?::\d{1,2})?'?\s*(?:[AaPp][Mm])?|GMT\s*[+-]\s*\d+"
)
_WORDS = re.compile(r"[^\W\d_]{2,}")
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:hH]\s*\d{1,2}(?!\d)")


@lru_cache(maxsize=2048)
def _short_fold(text: str) -> str:
    """fold() of a short line, cached: the line checks below fold the same paragraph several times."""
    return fold(text)


def _exact_key(folded: str) -> str:
    """Folded text without punctuation and spaces, so "A+ | A-" and "a+a-" compare equal."""
    return re.sub(r"[\s|:;,./\\•·–-]+", "", folded)


def _prefix_regex(strings: list[str]) -> re.Pattern[str]:
    """One regex matching any folded string at the start of a folded line, ending on a word boundary."""
    alts = sorted({re.escape(fold(s)) for s in strings}, key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(alts) + r")(?![a-z0-9])")


def _css_expr(selector: str) -> str:
    return str(GenericTranslator().css_to_xpath(selector, prefix="descendant-or-self::"))


def css_to_xpath(selector: str) -> etree.XPath:
    """Compile a CSS selector (group) into an lxml XPath evaluated relative to a node's subtree."""
    return etree.XPath(_css_expr(selector))


@dataclass(frozen=True)
class Rules:
    """The compiled boilerplate rules."""

    drop_tags: frozenset[str]
    drop: Matcher
    drop_in_body: Matcher
    drop_in_body_for: dict[str, Matcher]  # platform -> its own page-structure selectors added
    line_prefix_re: re.Pattern[str]
    line_prefix_max: int
    line_exact: frozenset[str]
    line_regex: re.Pattern[str]
    line_contains_re: re.Pattern[str]
    line_contains_max: int
    date_line_max_words: int
    date_line_keep_re: re.Pattern[str]
    date_line_max_other: int
    date_line_edge: int
    tail_marker_re: re.Pattern[str]
    tail_marker_max: int
    inline_noise: tuple[str, ...]
    error_folded: tuple[str, ...]
    title_separators: tuple[str, ...]
    site_name_re: re.Pattern[str]

    def body_drop(self, platform: str) -> Matcher:
        """What to remove below a chosen body node on this platform (generic pages get every platform's list)."""
        return self.drop_in_body_for.get(platform, self.drop_in_body)

    def is_boilerplate_line(self, text: str) -> bool:
        """A short block that starts with a known widget/menu/counter label."""
        if len(text) > self.line_prefix_max:
            return False
        if self.line_regex.fullmatch(text):
            return True
        folded = _short_fold(text)
        return _exact_key(folded) in self.line_exact or bool(self.line_prefix_re.match(_LEAD_PUNCT.sub("", folded)))

    def is_meta_line(self, text: str) -> bool:
        """A short block carrying a counter or toolbar label anywhere ("… | Lượt xem: 1.234")."""
        return len(text) <= self.line_contains_max and bool(self.line_contains_re.search(_short_fold(text)))

    def is_date_line(self, text: str, *, with_time: bool = False) -> bool:
        """A short block that is a date/time and a few label words, nothing else (`with_time`: and a clock)."""
        words = text.split()
        if len(words) > self.date_line_max_words or not _DATE.search(text):
            return False
        if self.date_line_keep_re.search(_short_fold(text)):
            return False
        if with_time and not _TIME.search(text):
            return False
        rest = _DATE_OR_TIME.sub(" ", text)
        return len(_WORDS.findall(rest)) <= self.date_line_max_other

    def is_tail_marker(self, text: str) -> bool:
        """A short heading that opens a related-articles list ("Các tin khác", "Tin liên quan")."""
        if len(text) > self.tail_marker_max:
            return False
        return bool(self.tail_marker_re.fullmatch(_short_fold(text).rstrip(" :.>»")))

    def names_site(self, segment: str) -> bool:
        """A <title> segment that names the site or its owner ("Sở …", "Cổng thông tin …"); diacritics count,
        so "Sở" is a site word and "số" (number) is not."""
        return bool(self.site_name_re.search(segment.lower()))

    def error_hit(self, text: str) -> str | None:
        """The first error string found in `text` (folded comparison), or None."""
        folded = fold(text)
        return next((e for e in self.error_folded if e in folded), None)


def _build(data: dict[str, Any]) -> Rules:
    tail = data["tail_markers"]
    contains = data["line_contains"]
    foreign = data["foreign_in_body"]
    own = {name: sels for name, sels in foreign.items() if name != "all"}
    every = [sel for sels in own.values() for sel in sels]
    contains_alts = sorted({re.escape(fold(x)) for x in contains["strings"]}, key=len, reverse=True)
    tail_alts = sorted({re.escape(fold(s)) for s in tail["strings"]}, key=len, reverse=True)
    return Rules(
        drop_tags=frozenset(data["drop_tags"]),
        drop=build_matcher(data["drop_tags"], data["drop_selectors"]),
        drop_in_body=build_matcher(data["drop_tags"], data["drop_selectors"] + foreign["all"]),
        drop_in_body_for={
            "generic": build_matcher(data["drop_tags"], data["drop_selectors"] + foreign["all"] + every),
            **{name: build_matcher(data["drop_tags"], data["drop_selectors"] + foreign["all"] + sels)
               for name, sels in own.items()},
        },
        line_prefix_re=_prefix_regex(data["line_prefixes"]["strings"]),
        line_prefix_max=int(data["line_prefixes"]["max_chars"]),
        line_exact=frozenset(_exact_key(fold(x)) for x in data["line_exact"]),
        line_regex=re.compile("|".join(f"(?:{rx})" for rx in data["line_regexes"])),
        line_contains_re=re.compile("|".join(contains_alts)),
        line_contains_max=int(contains["max_chars"]),
        date_line_max_words=int(data["date_line"]["max_words"]),
        date_line_keep_re=re.compile(
            r"(?<![a-z])(?:" + "|".join(re.escape(fold(x)) for x in data["date_line"]["keep_labels"]) + r")(?![a-z])"),
        date_line_max_other=int(data["date_line"]["max_other_words"]),
        date_line_edge=int(data["date_line"]["edge_blocks"]),
        tail_marker_re=re.compile(r"(?:" + "|".join(tail_alts) + r")"),
        tail_marker_max=int(tail["max_chars"]),
        inline_noise=tuple(data["inline_noise"]),
        error_folded=tuple(fold(s) for s in data["error_strings"]),
        title_separators=tuple(data["title_separators"]),
        site_name_re=re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w.strip().lower()) for w in data["site_name_words"]) + r")(?!\w)"
        ),
    )


@lru_cache(maxsize=1)
def load_rules(path: Path) -> Rules:
    """Read and compile a rules file (cleaner/rules.yaml, RULES_PATH; cached per path)."""
    with path.open(encoding="utf-8") as fh:
        return _build(yaml.safe_load(fh))
