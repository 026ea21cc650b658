"""Evaluation gate (issue 3): govnews vs the independent gold set, with pinned floors; trafilatura side by side.

Gold: tests/cleaner/eval/gold.json, built without the cleaner (tests/cleaner/eval/make_gold.py). Floors are the
issue-3 targets; the measured values are in docs/cleaner.md. Speed is CPU time in one process, interleaved.
"""

from __future__ import annotations

import pytest

from benchmarks.cleaner_vs_trafilatura import load_gold, measure, run_govnews, run_trafilatura
from tests.cleaner.fixtures import SOTTTT

pytestmark = pytest.mark.skipif(not SOTTTT.exists(), reason="shared fixture mirror not present")

FLOORS = {"f1": 0.99, "title_exact": 0.99, "date_right": 0.995, "with_ok": 0.99}
MAX_LEAK_PAGES = 0.01
# Measured 3.1-3.2x on a loaded 2-core VM; the gate sits below to stay stable under load, the benchmark reports.
SPEED_RATIO_FLOOR = 2.5


@pytest.fixture(scope="module")
def gold():
    data = load_gold()
    assert len(data) >= 50
    return data


def test_govnews_meets_the_floors(gold):
    score = measure({"govnews": run_govnews}, gold, repeat=1)["govnews"]
    for name, floor in FLOORS.items():
        assert getattr(score, name) >= floor, (name, score.row())
    assert score.leak_pages <= MAX_LEAK_PAGES, score.row()


def test_gold_is_not_trivial(gold):
    # every page has text to find and boilerplate to avoid, so the floors above can fail
    assert all(entry["with"] and entry["without"] and len(str(entry["text"]).split()) >= 5 for entry in gold.values())


@pytest.mark.slow
def test_govnews_beats_trafilatura_on_quality_and_speed(gold):
    scores = measure({"govnews": run_govnews, "trafilatura": run_trafilatura}, gold, repeat=1)
    ours, theirs = scores["govnews"], scores["trafilatura"]
    assert ours.f1 > theirs.f1
    assert ours.title_exact > theirs.title_exact
    assert ours.leak_pages <= theirs.leak_pages
    assert ours.pages_per_s >= SPEED_RATIO_FLOOR * theirs.pages_per_s, (ours.row(), theirs.row())
