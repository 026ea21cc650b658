"""The search box's query language: text -> a small typed tree (words, "phrases", -exclusions, OR, one level of ()).

Pure and total: every string parses (backend syntax is never passed through; what is not an operator is text).

Rules (docs/search_api.md "Query syntax"; the page shows them under "Cú pháp tìm kiếm"):
- words are ANDed; `"..."` is a phrase (adjacent words); a token of several joined words ("20-CT/TW") too;
- `-word` / `-"phrase"` / `-(a OR b)` excludes documents matching it, wherever it stands in the query;
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
_TOKEN = re.compile(r'\s+|-?"[^"]*"?|-?\(|\)|[^\s"()]+')


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
    exclude: tuple[Node, ...]
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


@dataclass
class _Group:
    """One pair of parentheses: units and "OR"s; `-(...)` negates the whole group."""

    items: list[_Raw | str]
    negated: bool


_OR = "OR"
_Item = Union[_Raw, str, _Group]  # noqa: UP007 (a unit, "OR", or a parenthesised group)


def _lex(text: str, budget: list[int]) -> list[_Item]:
    """Tokens: units (phrases, words, joined words), "OR", and one level of groups."""
    top: list[_Item] = []
    group: _Group | None = None
    for tok in _TOKEN.findall(text):
        if tok.isspace():
            continue
        if tok in ("(", "-("):
            if group is None:
                group = _Group([], negated=tok == "-(")
                top.append(group)
            continue
        if tok == ")":
            group = None
            continue
        sink: list[Any] = group.items if group is not None else top
        if tok == _OR:
            sink.append(_OR)
            continue
        negated = tok.startswith("-")
        words = tuple(WORD.findall(tok.lower()))[: max(budget[0], 0)]
        if words:
            budget[0] -= len(words)
            sink.append(_Raw(words, negated))
    return top


def _alternatives(items: list[Any], exclude: list[_Raw | _Group]) -> list[list[_Raw | _Group]]:
    """Split a sequence at each OR standing between two operands; negations go to `exclude`."""
    alts: list[list[_Raw | _Group]] = [[]]
    pending_or = False
    for item in items:
        if isinstance(item, _Raw | _Group) and item.negated:
            exclude.append(item)
            continue
        if item == _OR:
            pending_or = bool(alts[-1])
            continue
        if isinstance(item, _Group) and not any(isinstance(i, _Raw) and not i.negated for i in item.items):
            exclude.extend(i for i in item.items if isinstance(i, _Raw))  # only its negations are left
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


def _words(item: _Item) -> list[str]:
    if isinstance(item, _Raw):
        return list(item.words)
    if isinstance(item, _Group):
        return [w for r in item.items if isinstance(r, _Raw) for w in r.words]
    return []


def parse(text: str, fold_all: bool = False) -> ParsedQuery:
    """Parse a search-box query; never raises."""
    norm = unify_tones(text.replace("\x00", " "))
    items = _lex(norm, [MAX_WORDS])
    marked = any(fold(w) != w for item in items for w in _words(item))
    exact = marked and not fold_all
    exclude: list[_Raw | _Group] = []

    def group(g: _Group, sink: list[_Raw | _Group]) -> Node | None:
        units = [[Unit(r.words, exact) for r in a if isinstance(r, _Raw)] for a in _alternatives(g.items, sink)]
        alts = [_node(list[Node](u), All) for u in units]
        return _node([a for a in alts if a is not None], AnyOf)

    def conj(alt: list[_Raw | _Group]) -> Node | None:
        parts = [Unit(i.words, exact) if isinstance(i, _Raw) else group(i, exclude) for i in alt]
        return _node([p for p in parts if p is not None], All)

    root = _node([n for n in (conj(a) for a in _alternatives(items, exclude)) if n is not None], AnyOf)
    out: list[Node] = []
    for item in exclude:  # a negated group's own inner negations cancel out: they are dropped
        node = Unit(item.words, exact) if isinstance(item, _Raw) else group(item, [])
        if node is not None:
            out.append(node)
    return ParsedQuery(root, tuple(out), marked)
