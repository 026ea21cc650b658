"""Each site's URL templates, learned from the pages the cleaner classified, kept per source in the data directory.

`/vi/thanh-tra/-/view_content/1150304-ha-noi-xu-phat.html` -> `/vi/<slug>/-/view_content/<id>-<slug>.html`,
`/ubnd-tinh-hop-phien-thuong-ky/` -> `/<slug>/`. A template whose pages were (nearly) all articles is an article
template, one whose pages were listings a listing template. They order the frontier (crawler.frontier), and the
article yield of recent runs tells when a source drifted (its portal changed): the next run then falls back to
discovery for it.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ID_SLUG = re.compile(r"^\d+-[^/]*$")
DIGITS = re.compile(r"^\d+$")
SLUG = re.compile(r"[A-Za-z0-9%]-[A-Za-z0-9%]")  # words joined by hyphens
EXT = re.compile(r"(\.[A-Za-z0-9]{1,5})$")
MIN_PAGES = 3  # pages of one template needed before it is learned
MIN_SHARE = 0.8  # share of a template's pages of one kind for it to be that kind's template
KEEP_RUNS = 10  # article yields remembered per source
DRIFT_SHARE = 0.2  # a run yielding less than this share of the recent median has drifted
DRIFT_MIN_MEDIAN = 5  # yields too small to judge drift by
ARTICLE_KINDS = ("article", "notice", "duplicate")


def template_of(url: str) -> str:
    """The URL's path (and query keys) with ids, numbers and slugs as placeholders."""
    parts = urlsplit(url)
    out = []
    for seg in parts.path.split("/"):
        ext = m.group(1) if (m := EXT.search(seg)) and not DIGITS.match(seg) else ""
        stem = seg[: len(seg) - len(ext)] if ext else seg
        if ID_SLUG.match(stem):
            out.append("<id>-<slug>" + ext)
        elif DIGITS.match(stem):
            out.append("<n>" + ext)
        elif SLUG.search(stem):
            out.append("<slug>" + ext)
        else:
            out.append(seg)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(out) + (f"?{'&'.join(keys)}" if keys else "")


@dataclass
class SiteTemplates:
    """What one source's pages looked like: article and listing templates, recent yields, and a drift flag."""

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # template -> page kind -> pages
    yields: list[int] = field(default_factory=list)  # articles found (new or known) per run, oldest first
    fallback: bool = False  # the hints found nothing or the yield collapsed: discover this source next run
    drift: str | None = None  # why, in words

    def kind_of(self, url: str) -> str | None:
        """"article" or "listing" when the URL has a learned template, else None."""
        key = template_of(url)
        if key in self.articles:
            return "article"
        if key in self.listings:
            return "listing"
        return None


def learn(pages: list[tuple[str, str]], old: SiteTemplates | None = None) -> SiteTemplates:
    """Templates from (url, page kind) pairs of the crawl state; the old yields and drift state are kept."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for url, kind in pages:
        counts[template_of(url)][kind] += 1
    out = SiteTemplates(yields=list(old.yields) if old else [], fallback=old.fallback if old else False,
                        drift=old.drift if old else None)
    for key, kinds in sorted(counts.items()):
        total = sum(kinds.values())
        out.counts[key] = dict(kinds)
        if total < MIN_PAGES:
            continue
        if sum(kinds[k] for k in ARTICLE_KINDS) >= MIN_SHARE * total:
            out.articles.append(key)
        elif kinds["listing"] >= MIN_SHARE * total:
            out.listings.append(key)
    return out


def judge_run(site: SiteTemplates, found: int, *, hinted: bool) -> SiteTemplates:
    """Record one run's article yield (new and known articles seen); flag drift when a hinted source found no
    article at all, or the yield fell under DRIFT_SHARE of the recent median. A run that yields again clears it."""
    recent = site.yields[-KEEP_RUNS:]
    median = statistics.median(recent) if recent else 0
    site.drift = None
    if hinted and found == 0:
        site.drift = "gợi ý URL của nguồn không khớp bài nào"
    elif median >= DRIFT_MIN_MEDIAN and found < DRIFT_SHARE * median:
        site.drift = f"{found} bài, so với trung vị {median:g} của {len(recent)} lần gần nhất"
    site.fallback = site.drift is not None
    site.yields = ([*recent, found])[-KEEP_RUNS:]
    return site


def path_for(data_dir: Path, source_id: str) -> Path:
    """data_dir/templates/<source id>.json."""
    return data_dir / "templates" / f"{source_id}.json"


def load(data_dir: Path, source_id: str) -> SiteTemplates:
    """The source's learned templates; empty when never learned or unreadable (the file is a cache)."""
    try:
        data = json.loads(path_for(data_dir, source_id).read_text("utf-8"))
        return SiteTemplates(**{k: v for k, v in data.items() if k in SiteTemplates.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return SiteTemplates()


def save(data_dir: Path, source_id: str, site: SiteTemplates) -> Path:
    """Write the source's templates atomically (a temporary file renamed over the old one)."""
    path = path_for(data_dir, source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(site), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


_PLACEHOLDER = re.compile(r"(<id>-<slug>|<n>|<slug>)")
_PLACEHOLDER_RE = {"<id>-<slug>": r"\d+-[^/?]*", "<n>": r"\d+", "<slug>": r"[^/?]*[A-Za-z0-9%]-[A-Za-z0-9%][^/?]*"}


def as_pattern(template: str) -> str:
    """A regex (searched in the full URL, as Source patterns are) matching the URLs of one template."""
    path, _, query = template.partition("?")
    parts = _PLACEHOLDER.split(path)
    body = "".join(_PLACEHOLDER_RE.get(p, re.escape(p)) for p in parts)
    keys = "".join(rf"(?=[^#]*[?&]{re.escape(k)}=)" for k in query.split("&") if k)
    return rf"^https?://[^/]+{body}" + (rf"{keys}\?" if keys else r"(?:\?[^#]*)?$")
