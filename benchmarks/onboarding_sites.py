"""The onboarding benchmark's sites and their gold: what each page is by the site's own markup, read without the
cleaner (tests/cleaner's stdlib readers for the fixtures, the simulator's corpus for its styles)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar, Literal
from urllib.parse import unquote, urljoin, urlsplit

from simulator.corpus import SimArticle
from simulator.server import SimulatorServer
from simulator.urls import prefix
from tests.cleaner.fixtures import SOTTTT, gold_of
from tests.cleaner.krongno import KRONGNO, MIN_BODY_CHARS, read_gold
from tests.support.loopback import serving

GoldKind = Literal["article", "notice", "other"]
_HREF = re.compile(r"""href\s*=\s*["']([^"'#]*)""", re.IGNORECASE)


@dataclass(frozen=True)
class GoldPage:
    """One page as its site marks it up: article (title and a body), notice (title only) or other; `identity`
    names the story (equal for one story served under several URLs)."""

    kind: GoldKind
    identity: str = ""


@dataclass
class Site:
    """A site served on loopback: its address, the gold of any of its paths, and the pages reachable from it."""

    name: str
    base_url: str
    gold: Callable[[str], GoldPage]
    reachable: set[str] = field(default_factory=set)  # paths of HTML pages reachable by links from base_url
    listings: int = 0  # listing pages reachable besides `reachable`, when only their number is known

    @property
    def articles(self) -> set[str]:
        """Identities of the articles reachable from the start page."""
        return {g.identity for p in self.reachable if (g := self.gold(p)).kind == "article"}


class _StaticHandler(SimpleHTTPRequestHandler):
    """A static server: `home` answers for the folder it names; no directory listings (a site would not)."""

    home: ClassVar[dict[str, str]] = {}

    def translate_path(self, path: str) -> str:
        plain = urlsplit(path).path
        if plain in self.home:
            return str(Path(self.directory) / self.home[plain])
        return super().translate_path(path)

    def list_directory(self, path: Any) -> None:
        self.send_error(404)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def serve_static(root: Path, home: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `root` on a free loopback port; yield its base URL."""
    handler = type("Handler", (_StaticHandler,), {"home": home or {}})
    with serving(partial(handler, directory=str(root))) as base:
        yield base


def file_of(root: Path, path: str, home: dict[str, str]) -> Path | None:
    """The file a static server answers `path` with (query ignored, as a static server does)."""
    plain = unquote(urlsplit(path).path)
    if plain in home:
        return root / home[plain]
    target = root / plain.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def reachable_files(root: Path, start: str, home: dict[str, str]) -> set[str]:
    """Paths (no query) of the HTML files reached by following href links from `start`, on disk (no crawler)."""
    todo, seen, found = [start], set[str](), set[str]()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        page = file_of(root, path, home)
        if page is None or page.suffix.lower() not in (".html", ".htm", ""):
            continue
        text = page.read_text("utf-8", errors="replace")
        if "<html" not in text[:3000].lower() and "<!doctype" not in text[:3000].lower():
            continue
        found.add(path)
        for href in _HREF.findall(text):
            target = urljoin(f"http://site{path}", href.strip())
            parts = urlsplit(target)
            if parts.hostname == "site" and parts.scheme == "http":
                todo.append(parts.path or "/")
    return found


def _static_gold(root: Path, home: dict[str, str], read: Callable[[Path], GoldPage]) -> Callable[[str], GoldPage]:
    cache: dict[Path, GoldPage] = {}

    def gold(path: str) -> GoldPage:
        page = file_of(root, path, home)
        if page is None:
            return GoldPage("other")
        if page not in cache:
            cache[page] = read(page)
        return cache[page]

    return gold


def _story(title: str, body: list[str]) -> str:
    return " ".join(f"{title} {' '.join(body)}".lower().split())


def krongno_gold(page: Path) -> GoldPage:
    """`p.Title` + `div.ExternalClass*` body over MIN_BODY_CHARS: an article; a title alone: a notice."""
    gold = read_gold(page.read_text("utf-8", errors="replace"))
    if not gold.title:
        return GoldPage("other")
    kind: GoldKind = "article" if len(" ".join(gold.body)) > MIN_BODY_CHARS else "notice"
    return GoldPage(kind, _story(gold.title, gold.body))


def sotttt_gold(page: Path) -> GoldPage:
    """Liferay's `.asset-full-content-title` + `.journal-content-article`: an article."""
    gold = gold_of(page)
    if not gold.title:
        return GoldPage("other")
    return GoldPage("article" if gold.body else "notice", _story(gold.title, gold.body))


@contextmanager
def fixture_site(name: str) -> Iterator[Site]:
    """A fixture site served from its folder: krongno from `/`, sotttt from `/vi/` (its saved home page)."""
    if name == "krongno":
        root, home, start, read = KRONGNO, {}, "/", krongno_gold
    else:
        root, home, start, read = SOTTTT, {"/vi/": "index.html", "/vi": "index.html"}, "/vi/", sotttt_gold
    with serve_static(root, home) as base:
        yield Site(name, base + start, _static_gold(root, home, read), reachable_files(root, start, home))


def _sim_gold(sim: SimulatorServer, site_id: str) -> Callable[[str], GoldPage]:
    def gold(path: str) -> GoldPage:
        art: SimArticle | None = sim.corpus.by_path(site_id, path)
        if art is None or art.kind == "error":
            return GoldPage("other")
        return GoldPage("article", f"{site_id}:{art.article_no}")

    return gold


@contextmanager
def simulator_sites(count: int, seed: int = 0) -> Iterator[list[Site]]:
    """Every platform style of the simulator, each from its home page; reachable: every article it serves."""
    with SimulatorServer(count=count, seed=seed, slow_delay=0.5) as sim:
        sites = []
        for spec in sim.corpus.sites:
            site = Site(f"sim-{spec.platform}", f"{sim.base_url}{prefix(spec)}/", _sim_gold(sim, spec.id))
            site.reachable = {a.url_path for a in sim.corpus.iter_articles() if a.site_id == spec.id}
            site.listings = 1 + sum(sim.corpus.page_count(spec.id, n) for n in range(len(spec.categories)))
            sites.append(site)
        yield sites
