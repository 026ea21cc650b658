"""indexer.pipeline.dates: the build-stamp rule over a host's whole history, whatever the batches (real tantivy)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cleaner import NotAnArticle, extract
from core.article import Article
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.pipeline import Pipeline
from tests.cleaner.krongno import article_pages, url_of
from tests.cleaner.test_buildstamp import drop_build_stamps

NOW = datetime(2019, 7, 31, tzinfo=UTC)
STAMP = date(2019, 7, 30)  # the krongno build day (tests/cleaner/test_buildstamp.py)


@pytest.fixture(scope="module")
def krongno() -> list[Article]:
    out = []
    for path in article_pages():
        with contextlib.suppress(NotAnArticle):
            out.append(extract(path.read_bytes(), url_of(path), now=NOW))
    assert len(out) >= 30
    return out


def stored_dates(tmp: Path, batches: list[list[Article]]) -> dict[str, datetime | None]:
    """Index the batches through a fresh pipeline (one run per batch: the store carries the history)."""
    backend = TantivyBackend(tmp / "index")
    for batch in batches:
        pipeline = Pipeline(backend, tmp / "pipeline.sqlite3", tmp / "spool")
        assert pipeline.index(batch).failed == 0
        pipeline.close()
    out = {a.id: a.published for a in backend.iter_articles()}
    backend.close()
    return out


@pytest.mark.parametrize("size", [3, 7, 11])
def test_dates_do_not_depend_on_where_batches_break(tmp_path: Path, krongno: list[Article], size: int) -> None:
    whole = stored_dates(tmp_path / "whole", [krongno])
    expected = {a.id: a.published for a in drop_build_stamps(krongno)}  # the rule over the whole set at once
    assert whole == expected
    assert sum(d is None for d in whole.values()) >= 25  # the stamp day is gone from most pages
    split = stored_dates(tmp_path / f"by-{size}", [krongno[i : i + size] for i in range(0, len(krongno), size)])
    assert split == whole  # batches under MIN_HOST_PAGES: earlier articles are re-dated when the stamp shows


def test_one_run_in_small_batches_dates_like_one_batch(tmp_path: Path, krongno: list[Article]) -> None:
    """Within one `index` call the next batch is prepared while this one is stored: earlier articles the next
    batch re-dates may not be in the index yet, and are taken as prepared."""
    whole = stored_dates(tmp_path / "whole", [krongno])
    backend = TantivyBackend(tmp_path / "one-run" / "index")
    pipeline = Pipeline(backend, tmp_path / "one-run" / "pipeline.sqlite3", tmp_path / "one-run" / "spool")
    assert pipeline.index(krongno, batch_size=3).failed == 0
    pipeline.close()
    assert {a.id: a.published for a in backend.iter_articles()} == whole
    backend.close()


def test_a_stamp_day_that_stops_being_one_gives_back_the_shown_dates(tmp_path: Path, krongno: list[Article]) -> None:
    """A later rebuild makes a newer day the host's newest: the old day is a date of its own again."""
    stamped = [a for a in krongno if a.published is not None and a.published.date() == STAMP]
    later = [a.model_copy(update={"id": f"{a.id}-{n}", "url": f"{a.url}?v={n}",
                                  "published": datetime(2020, 1, 2, 9, tzinfo=a.published.tzinfo)})
             for a in stamped if a.published is not None for n in range(3)]  # fmt: skip
    dates = stored_dates(tmp_path, [krongno, later])
    assert all(dates[a.id] == a.published for a in stamped)  # 2019-07-30 is no longer the newest day
    assert all(dates[a.id] is None for a in later)  # 2020-01-02 is the stamp now
