"""Build stamps: a day that most articles of one host show is the day the site was rebuilt, not a publication date.

Static builds (EasyWebHub pages of the Lạc Việt family, shared/fixtures/krongno-daknong/README.md) print the build
day in the date cell of every page they rebuild. One page cannot tell (it shows one date, like any other page), so
`cleaner.extract` keeps the shown date and this rule judges a host's dated articles together: a day that at least
STAMP_MIN_PAGES and STAMP_MIN_SHARE of the host's dated articles share, and that is the host's newest day (a
rebuild re-dates every page it touches to the same, latest, day), is a build stamp. Those articles get the date
their URL gives, else none (unknown): nothing else on such pages is the article's date. Pure, no I/O: the
pipeline's dates stage (indexer/pipeline/dates.py) feeds it each host's whole history of shown days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from urllib.parse import urlsplit

from cleaner.dates import url_date
from core.article import Article
from core.clock import VN_TZ

STAMP_MIN_PAGES = 10
STAMP_MIN_SHARE = 0.4
MIN_HOST_PAGES = 12  # fewer dated articles of a host: no judgement


def host_of(url: str) -> str:
    """The host a URL's articles are judged with."""
    return urlsplit(url).hostname or ""


def local_day(published: datetime) -> date:
    """The Vietnam calendar day of a publication time."""
    return published.astimezone(VN_TZ).date()


def stamp_day(counts: Counter[date]) -> date | None:
    """The build-stamp day of one host whose dated articles show these days (day -> articles), else None."""
    total = sum(counts.values())
    if total < MIN_HOST_PAGES:
        return None
    day, n = counts.most_common(1)[0]
    return day if n >= STAMP_MIN_PAGES and n >= STAMP_MIN_SHARE * total and day == max(counts) else None


def build_stamp_days(articles: Iterable[Article]) -> dict[str, date]:
    """Host -> its build-stamp day, for the hosts of these articles that have one."""
    days: defaultdict[str, Counter[date]] = defaultdict(Counter)
    for art in articles:
        if art.published is not None:
            days[host_of(art.url)][local_day(art.published)] += 1
    return {host: day for host, counts in days.items() if (day := stamp_day(counts)) is not None}


def redated(article: Article, shown: datetime | None, stamp: date | None) -> Article:
    """The article with the date its page showed, unless that is its host's build-stamp day: then the date its URL
    gives, else none."""
    if stamp is not None and shown is not None and local_day(shown) == stamp:
        from_url = url_date(article.url)
        shown = datetime.combine(from_url, time(0, 0), VN_TZ) if from_url and from_url != stamp else None
    return article if article.published == shown else article.model_copy(update={"published": shown})
