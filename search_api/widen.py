"""The pages' hint for a query typed with diacritics that finds little: how many hits "khớp không dấu" would give."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from core.query import parse
from core.search import BackendUnavailable, SearchBackend
from search_api.params import RESTART
from search_api.resolve import Resolved

FEW = 10  # below this many exact hits, the page offers the widened count


@dataclass(frozen=True)
class Widen:
    """The widened query's total and the link that switches "khớp không dấu" on."""

    total: int
    href: str


def widen_hint(
    backend: SearchBackend,
    resolved: Resolved,
    total: int,
    path: str = "/",
    extra: Collection[tuple[str, str]] = (),
    articles: bool = False,
) -> Widen | None:
    """For a marked query with fewer than FEW hits: the folded total, when it is larger, and a link to `path` (with
    the page's own `extra` parameters) that turns the switch on; otherwise None. `articles`: `total` counts
    articles (coverage), never stories."""
    params = resolved.params
    if params.fold_all or total >= FEW or not parse(params.q).marked:
        return None
    count = resolved.query.model_copy(update={"facets": (), "size": 0, "page": 1, "cursor": None, "fold_all": True})
    try:
        wider = backend.search(count.model_copy(update={"collapse": False})).total  # a bare count of articles
        if count.collapse and not articles and wider > total:  # stories never outnumber articles: count if needed
            wider = backend.search(count).total
    except BackendUnavailable:  # the page's own results are in hand: show them without the hint
        return None
    if wider <= total:
        return None
    return Widen(wider, params.url(path, extra, fold_all=True, **RESTART))
