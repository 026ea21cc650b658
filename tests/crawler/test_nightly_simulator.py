"""A night in the life of the simulator: new articles published, rerun fetches only them; revisits use 304s."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.banks import load_sites
from simulator.pages import VALIDATING_PLATFORMS
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import crawl_report, govnews, write_sources_file

pytestmark = pytest.mark.slow


def test_rerun_fetches_only_new_articles_and_revisits_are_conditional(tmp_path: Path) -> None:
    data = tmp_path / "data"
    platform = {s.id: s.platform for s in load_sites()}
    with SimulatorServer(count=100, seed=2, slow_delay=0.2, capacity=130) as sim:
        sources = write_sources_file(tmp_path / "sources.yaml", sources_for(sim.base_url))
        first = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
        old = {a.url_path for a in sim.corpus.iter_articles()}
        assert first["article_pages"] == len(old) == 100
        assert all(sim.hits[p] == 1 for p in old)

        sim.publish(30)  # the next day: 30 new articles on page 1 of the listings and in the feeds
        new = {a.url_path for a in sim.corpus.iter_articles()} - old
        assert len(new) == 30
        second = crawl_report(govnews("crawl", "--sources", str(sources), data_dir=data))
        assert second["article_pages"] == 30
        assert all(sim.hits[p] == 1 for p in old | new), "an article was fetched twice"
        assert second["skipped_known"] >= 100

        # revisit all: sites that send validators answer 304; the ASP.NET ones re-send the page
        third = crawl_report(govnews("crawl", "--sources", str(sources), "--revisit-days", "0", data_dir=data))
        validating = sum(1 for a in sim.corpus.iter_articles() if platform[a.site_id] in VALIDATING_PLATFORMS)
        assert validating > 0
        assert third["not_modified"] == validating == sim.not_modified
        assert third["article_pages"] + third["unchanged"] == 130 - validating, third
