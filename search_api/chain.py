"""The implementing chain of a document: the documents whose text says they carry it out, then theirs, to a cap.

Read from two index-only facets (core/facets.py): filtering `implements` by a key finds the articles that state
something implements that key, and the buckets of `relations` ("key > doc") among them name the implementing
documents. One aggregation per document in the chain and one size-1 query per implementing document: the work follows
the chain, not the number of articles that cite the key.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from core.article import split_scope
from core.facets import RELATION, relation_value
from core.labels import Labels
from core.search import SearchBackend, SearchQuery
from search_api.mentions import ArticleRef, narrowed, one

CHAIN_DEPTH = 4  # central -> provincial -> district -> commune documents
CHAIN_NODES = 200  # implementing documents read for one page at most
RELATIONS_READ = 500  # "key > doc" buckets read per document


class Plan(BaseModel):
    """A document that implements `target`, with the article that first says so, and the documents implementing it."""

    key: str
    label: str = Field(description='Display name: "48-KH/TU (Nghệ An)".')
    target: str = Field(description="The document it implements.")
    unit: str | None = Field(description="Its unit (the key's scope, else its first article's unit), in the grouping.")
    unit_label: str | None = None
    articles: int = Field(description="Articles stating this relation.")
    first: ArticleRef | None = Field(description="The oldest article stating it.")
    sentence: str | None = Field(default=None, description="The sentence of that article that states it.")
    children: list[Plan] = Field(default_factory=list, description="Documents implementing this one.")


class Chain(BaseModel):
    """The documents implementing one key, as a tree."""

    plans: list[Plan] = Field(default_factory=list)
    depth: int = Field(default=0, description="Levels found below the document.")
    capped: bool = Field(default=False, description=f"Stopped at {CHAIN_DEPTH} levels, {CHAIN_NODES} documents or "
                         f"{RELATIONS_READ} relations of one document.")

    def flat(self) -> list[Plan]:
        """Every plan of the tree, parents first, without their children."""
        out: list[Plan] = []
        stack = list(reversed(self.plans))
        while stack:
            plan = stack.pop()
            out.append(plan.model_copy(update={"children": []}))
            stack.extend(reversed(plan.children))
        return out


def implementers(backend: SearchBackend, target: str, base: SearchQuery) -> list[tuple[str, int]]:
    """(document, articles stating it) for every document the index says implements `target`, most stated first."""
    update: dict[str, Any] = {"filters": {"implements": [target]}, "facets": ("relations",), "size": 0,
                              "facet_sizes": {"relations": RELATIONS_READ}, "sort": "relevance"}  # fmt: skip
    found = backend.search(base.model_copy(update=update)).facets.get("relations", [])
    prefix = target + RELATION
    return [(b.value[len(prefix) :], b.count) for b in found if b.value.startswith(prefix) and b.count]


class _Walk:
    """One chain walk: the budget, the documents seen (a cycle stops), the deepest level reached."""

    def __init__(self, backend: SearchBackend, base: SearchQuery, labels: Labels, group: str) -> None:
        self.backend, self.base, self.labels, self.group = backend, base, labels, group
        self.seen: set[str] = set()
        self.left = CHAIN_NODES
        self.depth = 0
        self.capped = False

    def _unit(self, doc: str, first: ArticleRef | None) -> str | None:
        scope = split_scope(doc)[0]
        if scope:
            return (self.labels.successor(scope) or scope) if self.group == "province" else scope
        values = first.units.get(self.group, []) if first else []
        return values[0] if values else None

    def _plan(self, target: str, doc: str, count: int) -> Plan:
        first = one(self.backend, narrowed(self.base, relations=[relation_value(target, doc)]), "oldest")
        article = self.backend.get(first.id) if first else None
        said = [i.sentence for i in (article.implements if article else []) if i.doc == doc and i.target == target]
        unit = self._unit(doc, first)
        return Plan(key=doc, label=self.labels.label("directive", doc), target=target, unit=unit,
                    unit_label=self.labels.province(unit), articles=count, first=first,
                    sentence=said[0] if said else None)  # fmt: skip

    def below(self, target: str, level: int) -> list[Plan]:
        """The plans implementing `target`, `level` levels below the page's document."""
        plans = []
        found = implementers(self.backend, target, self.base)
        self.capped = self.capped or len(found) >= RELATIONS_READ  # more relations than one aggregation lists
        for doc, count in found:
            if doc in self.seen:
                continue
            if self.left <= 0 or level > CHAIN_DEPTH:
                self.capped = True
                break
            self.seen.add(doc)
            self.left -= 1
            self.depth = max(self.depth, level)
            plan = self._plan(target, doc, count)
            plan.children = self.below(doc, level + 1)
            plans.append(plan)
        return sorted(plans, key=lambda p: p.first.day if p.first and p.first.day else date.max)


def chain(backend: SearchBackend, key: str, base: SearchQuery, labels: Labels, group: str) -> Chain:
    """The documents implementing `key`, and theirs, under `base`'s date range; `group` names the units."""
    walk = _Walk(backend, base, labels, group)
    walk.seen.add(key)
    plans = walk.below(key, 1)
    return Chain(plans=plans, depth=walk.depth, capped=walk.capped)
