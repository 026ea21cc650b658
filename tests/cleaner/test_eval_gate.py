"""Evaluation gate (issue 3): govnews vs the independent gold set, with pinned floors; trafilatura side by side.

Gold: two platform families, each built without the cleaner: tests/cleaner/eval/gold.json (Liferay, make_gold.py)
and gold_krongno.json (EasyWebHub/Lạc Việt, make_gold_krongno.py); the same floors for both. Floors are the
issue-3 targets; the measured values are in docs/cleaner.md. Speed is CPU time in one process, interleaved.
"""

from __future__ import annotations

import pytest

from benchmarks.cleaner_vs_trafilatura import GOLD_SETS, govnews_at, load_gold, measure, mirror_pages, run_trafilatura
from tests.cleaner.fixtures import SOTTTT
from tests.cleaner.krongno import KRONGNO

pytestmark = pytest.mark.skipif(not (SOTTTT.exists() and KRONGNO.exists()), reason="shared fixtures not present")

FLOORS = {"f1": 0.99, "title_exact": 0.99, "date_right": 0.995, "with_ok": 0.99}
MAX_LEAK_PAGES = 0.01
# Measured 4.9-5.6x (Liferay) and 8-9x (krongno) on a loaded 2-core VM; the gate sits below to stay stable under
# load, the benchmark reports.
SPEED_RATIO_FLOOR = 3.5


MIN_PAGES = {"liferay": 50, "krongno": 30}


@pytest.fixture(scope="module", params=sorted(GOLD_SETS))
def gold_set(request):
    data = load_gold(request.param)
    assert len(data) >= MIN_PAGES[request.param]
    return request.param, data, mirror_pages(data, request.param)


@pytest.fixture(scope="module")
def gold(gold_set):
    return gold_set[1]


def test_govnews_meets_the_floors(gold_set):
    name, gold, pages = gold_set
    score = measure({"govnews": govnews_at(GOLD_SETS[name].now)}, gold, repeat=1, pages=pages)["govnews"]
    for name, floor in FLOORS.items():
        assert getattr(score, name) >= floor, (name, score.row())
    assert score.leak_pages <= MAX_LEAK_PAGES, score.row()


def test_gold_is_not_trivial(gold):
    # every page has text to find and boilerplate to avoid, so the floors above can fail
    assert all(entry["with"] and entry["without"] and len(str(entry["text"]).split()) >= 5 for entry in gold.values())


@pytest.mark.slow
def test_govnews_beats_trafilatura_on_quality_and_speed(gold_set):
    name, gold, pages = gold_set
    scores = measure({"govnews": govnews_at(GOLD_SETS[name].now), "trafilatura": run_trafilatura}, gold, repeat=1,
                     pages=pages)
    ours, theirs = scores["govnews"], scores["trafilatura"]
    assert ours.f1 > theirs.f1
    assert ours.title_exact > theirs.title_exact
    assert ours.leak_pages <= theirs.leak_pages
    assert ours.pages_per_s >= SPEED_RATIO_FLOOR * theirs.pages_per_s, (ours.row(), theirs.row())
