"""Match many simple CSS selectors against elements in one Python pass (cheaper than one XPath per selector).

lxml evaluates a CSS class selector as `contains(concat(' ', normalize-space(@class), ' '), ' x ')` on every
element, once per selector: with ~80 boilerplate selectors that was the costliest step of cleaning a page.
Here each element's class tokens, id and tag are looked up once in sets. Selectors this cannot express (pseudo
classes, combinators) are left to an XPath union.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cssselect import GenericTranslator
from cssselect import parse as css_parse
from cssselect.parser import Attrib, Class, Element, Hash
from lxml import etree
from lxml.html import HtmlElement

_ATTR_OPS = {"exists", "=", "*=", "^=", "$="}


@dataclass(frozen=True)
class _Simple:
    """One compound selector: a tag (or any), class tokens, an id, attribute tests."""

    tag: str | None
    classes: frozenset[str]
    id: str | None
    attrs: tuple[tuple[str, str, str], ...]  # (name, operator, value)

    def matches(self, el: HtmlElement, tokens: frozenset[str]) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if not self.classes <= tokens:
            return False
        if self.id is not None and el.get("id") != self.id:
            return False
        for name, op, value in self.attrs:
            got = el.get(name)
            if got is None or not _attr_ok(got, op, value):
                return False
        return True


def _attr_ok(got: str, op: str, value: str) -> bool:
    if op == "exists":
        return True
    if op == "=":
        return got == value
    if op == "*=":
        return value in got
    if op == "^=":
        return got.startswith(value)
    return got.endswith(value)


def _simple(tree: object) -> _Simple | None:
    """The compound selector as a _Simple, or None when it uses anything else."""
    classes: set[str] = set()
    ident: str | None = None
    attrs: list[tuple[str, str, str]] = []
    node = tree
    while not isinstance(node, Element):
        if isinstance(node, Class):
            classes.add(node.class_name)
            node = node.selector
        elif isinstance(node, Hash):
            if ident is not None:
                return None
            ident = node.id
            node = node.selector
        elif isinstance(node, Attrib) and node.namespace is None and node.operator in _ATTR_OPS:
            value = (node.value.value if node.value is not None else "") or ""
            attrs.append((node.attrib, node.operator, value))
            node = node.selector
        else:
            return None
    tag = None if node.element in (None, "*") else node.element
    return _Simple(tag, frozenset(classes), ident, tuple(attrs))


@dataclass
class Matcher:
    """Tags, simple selectors indexed by what they require, and an XPath for the rest."""

    tags: frozenset[str]
    by_class: dict[str, list[_Simple]] = field(default_factory=dict)
    by_id: dict[str, list[_Simple]] = field(default_factory=dict)
    by_attr: dict[str, list[_Simple]] = field(default_factory=dict)  # attribute-only selectors, by attribute
    other: list[_Simple] = field(default_factory=list)  # tag-only selectors
    rest: etree.XPath | None = None

    def find(self, node: HtmlElement) -> list[HtmlElement]:
        """Elements under `node` (itself included) that a tag or selector matches."""
        found: list[HtmlElement] = []
        for el in node.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if tag in self.tags and el is not node:
                found.append(el)
                continue
            cls = el.get("class")
            tokens = frozenset(cls.split()) if cls else frozenset()
            if self._hit(el, tokens):
                found.append(el)
        if self.rest is not None:
            seen = {id(e) for e in found}
            found.extend(e for e in self.rest(node) if id(e) not in seen)
        return found

    def _hit(self, el: HtmlElement, tokens: frozenset[str]) -> bool:
        for token in tokens:
            for sel in self.by_class.get(token, ()):
                if sel.matches(el, tokens):
                    return True
        ident = el.get("id")
        if ident is not None:
            for sel in self.by_id.get(ident, ()):
                if sel.matches(el, tokens):
                    return True
        for name, sels in self.by_attr.items():
            if el.get(name) is not None and any(sel.matches(el, tokens) for sel in sels):
                return True
        return any(sel.matches(el, tokens) for sel in self.other)


def build_matcher(tags: Iterable[str], selectors: Iterable[str]) -> Matcher:
    """A Matcher for never-content tags (descendants only) and CSS selector groups."""
    matcher = Matcher(frozenset(tags))
    translator = GenericTranslator()
    complex_parts: list[str] = []
    for group in selectors:
        for sel in css_parse(group):
            simple = _simple(sel.parsed_tree) if sel.pseudo_element is None else None
            if simple is None:
                complex_parts.append(str(translator.selector_to_xpath(sel, prefix="descendant-or-self::")))
            elif simple.classes:
                matcher.by_class.setdefault(min(simple.classes), []).append(simple)
            elif simple.id is not None:
                matcher.by_id.setdefault(simple.id, []).append(simple)
            elif simple.attrs:
                matcher.by_attr.setdefault(simple.attrs[0][0], []).append(simple)
            else:
                matcher.other.append(simple)
    if complex_parts:
        matcher.rest = etree.XPath(" | ".join(complex_parts))
    return matcher
