"""Build stamps: a day that most articles of one host show is the day the site was rebuilt, not a publication date.

Static builds (EasyWebHub pages of the Lạc Việt family, shared/fixtures/krongno-daknong/README.md) print the build
day in the date cell of every page they rebuild. One page cannot tell (it shows one date, like any other page), so
`cleaner.extract` keeps the shown date and this rule runs over a batch of articles: per host, a day that at least
STAMP_MIN_PAGES and STAMP_MIN_SHARE of the host's dated articles share, and that is the host's newest day (a
rebuild re-dates every page it touches to the same, latest, day), is a build stamp. Those articles get the date
their URL gives, else none (unknown): nothing else on such pages is the article's date. Pure, no I/O.
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
MIN_HOST_PAGES = 12  # fewer dated articles of a host in the batch: no judgement


def build_stamp_days(articles: Iterable[Article]) -> dict[str, date]:
    """Host -> its build-stamp day, for the hosts that have one."""
    days: defaultdict[str, Counter[date]] = defaultdict(Counter)
    for art in articles:
        if art.published is not None:
            days[urlsplit(art.url).hostname or ""][art.published.astimezone(VN_TZ).date()] += 1
    out: dict[str, date] = {}
    for host, counts in days.items():
        total = sum(counts.values())
        if total < MIN_HOST_PAGES:
            continue
        day, n = counts.most_common(1)[0]
        if n >= STAMP_MIN_PAGES and n >= STAMP_MIN_SHARE * total and day == max(counts):
            out[host] = day
    return out


def drop_build_stamps(articles: list[Article]) -> list[Article]:
    """The articles, those dated with their host's build-stamp day re-dated from the URL or left undated."""
    stamps = build_stamp_days(articles)
    if not stamps:
        return articles
    out: list[Article] = []
    for art in articles:
        stamp = stamps.get(urlsplit(art.url).hostname or "")
        if stamp is not None and art.published is not None and art.published.astimezone(VN_TZ).date() == stamp:
            from_url = url_date(art.url)
            better = datetime.combine(from_url, time(0, 0), VN_TZ) if from_url and from_url != stamp else None
            art = art.model_copy(update={"published": better})
        out.append(art)
    return out
