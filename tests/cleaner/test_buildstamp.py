"""cleaner.buildstamp on the krongno pages (real build stamps) and on a real Liferay set (real dates: untouched)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

from benchmarks.cleaner_vs_trafilatura import load_gold, mirror_pages
from cleaner import NotAnArticle, extract
from cleaner.buildstamp import build_stamp_days, host_of, redated
from core.article import Article
from tests.cleaner.krongno import KRONGNO, article_pages, url_of

NOW = datetime(2019, 7, 31, tzinfo=UTC)


def drop_build_stamps(articles: list[Article]) -> list[Article]:
    """The rule over one whole set: each article re-dated by its host's stamp day, judged on the set."""
    stamps = build_stamp_days(articles)
    return [redated(a, a.published, stamps.get(host_of(a.url))) for a in articles]


def _krongno():
    out = []
    for path in article_pages():
        with contextlib.suppress(NotAnArticle):
            out.append(extract(path.read_bytes(), url_of(path), now=NOW))
    return out


def test_the_rebuild_day_of_a_static_site_is_no_publication_date():
    articles = _krongno()
    assert KRONGNO.is_dir()
    assert len(articles) >= 30
    assert build_stamp_days(articles) == {"krongno.daknong.gov.vn": date(2019, 7, 30)}
    fixed = drop_build_stamps(articles)
    for before, after in zip(articles, fixed, strict=True):
        if before.published is not None and before.published.date() == date(2019, 7, 30):
            assert after.published is None  # unknown: the page shows no other date of its own
        else:
            assert after.published == before.published  # a date of its own (or an older rebuild's) stays
    assert sum(a.published is None for a in fixed) >= 25


def test_real_publication_dates_are_untouched():
    gold = load_gold("liferay")
    articles = [extract(data, url, now=NOW.replace(year=2022, month=8, day=27)) for _, data, url in
                mirror_pages(gold, "liferay")]
    assert build_stamp_days(articles) == {}
    assert drop_build_stamps(articles) == articles


def test_a_date_in_the_url_replaces_the_stamp():
    articles = _krongno()
    moved = [a.model_copy(update={"url": a.url.replace(".gov.vn/", ".gov.vn/2019/05/17/")}) for a in articles]
    fixed = drop_build_stamps(moved)
    stamped = [a for a, b in zip(moved, fixed, strict=True) if a.published and a.published.date() == date(2019, 7, 30)]
    assert stamped
    days = {b.published.date() if b.published else None for a, b in zip(moved, fixed, strict=True) if a in stamped}
    assert days == {date(2019, 5, 17)}
