"""cleaner.extract on the simulator's portal pages: markup written by another engineer, with ground truth.

The simulator (simulator/) renders five platform styles with boilerplate and traps (header "today" dates, image
captions, hard line breaks, truncated pages, ASP.NET error pages served with 200). Its ground truth keeps image
captions out of the body while the cleaner keeps them as text, so the F1 floor sits a little below 1.
"""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner import NotAnArticle, extract
from simulator.corpus import Corpus
from simulator.render import ASPNET_ERROR, Renderer
from tests.cleaner.fixtures import token_f1

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def rendered():
    corpus = Corpus(1200, seed=11)
    renderer = Renderer(corpus)
    pages = []
    for i in range(0, 1200, 7):  # 7 is prime to the site count: every platform is sampled
        art = corpus.article(i)
        pages.append((corpus.site(art.site_id).platform, art, renderer.article(art)))
    return pages


@pytest.mark.parametrize("mode", ["auto", "generic"])
def test_simulated_articles(rendered, mode):
    per_platform: dict[str, Counter[str]] = {}
    f1: dict[str, float] = {}
    for platform, art, page in rendered:
        if art.kind != "ok":
            continue
        got = extract(page, BASE + art.url_path, platform=None if mode == "auto" else "generic")
        c = per_platform.setdefault(platform, Counter())
        c["n"] += 1
        c["title"] += got.title == art.title
        c["day"] += got.published is not None and got.published.date() == art.published.date()
        f1[platform] = f1.get(platform, 0.0) + token_f1(got.body, art.body)
    assert len(per_platform) >= 5
    for platform, c in per_platform.items():
        assert c["title"] / c["n"] >= 0.99, (platform, mode, c)
        assert c["day"] / c["n"] >= 0.99, (platform, mode, c)
        assert f1[platform] / c["n"] >= 0.98, (platform, mode, c, f1[platform])


def test_simulated_error_pages_are_not_articles(rendered):
    # what the simulator serves, with HTTP 200, for its "error" articles
    with pytest.raises(NotAnArticle, match="error page"):
        extract(ASPNET_ERROR, BASE + "/portal/Pages/2023-3-9/tin-1.aspx")
    for _, art, page in rendered:
        if art.kind == "error":
            with pytest.raises(NotAnArticle, match="error page"):
                extract(page, BASE + art.url_path)


def test_truncated_pages_keep_what_arrived(rendered):
    for _, art, page in rendered:
        if art.kind != "malformed":
            continue
        got = extract(page, BASE + art.url_path)
        assert got.title == art.title
        assert got.body.split("\n\n")[0] == art.paragraphs[0]
