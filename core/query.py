"""The search box's query language: text -> a small typed tree (words, "phrases", -exclusions, OR, one level of ()).

Pure and total: every string parses (backend syntax is never passed through; what is not an operator is text).

Rules (docs/search_api.md "Cú pháp tìm kiếm"):
- words are ANDed; `"..."` is a phrase (adjacent words); a token of several joined words ("20-CT/TW") too;
- `-word` / `-"phrase"` excludes documents containing it, wherever it stands in the query;
- `OR` (upper case) between two operands splits the surrounding sequence (the whole query, or one pair of
  parentheses) into alternatives, each an AND of its words: `tre em OR xam hai` = (tre em) OR (xam hai);
- parentheses group one level deep; deeper ones, stray ones and a dangling `OR` are ignored;
- a query typed with any diacritic (tone mark or đ, ă, â, ê, ô, ơ, ư) matches the spellings typed, word for word,
  its bare words stay bare; a query typed entirely without marks matches every spelling that folds to it.
  `fold_all` (the "khớp không dấu" switch) widens a marked query the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

from core.textfold import fold, unify_tones

MAX_WORDS = 64  # a pasted page is cut to its first words rather than building a huge query
WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'\s+|-?"[^"]*"?|\(|\)|[^\s"()]+')


@dataclass(frozen=True)
class Unit:
    """A word, or a phrase of adjacent words; `words` lower-case with one tone placement, as typed."""

    words: tuple[str, ...]
    exact: bool

    @property
    def keys(self) -> tuple[str, ...]:
        """The words folded to ASCII ("đắk" -> "dak")."""
        return tuple(fold(w) for w in self.words)

    @property
    def forms(self) -> tuple[str, ...]:
        """What the words must equal in a document: as typed when exact, else folded."""
        return self.words if self.exact else self.keys


@dataclass(frozen=True)
class All:
    """Every part must match."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part must match."""

    parts: tuple[Node, ...]


Node = Union[Unit, All, AnyOf]  # noqa: UP007 (a runtime alias; `|` on forward references fails)


@dataclass(frozen=True)
class ParsedQuery:
    """`root` (None: no positive words) minus every `exclude`; `marked` whether any word carried a diacritic."""

    root: Node | None
    exclude: tuple[Unit, ...]
    marked: bool

    @property
    def empty(self) -> bool:
        """No words at all: the query matches everything."""
        return self.root is None and not self.exclude

    def units(self) -> list[Unit]:
        """The positive units, in order (for highlighting)."""
        out: list[Unit] = []

        def walk(node: Node) -> None:
            if isinstance(node, Unit):
                out.append(node)
            else:
                for part in node.parts:
                    walk(part)

        if self.root is not None:
            walk(self.root)
        return out

    def near_words(self) -> list[Unit]:
        """Top-level single words ANDed together, in order: documents with them side by side rank higher."""
        parts = (self.root,) if isinstance(self.root, Unit) else self.root.parts if isinstance(self.root, All) else ()
        return [p for p in parts if isinstance(p, Unit) and len(p.words) == 1]


@dataclass
class _Raw:
    """A unit before exactness is decided."""

    words: tuple[str, ...]
    negated: bool


_OR = "OR"
_Group = list[Union[_Raw, str]]  # noqa: UP007 (units and "OR" inside one pair of parentheses)
_Item = Union[_Raw, str, _Group]  # noqa: UP007 (a unit, "OR", or a parenthesised group)


def _lex(text: str, budget: list[int]) -> list[_Item]:
    """Tokens: units (phrases, words, joined words), "OR", and one level of groups (lists)."""
    top: list[_Item] = []
    group: _Group | None = None
    for tok in _TOKEN.findall(text):
        if tok.isspace():
            continue
        if tok == "(":
            if group is None:
                group = []
            continue
        if tok == ")":
            if group is not None:
                top.append(group)
                group = None
            continue
        sink: list[Any] = group if group is not None else top
        if tok == _OR:
            sink.append(_OR)
            continue
        negated = tok.startswith("-")
        words = tuple(WORD.findall(tok.lower()))[: max(budget[0], 0)]
        if words:
            budget[0] -= len(words)
            sink.append(_Raw(words, negated))
    if group is not None:  # an unclosed "(" groups to the end
        top.append(group)
    return top


def _alternatives(items: list[_Item], exclude: list[_Raw]) -> list[list[_Item]]:
    """Split a sequence at each OR standing between two operands; negations go to `exclude`."""
    alts: list[list[_Item]] = [[]]
    pending_or = False
    for item in items:
        if isinstance(item, _Raw) and item.negated:
            exclude.append(item)
            continue
        if item == _OR:
            pending_or = bool(alts[-1])
            continue
        if isinstance(item, list) and not item:
            continue
        if pending_or:
            alts.append([])
            pending_or = False
        alts[-1].append(item)
    return [a for a in alts if a]


def _node(parts: list[Node], joiner: type[All] | type[AnyOf]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else joiner(tuple(parts))


def parse(text: str, fold_all: bool = False) -> ParsedQuery:
    """Parse a search-box query; never raises."""
    norm = unify_tones(text.replace("\x00", " "))
    budget = [MAX_WORDS]
    items = _lex(norm, budget)
    exclude: list[_Raw] = []
    raw_alts = _alternatives(items, exclude)
    groups: dict[int, list[list[_Item]]] = {}
    for alt in raw_alts:
        for item in alt:
            if isinstance(item, list):
                groups[id(item)] = _alternatives(list[_Item](item), exclude)
    every = [w for alt in raw_alts for item in alt for w in _words(item)] + [w for r in exclude for w in r.words]
    marked = any(fold(w) != w for w in every)
    exact = marked and not fold_all

    def unit(raw: _Raw) -> Unit:
        return Unit(raw.words, exact)

    def conj(alt: list[_Item]) -> Node | None:
        parts: list[Node] = []
        for item in alt:
            if isinstance(item, _Raw):
                parts.append(unit(item))
            elif isinstance(item, list):
                sub = [_node([unit(r) for r in a if isinstance(r, _Raw)], All) for a in groups[id(item)]]
                node = _node([s for s in sub if s is not None], AnyOf)
                if node is not None:
                    parts.append(node)
        return _node(parts, All)

    alts = [n for n in (conj(a) for a in raw_alts) if n is not None]
    return ParsedQuery(_node(alts, AnyOf), tuple(unit(r) for r in exclude), marked)


def _words(item: _Item) -> list[str]:
    if isinstance(item, _Raw):
        return list(item.words)
    if isinstance(item, list):
        return [w for r in item if isinstance(r, _Raw) for w in r.words]
    return []
