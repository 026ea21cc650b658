"""HTML for home, listing and article pages of each platform, from the Jinja templates in templates/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from simulator.banks import DATA_DIR, SiteSpec
from simulator.corpus import Corpus, SimArticle
from simulator.feeds import rss_path
from simulator.textfx import (
    body_html,
    liferay_date,
    ncr,
    nukeviet_date,
    tandan_date,
    today_header,
    trang_date,
    truncate,
    wordpress_date,
)
from simulator.urls import listing_path, prefix

TEMPLATE_DIRS = {
    "liferay": "liferay",
    "tandan": "tandan",
    "nukeviet": "nukeviet",
    "sharepoint-trang": "trang",
    "wordpress": "wordpress",
}
RELATED = 6
ASPNET_ERROR = """<html><head><title>Object reference not set to an instance of an object.</title></head>
<body bgcolor="white"><span><h1>Server Error in '/' Application.<hr width=100% size=1 color=silver></h1>
<h2><i>Object reference not set to an instance of an object.</i></h2></span>
<b>Exception Details: </b>System.NullReferenceException: Object reference not set to an instance of an object.<br><br>
<b>Stack Trace:</b><pre>[NullReferenceException: Object reference not set to an instance of an object.]
   TanDan.Portal.WebParts.ArticleDetail.Page_Load(Object sender, EventArgs e) +412
   System.Web.UI.Control.OnLoad(EventArgs e) +92</pre>
<hr width=100% size=1 color=silver><b>Version Information:</b> Microsoft .NET Framework Version:4.0.30319</body></html>
"""


def detail_date(site: SiteSpec, d: datetime) -> str:
    """The publication date as the platform prints it on an article page."""
    return {
        "liferay": lambda: liferay_date(d, padded=False),
        "tandan": lambda: tandan_date(d),
        "nukeviet": lambda: nukeviet_date(d),
        "sharepoint-trang": lambda: trang_date(d),
        "wordpress": lambda: wordpress_date(d),
    }[site.platform]()


def list_date(site: SiteSpec, d: datetime) -> str:
    """The date as the platform prints it in listings and related links."""
    if site.platform == "liferay":
        return liferay_date(d, padded=True)
    if site.platform in ("tandan", "wordpress"):
        return f"{d:%d/%m/%Y}"
    return nukeviet_date(d) if site.platform == "nukeviet" else f"{d:%d/%m/%Y %H:%M}"


class Renderer:
    """Turns corpus articles and arithmetic listings into platform-styled HTML."""

    def __init__(self, corpus: Corpus, counter: Callable[[], int] | None = None) -> None:
        self.corpus = corpus
        self.counter = counter or (lambda: 0)
        self.env = Environment(
            loader=FileSystemLoader(str(DATA_DIR / "templates")),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.globals["as_ncr"] = lambda text: Markup(ncr(str(text)))
        self.env.globals["as_text"] = lambda text: text

    def _base(self, site: SiteSpec, crumbs: list[tuple[str, str]]) -> dict[str, Any]:
        hits = self.counter()
        return {
            "site": site,
            "today": today_header(),
            "counter_total": f"{1_234_567 + hits:,}".replace(",", "."),
            "counter_online": 12 + hits % 37,
            "home": prefix(site),
            "cats": [(listing_path(site, c, 1, site.page_size), c.name) for c in site.categories],
            "search": prefix(site) + site.search,
            "crumbs": crumbs,
            "feed": rss_path(site) or "",
        }

    def _row(self, i: int) -> tuple[str, str, str, str]:
        art = self.corpus.article(i)
        site = self.corpus.site(art.site_id)
        return art.url_path, art.title, list_date(site, art.published), art.summary

    def home(self, site: SiteSpec) -> str:
        """The site's front page: newest articles and the category menu."""
        items = [self._row(i) for i in self.corpus.recent(site.id, 10)]
        return self.env.get_template(f"{TEMPLATE_DIRS[site.platform]}/home.html").render(
            **self._base(site, []), items=items
        )

    def _pager(self, site: SiteSpec, cat_no: int, page: int, pages: int) -> list[tuple[str, str]]:
        cat = site.categories[cat_no]

        def url(n: int) -> str:
            return listing_path(site, cat, n, site.page_size) if 1 <= n <= pages and n != page else ""

        window = [(str(n), url(n)) for n in range(max(1, page - 2), min(pages, page + 2) + 1)]
        return [("Đầu tiên", url(1)), ("Trước", url(page - 1)), *window, ("Tiếp", url(page + 1)),
                ("Cuối cùng →", url(pages))]  # fmt: skip

    def listing(self, site: SiteSpec, cat_no: int, page: int) -> str:
        """Listing page `page` of a category, newest first, with a pager."""
        cat = site.categories[cat_no]
        nums = self.corpus.listing(site.id, cat_no, page)
        total = self.corpus.category_count(site.id, cat_no)
        first_no = (page - 1) * site.page_size + 1
        cat_url = listing_path(site, cat, 1, site.page_size)
        return self.env.get_template(f"{TEMPLATE_DIRS[site.platform]}/listing.html").render(
            **self._base(site, [(cat_url, cat.name)]),
            cat_name=cat.name,
            items=[self._row(i) for i in nums],
            pager=self._pager(site, cat_no, page, self.corpus.page_count(site.id, cat_no)),
            first_no=first_no,
            last_no=first_no + len(nums) - 1,
            total=f"{total:,}".replace(",", "."),
        )

    def _neighbours(self, art: SimArticle) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        n = len(self.corpus.sites)
        site = self.corpus.site(art.site_id)

        def rows(nums: range) -> list[tuple[str, str, str]]:
            out = []
            for i in nums:
                if 0 <= i < self.corpus.count:
                    other = self.corpus.article(i)
                    out.append((other.url_path, other.title, list_date(site, other.published)))
            return out

        i = art.article_no
        return rows(range(i + n, i + n * (RELATED // 2 + 1), n)), rows(range(i - n, i - n * (RELATED // 2 + 1), -n))

    def article(self, art: SimArticle) -> str:
        """The article page, or what the server really sends for error and malformed kinds."""
        if art.kind == "error":
            return ASPNET_ERROR
        site = self.corpus.site(art.site_id)
        cat_no = next(n for n, c in enumerate(site.categories) if c.slug == art.category)
        cat = site.categories[cat_no]
        cat_url = listing_path(site, cat, 1, site.page_size)
        newer, older = self._neighbours(art)
        body = [Markup(body_html(p, art.traps)) for p in art.paragraphs]
        page = self.env.get_template(f"{TEMPLATE_DIRS[site.platform]}/article.html").render(
            **self._base(site, [(cat_url, cat.name), (art.url_path, art.title)]),
            art=art,
            summary=Markup(body_html(art.summary, art.traps)),
            body=body,
            date_str=detail_date(site, art.published),
            iso_date=art.published.isoformat(),
            image=f"{prefix(site)}/uploads/news/{art.published:%Y_%m}/anh-{art.article_no}.jpg",
            cat_name=cat.name,
            cat_url=cat_url,
            asset_id=art.article_no + 4_400_000,
            related=newer + older,
            newer=newer,
            older=older,
        )
        if art.kind == "malformed":
            return truncate(page, str(body[min(1, len(body) - 1)]))
        return page
