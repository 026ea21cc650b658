"""The search box's query language: text -> a small typed tree (words, "phrases", -exclusions, OR, one level of ()).

Pure and total: every string parses (backend syntax is never passed through; what is not an operator is text).

Rules (docs/search_api.md "Query syntax"; the page shows them under "Cú pháp tìm kiếm"):
- words are ANDed; `"..."` is a phrase (adjacent words); a token of several joined words ("20-CT/TW") too;
- `-word` / `-"phrase"` / `-(a OR b)` excludes documents matching it, wherever it stands in the query;
- `OR` between two operands splits the surrounding sequence (the whole query, or one pair of parentheses) into
  alternatives, each an AND of its words: `tre em OR xam hai` = (tre em) OR (xam hai). A lower-case `or` between
  two operands is read the same way (`or_read` says so, for the page); elsewhere, or quoted (`"or"`), it is a word;
- parentheses group one level deep; deeper ones, stray ones and a dangling `OR` are ignored;
- the positive words decide exactness: if any of them carries a diacritic (tone mark or đ, ă, â, ê, ô, ơ, ư), each
  positive word matches the spelling typed (its bare words stay bare); if none does, each matches every spelling
  that folds to it. `fold_all` (the "khớp không dấu" switch) widens the positive words of a marked query the same way;
- an excluded unit is judged on its own, whatever the rest: exact when it carries a mark (`-quận` drops "quận", not
  "quan"), folded when bare (`-tet` drops "tết" and "tet"); the switch never widens an exclusion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    """`root` (None: no positive words) minus every `exclude`; `marked`: a positive word carried a diacritic;
    `or_read`: a lower-case "or" was read as OR."""

    root: Node | None
    exclude: tuple[Node, ...]
    marked: bool
    or_read: bool = False

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
_LOWER_OR = "or"  # a lower-case "or": OR between two operands, a word elsewhere
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
        if tok == _OR or tok.lower() == _LOWER_OR:
            sink.append(_OR if tok == _OR else _LOWER_OR)
            continue
        negated = tok.startswith("-")
        words = tuple(WORD.findall(tok.lower()))[: max(budget[0], 0)]
        if words:
            budget[0] -= len(words)
            sink.append(_Raw(words, negated))
    return top


def _operand(item: object) -> bool:
    return isinstance(item, _Raw | _Group) and not item.negated


def _read_or(items: list[Any], budget: list[int]) -> bool:
    """Turn each lower-case "or" into OR when it stands between two operands, else into the word "or" (in place)."""
    read = False
    for i, item in enumerate(items):
        if isinstance(item, _Group):
            read = _read_or(item.items, budget) or read
        elif item == _LOWER_OR:
            if 0 < i < len(items) - 1 and _operand(items[i - 1]) and _operand(items[i + 1]):
                items[i], read = _OR, True
            elif budget[0] > 0:
                items[i], budget[0] = _Raw(("or",), negated=False), budget[0] - 1
    items[:] = [i for i in items if i != _LOWER_OR]
    return read


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
    """A positive item's own words (a group's negated units are exclusions, not its words)."""
    if isinstance(item, _Raw):
        return list(item.words)
    if isinstance(item, _Group):
        return [w for r in item.items if isinstance(r, _Raw) and not r.negated for w in r.words]
    return []


def _marked(word: str) -> bool:
    return fold(word) != word


def parse(text: str, fold_all: bool = False) -> ParsedQuery:
    """Parse a search-box query; never raises."""
    norm = unify_tones(text.replace("\x00", " "))
    budget = [MAX_WORDS]
    items = _lex(norm, budget)
    or_read = _read_or(items, budget)
    exclude: list[_Raw | _Group] = []
    alternatives = _alternatives(items, exclude)  # moves every negation, however nested, into `exclude`

    def group(g: _Group, sink: list[_Raw | _Group], unit: Callable[[tuple[str, ...]], Unit]) -> Node | None:
        units = [[unit(r.words) for r in a if isinstance(r, _Raw)] for a in _alternatives(g.items, sink)]
        alts = [_node(list[Node](u), All) for u in units]
        return _node([a for a in alts if a is not None], AnyOf)

    marked = any(_marked(w) for alt in alternatives for item in alt for w in _words(item))
    exact = marked and not fold_all

    def pos(words: tuple[str, ...]) -> Unit:
        return Unit(words, exact)

    def neg(words: tuple[str, ...]) -> Unit:
        return Unit(words, any(_marked(w) for w in words))

    def conj(alt: list[_Raw | _Group]) -> Node | None:
        parts = [pos(i.words) if isinstance(i, _Raw) else group(i, exclude, pos) for i in alt]
        return _node([p for p in parts if p is not None], All)

    root = _node([n for n in (conj(a) for a in alternatives) if n is not None], AnyOf)
    out: list[Node] = []
    for item in exclude:  # a negated group's own inner negations cancel out: they are dropped
        node = neg(item.words) if isinstance(item, _Raw) else group(item, [], neg)
        if node is not None:
            out.append(node)
    return ParsedQuery(root, tuple(out), marked, or_read)
