"""URL shapes of each simulated platform: build article and listing paths, and parse them back."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from core.textfold import ascii_fold, slugify
from simulator.banks import Category, SiteSpec

LIFERAY_ID_BASE = 4_400_000
TRANG_NID_BASE = 100_000
NUKEVIET_ID_BASE = 1
TANDAN_MUL, TANDAN_ADD = 7919, 104_729
SLUG_MAX = 80


def _short(slug: str) -> str:
    if len(slug) <= SLUG_MAX:
        return slug
    return slug[:SLUG_MAX].rsplit("-", 1)[0]


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


def tandan_slug(title: str) -> str:
    """Tân Dân keeps the title's capitals: "Hà Giang: Tăng cường" -> "Ha-Giang--Tang-cuong"."""
    return _short(re.sub(r"[^A-Za-z0-9]", "-", ascii_fold(title)).strip("-"))


def prefix(site: SiteSpec) -> str:
    """The path prefix every URL of the site starts with."""
    return f"/{site.id}"


def article_path(site: SiteSpec, cat: Category, i: int, title: str, published: datetime, dup: int = 0) -> str:
    """Path (with query, if the platform uses one) of article number i; `dup` = same slug earlier that day."""
    p = prefix(site)
    if site.platform == "wordpress":
        slug = _short(slugify(title)) + (f"-{dup + 1}" if dup else "")
        return f"{p}/{published:%Y/%m/%d}/{slug}/"
    if site.platform == "liferay":
        return f"{p}/vi/{cat.slug}/-/view_content/{LIFERAY_ID_BASE + i}-{_short(slugify(title))}"
    if site.platform == "tandan":
        d = published
        rand = _base36(i * TANDAN_MUL + TANDAN_ADD)
        return f"{p}/portal/Pages/{d.year}-{d.month}-{d.day}/{tandan_slug(title)}-{rand}.aspx"
    if site.platform == "nukeviet":
        return f"{p}/news/{cat.slug}/{_short(slugify(title))}-{NUKEVIET_ID_BASE + i}.html"
    if site.platform == "sharepoint-trang":
        return f"{p}/Trang/ChiTietTinTuc.aspx?nid={TRANG_NID_BASE + i}"
    raise ValueError(f"unknown platform {site.platform}")


# Listing pages per platform: the first page's path, and what a later page adds ({slug}, {page}, {size}).
_LISTINGS: dict[str, tuple[str, str]] = {
    "liferay": ("/vi/{slug}", "?p_p_id=101&p_p_lifecycle=0&_101_cur={page}&_101_delta={size}"),
    "tandan": ("/portal/Pages/{slug}.aspx", "?PageIndex={page}"),
    "nukeviet": ("/news/{slug}/", "page-{page}"),
    "sharepoint-trang": ("/Trang/tin-tuc-su-kien.aspx?Cat={slug}", "&Page={page}"),
    "wordpress": ("/category/{slug}/", "page/{page}/"),
}


def listing_path(site: SiteSpec, cat: Category, page: int, page_size: int) -> str:
    """Path of listing page `page` (1-based) of a category."""
    if site.platform not in _LISTINGS:
        raise ValueError(f"unknown platform {site.platform}")
    first, later = _LISTINGS[site.platform]
    template = first if page == 1 else first + later
    return prefix(site) + template.format(slug=cat.slug, page=page, size=page_size)


def _int(qs: dict[str, list[str]], name: str, default: int) -> int:
    try:
        return int(qs[name][0])
    except (KeyError, ValueError, IndexError):
        return default


def parse_article(site: SiteSpec, path: str) -> int | None:
    """The article number a site path names, or None (the caller checks it against the built path)."""
    parts = urlsplit(path)
    rest = parts.path[len(prefix(site)) :]
    qs = parse_qs(parts.query)
    m: re.Match[str] | None
    if site.platform == "liferay":
        m = re.fullmatch(r"/vi/[^/]+/-/view_content/(\d+)-[^/]*", rest)
        return int(m.group(1)) - LIFERAY_ID_BASE if m else None
    if site.platform == "tandan":
        m = re.fullmatch(r"/portal/Pages/\d{4}-\d{1,2}-\d{1,2}/.*-([0-9a-z]+)\.aspx", rest)
        if not m:
            return None
        n = int(m.group(1), 36) - TANDAN_ADD
        return n // TANDAN_MUL if n >= 0 and n % TANDAN_MUL == 0 else None
    if site.platform == "nukeviet":
        m = re.fullmatch(r"/news/[^/]+/[^/]*-(\d+)\.html", rest)
        return int(m.group(1)) - NUKEVIET_ID_BASE if m else None
    if site.platform == "sharepoint-trang" and rest == "/Trang/ChiTietTinTuc.aspx":
        nid = _int(qs, "nid", -1)
        return nid - TRANG_NID_BASE if nid >= TRANG_NID_BASE else None
    return None


def parse_day(site: SiteSpec, path: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date-based article path (WordPress permalinks carry no id), or None."""
    if site.platform != "wordpress":
        return None
    m = re.fullmatch(r"/(\d{4})/(\d{2})/(\d{2})/[\w-]+/", urlsplit(path).path[len(prefix(site)) :])
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def parse_listing(site: SiteSpec, path: str) -> tuple[Category, int] | None:
    """(category, page) for a listing path, or None."""
    parts = urlsplit(path)
    rest = parts.path[len(prefix(site)) :]
    qs = parse_qs(parts.query)
    by_slug = {c.slug: c for c in site.categories}
    slug: str | None = None
    page = 1
    if site.platform == "liferay":
        m = re.fullmatch(r"/vi/([^/]+)", rest)
        slug, page = (m.group(1) if m else None), _int(qs, "_101_cur", 1)
    elif site.platform == "tandan":
        m = re.fullmatch(r"/portal/Pages/([^/]+)\.aspx", rest)
        slug, page = (m.group(1) if m else None), _int(qs, "PageIndex", 1)
    elif site.platform == "nukeviet":
        m = re.fullmatch(r"/news/([^/]+)/(?:page-(\d+))?", rest)
        slug, page = (m.group(1), int(m.group(2) or 1)) if m else (None, 1)
    elif site.platform == "wordpress":
        m = re.fullmatch(r"/category/([^/]+)/(?:page/(\d+)/)?", rest)
        slug, page = (m.group(1), int(m.group(2) or 1)) if m else (None, 1)
    elif site.platform == "sharepoint-trang" and rest == "/Trang/tin-tuc-su-kien.aspx":
        slug, page = qs.get("Cat", [""])[0], _int(qs, "Page", 1)
    cat = by_slug.get(slug or "")
    return (cat, page) if cat is not None and page >= 1 else None
