"""The simulator's ground truth: articles generated lazily per number, and arithmetic listings."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal

from core.clock import VN_TZ
from core.registry import MERGER_DATE
from core.textfold import slugify
from simulator.banks import Banks, SiteSpec, current_unit, load_banks, load_sites
from simulator.textgen import generate
from simulator.urls import article_path, parse_article, parse_day, prefix

TIMELINE_START = datetime(2012, 1, 2, 7, 30, tzinfo=VN_TZ)
TIMELINE_END = datetime(2025, 10, 31, 17, 0, tzinfo=VN_TZ)
MAX_COUNT = 1_000_000
Kind = Literal["ok", "error", "slow", "malformed"]


@dataclass(frozen=True)
class SimArticle:
    """One generated article and everything a correct crawl + clean should recover from its page."""

    site_id: str
    article_no: int
    url_path: str
    title: str
    summary: str
    paragraphs: list[str]
    published: datetime
    author: str
    province_name: str
    province_code: str
    directive_keys: list[str]
    kind: Kind = "ok"
    category: str = ""
    topic: str = ""
    traps: tuple[str, ...] = field(default=())
    caption: str = ""  # the image caption shown after the first paragraph, if any (not part of the body)

    @property
    def body(self) -> str:
        """Paragraphs joined the way core.Article.body is: one blank line between them."""
        return "\n\n".join(self.paragraphs)


class Corpus:
    """`count` articles spread round-robin over the sites; nothing is built until asked for."""

    def __init__(
        self, count: int, seed: int = 0, sites: tuple[SiteSpec, ...] | None = None, capacity: int | None = None
    ) -> None:
        """`capacity` (default: count) fixes the timeline: with room to spare, grow() publishes newer articles."""
        capacity = max(count, capacity or count)
        if not 1 <= count <= capacity <= MAX_COUNT:
            raise ValueError(f"count and capacity must be between 1 and {MAX_COUNT}")
        self.count = count
        self.capacity = capacity
        self.seed = seed
        self.sites = sites or load_sites()
        self.banks: Banks = load_banks()
        self._site_index = {s.id: n for n, s in enumerate(self.sites)}
        self.article = lru_cache(maxsize=4096)(self._build)
        self._draft = lru_cache(maxsize=4096)(self._draft)  # type: ignore[method-assign]

    def __len__(self) -> int:
        return self.count

    # -- arithmetic over the round-robin layout ---------------------------------------------------
    def site(self, site_id: str) -> SiteSpec:
        """The site with this id."""
        return self.sites[self._site_index[site_id]]

    def site_count(self, site_id: str, total: int | None = None) -> int:
        """How many articles the site publishes (out of `total`, by default the corpus count)."""
        s, n = self._site_index[site_id], len(self.sites)
        total = self.count if total is None else total
        return (total - s + n - 1) // n if total > s else 0

    def _step(self, site: SiteSpec) -> timedelta:
        """Time between two consecutive articles of a site; fixed by the capacity, so growing changes nothing old."""
        return (TIMELINE_END - TIMELINE_START) / max(1, self.site_count(site.id, self.capacity))

    def grow(self, count: int) -> None:
        """Publish articles up to `count` (at most the capacity); existing articles keep their content and URLs."""
        if not self.count <= count <= self.capacity:
            raise ValueError(f"count must be between {self.count} and the capacity {self.capacity}")
        self.count = count

    def category_count(self, site_id: str, cat_no: int) -> int:
        """How many articles one category of the site holds."""
        nk, nc = self.site_count(site_id), len(self.site(site_id).categories)
        return (nk - cat_no + nc - 1) // nc if nk > cat_no else 0

    def page_count(self, site_id: str, cat_no: int) -> int:
        """Listing pages of a category (at least one, possibly empty)."""
        size = self.site(site_id).page_size
        return max(1, -(-self.category_count(site_id, cat_no) // size))

    def listing(self, site_id: str, cat_no: int, page: int) -> list[int]:
        """Article numbers on listing page `page` (1-based), newest first."""
        site = self.site(site_id)
        s, n, nc = self._site_index[site_id], len(self.sites), len(site.categories)
        m = self.category_count(site_id, cat_no)
        start = (page - 1) * site.page_size
        return [(cat_no + nc * (m - 1 - j)) * n + s for j in range(start, min(start + site.page_size, m))]

    def recent(self, site_id: str, limit: int) -> list[int]:
        """The site's newest `limit` article numbers, newest first."""
        s, n = self._site_index[site_id], len(self.sites)
        nk = self.site_count(site_id)
        return [k * n + s for k in range(nk - 1, max(-1, nk - 1 - limit), -1)]

    def site_articles(self, site_id: str, start: int = 0, stop: int | None = None) -> range:
        """Article numbers of the site, oldest first, local positions start..stop."""
        s, n = self._site_index[site_id], len(self.sites)
        nk = self.site_count(site_id)
        stop = nk if stop is None else min(stop, nk)
        return range(start * n + s, stop * n + s, n)

    # -- articles -----------------------------------------------------------------------------------
    def _draft(self, i: int) -> SimArticle:
        """Everything but the URL (a WordPress URL depends on same-day neighbours' titles)."""
        if not 0 <= i < self.count:
            raise IndexError(i)
        site = self.sites[i % len(self.sites)]
        k = i // len(self.sites)
        cat = site.categories[k % len(site.categories)]
        rng = random.Random(f"govnews-sim:{self.seed}:{i}")
        step = self._step(site)
        published = (TIMELINE_START + step * (k + rng.uniform(0.05, 0.95))).replace(second=0, microsecond=0)
        traps = self.banks.traps
        kind: Kind = "ok"
        roll = rng.random()
        if i % traps.slow_every == traps.slow_offset:
            kind = "slow"
        elif roll < traps.malformed:
            kind = "malformed"
        elif site.asp_errors and roll < traps.malformed + traps.error:
            kind = "error"
        flags = tuple(
            name
            for name, rate in (("entities", traps.entities), ("combining", traps.combining),
                               ("linebreak", traps.linebreak), ("old_tones", traps.old_tones),
                               ("image", traps.image))
            if rng.random() < rate
        )  # fmt: skip
        if rng.random() < site.own_province_share:
            province = self.banks.province(site.province)
        else:
            province = rng.choice(self.banks.provinces)
        if published.date() >= MERGER_DATE:  # from 1 July 2025 articles name the merged unit
            province = current_unit(province)
        caption = rng.choice(self.banks.captions).format(province=province.name)
        text = generate(rng, self.banks, province, published)
        return SimArticle(
            site_id=site.id,
            article_no=i,
            url_path="",
            title=text.title,
            summary=text.summary,
            paragraphs=text.paragraphs,
            published=published,
            author=text.author,
            province_name=province.name,
            province_code=province.code,
            directive_keys=text.directive_keys,
            kind=kind,
            category=cat.slug,
            topic=text.topic,
            traps=flags,
            caption=caption if "image" in flags else "",
        )

    def _build(self, i: int) -> SimArticle:
        draft = self._draft(i)
        site = self.sites[i % len(self.sites)]
        cat = next(c for c in site.categories if c.slug == draft.category)
        dup = 0
        if site.platform == "wordpress":  # WordPress appends -2, -3 to a slug already taken that day
            n, day, j = len(self.sites), draft.published.date(), i - len(self.sites)
            while j >= 0 and (other := self._draft(j)).published.date() == day:
                dup += slugify(other.title) == slugify(draft.title)
                j -= n
        return replace(draft, url_path=article_path(site, cat, i, draft.title, draft.published, dup))

    def _same_day(self, site: SiteSpec, year: int, month: int, day: int) -> Iterator[int]:
        """Article numbers of the site that may have been published on that local day."""
        try:
            start = datetime(year, month, day, tzinfo=VN_TZ)
        except ValueError:
            return
        step = self._step(site)
        lo = max(0, int((start - TIMELINE_START) / step) - 1)
        hi = min(self.site_count(site.id) - 1, int((start + timedelta(days=1) - TIMELINE_START) / step) + 1)
        s, n = self._site_index[site.id], len(self.sites)
        yield from (k * n + s for k in range(lo, hi + 1))

    def iter_articles(self) -> Iterator[SimArticle]:
        """Every article in number order, generated one at a time."""
        for i in range(self.count):
            yield self._build(i)

    def by_path(self, site_id: str, path: str) -> SimArticle | None:
        """The article served at `path` (with or without the site prefix), or None."""
        if site_id not in self._site_index:
            return None
        site = self.site(site_id)
        full = path if path.startswith(prefix(site) + "/") else prefix(site) + path
        day = parse_day(site, full)
        if day is not None:
            return next((a for a in map(self.article, self._same_day(site, *day)) if a.url_path == full), None)
        i = parse_article(site, full)
        if i is None or not 0 <= i < self.count or i % len(self.sites) != self._site_index[site_id]:
            return None
        art = self.article(i)
        return art if art.url_path == full else None
