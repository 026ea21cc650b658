"""One regex for many literal strings, built as a trie: at each text position only one branch per letter is tried."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source that matches exactly the given strings, longest first at each branch point.

    A plain alternation ("Hà Nội|Hà Giang|…") makes the engine try every name at every position; the trie form
    ("H(?:à (?:Nội|Giang)|…)") fails after one character at most positions, which is what makes matching the
    province list over a whole article cheap.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict) -> str:  # type: ignore[type-arg]
    end = "" in node
    branches = [re.escape(ch) + _render(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:  # a shorter word ends here: the longer continuation is tried first, then the empty one
        return "(?:" + body + ")?"
    return body
