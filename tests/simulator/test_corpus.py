"""Ground truth: deterministic, lazy, plausible, and listed exactly once."""

from __future__ import annotations

import random
import re
import time
import tracemalloc
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.config import load_provinces
from core.registry import MERGER_DATE
from core.settings import DEFAULT_CONFIG_DIR
from core.textfold import slugify
from simulator.banks import load_banks
from simulator.corpus import Corpus
from simulator.textgen import generate

KEY_RE = re.compile(r"^\d+(-[A-ZĐ][A-Za-zĐ]*/[A-Z]+|(/\d{4})?/[A-ZĐ][A-Za-zĐ]*-[A-Za-zĐ]+)$")


def test_same_seed_same_corpus_other_seed_differs():
    a, b, c = Corpus(300, seed=7), Corpus(300, seed=7), Corpus(300, seed=8)
    assert list(a.iter_articles()) == list(b.iter_articles())
    differing = sum(x != y for x, y in zip(a.iter_articles(), c.iter_articles(), strict=True))
    assert differing > 250


def test_dates_are_aware_vietnamese_and_in_range():
    corpus = Corpus(2000)
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    years: Counter[int] = Counter()
    for art in corpus.iter_articles():
        offset = art.published.utcoffset()
        assert offset is not None
        assert offset.total_seconds() == 7 * 3600
        assert str(art.published.tzinfo) == "Asia/Ho_Chi_Minh"
        assert datetime(2012, 1, 1, tzinfo=art.published.tzinfo) <= art.published < now
        years[art.published.year] += 1
    assert set(years) == set(range(2012, 2026))


def test_province_codes_and_mentions():
    corpus = Corpus(1000)
    names: Counter[str] = Counter()
    for art in corpus.iter_articles():
        assert art.province_code == slugify(art.province_name)
        assert art.province_name in art.summary
        names[art.province_name] += 1
    assert len(names) >= 15
    assert {"Đắk Lắk", "Thừa Thiên Huế", "Hà Giang"} <= set(names)


def test_articles_after_the_merger_name_current_units():
    registry = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")
    current, former = registry.current_by_code(), registry.former_by_code()
    corpus = Corpus(3000)
    after = [a for a in corpus.iter_articles() if a.published.date() >= MERGER_DATE]
    before = [a for a in corpus.iter_articles() if a.published.date() < MERGER_DATE]
    assert after
    assert all(a.province_code in current and current[a.province_code].name == a.province_name for a in after)
    assert all(a.province_code in former and former[a.province_code].name == a.province_name for a in before)
    assert any(a.province_code not in former for a in after)  # e.g. "hue", "dong-nai"


def test_directive_keys_are_normalised_cited_and_not_anachronistic():
    banks = load_banks()
    valid_from = {d.key: d.valid_from for d in banks.directives}
    corpus = Corpus(1500)
    regimes: Counter[str] = Counter()
    for art in corpus.iter_articles():
        body = art.body
        for key in art.directive_keys:
            assert KEY_RE.match(key), key
            number = key.split("/")[0].split("-")[0]
            assert re.search(rf"\b0*{number}\s*[-/]", body), (key, body)
            assert key not in valid_from or valid_from[key] <= art.published.date()  # else a province's own plan
            regimes["party" if "-" in key.split("/")[0] else ("legal" if key.count("/") == 2 else "admin")] += 1
    assert min(regimes.values()) > 20
    assert len(regimes) == 3


def test_bank_keys_follow_the_project_normalisation():
    for directive in load_banks().directives:
        assert not re.match(r"0\d", directive.key), directive.key  # "5-CT/TW", not "05-CT/TW"
        assert " " not in directive.key


def test_text_contains_the_traps():
    corpus = Corpus(800)
    bodies = [a.body for a in corpus.iter_articles()]
    assert sum("trẻ em" in b for b in bodies) > 100
    assert sum(bool(re.search(r"\b20\d\d ?[-–] ?20\d\d\b", b)) for b in bodies) > 50
    assert sum(bool(re.search(r"\b(1900\.1567|111|18001567|0\d{2,3}[ .]\d{3,4}[ .]\d{3})\b", b)) for b in bodies) > 50
    assert sum(bool(re.search(r"(Chỉ thị|Nghị định|Quyết định|Kế hoạch) \d+\b(?![-/])", b)) for b in bodies) > 30
    assert len({a.author for a in corpus.iter_articles()}) >= 8


def test_kinds_and_traps_occur_where_configured():
    corpus = Corpus(4000)
    traps = load_banks().traps
    kinds: Counter[tuple[str, str]] = Counter()
    flags: Counter[str] = Counter()
    for art in corpus.iter_articles():
        kinds[(art.site_id, art.kind)] += 1
        flags.update(art.traps)
        assert (art.kind == "slow") == (art.article_no % traps.slow_every == traps.slow_offset)
    for site in corpus.sites:
        assert (kinds[(site.id, "error")] > 0) == site.asp_errors
    assert sum(v for (_, kind), v in kinds.items() if kind == "malformed") > 10
    assert set(flags) == {"entities", "combining", "linebreak", "old_tones", "image"}


def test_100k_corpus_is_lazy():
    tracemalloc.start()
    start = time.perf_counter()
    corpus = Corpus(100_000)
    art = corpus.article(99_999)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 5_000_000
    assert corpus.by_path(art.site_id, art.url_path) == art
    assert len(corpus) == 100_000


def test_by_path_round_trips_and_rejects_lookalikes():
    corpus = Corpus(400)
    for art in corpus.iter_articles():
        assert corpus.by_path(art.site_id, art.url_path) == art
    for site in corpus.sites:
        art = corpus.article(corpus.recent(site.id, 1)[0])
        other_site = next(s.id for s in corpus.sites if s.id != site.id)
        assert corpus.by_path(other_site, art.url_path) is None
        if "?nid=" in art.url_path:  # the id is the whole key: an id past the end names nothing
            lookalike = art.url_path.split("=")[0] + "=" + str(10**7)
        else:  # same id, wrong slug
            lookalike = re.sub(r"(view_content/\d+-|/)([A-Za-z])([^/]*)(/?)$", r"\1zz\3\4", art.url_path)
        assert lookalike != art.url_path
        assert corpus.by_path(site.id, lookalike) is None


def test_date_permalinks_stay_unique_when_titles_repeat_on_a_day():
    corpus = Corpus(30_000, seed=1)
    site = next(s for s in corpus.sites if s.platform == "wordpress")
    paths = [corpus.article(i).url_path for i in corpus.site_articles(site.id)]
    assert len(set(paths)) == len(paths)
    suffixed = [p for p in paths if re.search(r"-\d/$", p)]
    assert suffixed  # same slug on the same day happens, and gets WordPress's "-2"
    for path in suffixed[:20]:
        art = corpus.by_path(site.id, path)
        assert art is not None
        assert art.url_path == path
        assert corpus.by_path(site.id, re.sub(r"-\d/$", "-9/", path)) is None


def test_growing_publishes_newer_articles_and_changes_no_old_one():
    small, full = Corpus(300, seed=2, capacity=500), Corpus(500, seed=2)
    assert [small.article(i) for i in range(300)] == [full.article(i) for i in range(300)]
    with pytest.raises(IndexError):
        small.article(300)
    newest_before = max(a.published for a in small.iter_articles())
    small.grow(500)
    assert list(small.iter_articles()) == list(full.iter_articles())
    assert min(small.article(i).published for i in range(300, 500)) > newest_before
    with pytest.raises(ValueError, match="capacity"):
        small.grow(501)


@pytest.mark.parametrize("count", [1, 7, 401])
def test_listings_cover_every_article_exactly_once_newest_first(count):
    corpus = Corpus(count)
    seen: Counter[int] = Counter()
    for site in corpus.sites:
        for cat_no, cat in enumerate(site.categories):
            pages = corpus.page_count(site.id, cat_no)
            listed = [i for page in range(1, pages + 1) for i in corpus.listing(site.id, cat_no, page)]
            assert all(len(corpus.listing(site.id, cat_no, p)) <= site.page_size for p in range(1, pages + 1))
            dates = [corpus.article(i).published for i in listed]
            assert dates == sorted(dates, reverse=True)
            assert all(corpus.article(i).category == cat.slug and corpus.article(i).site_id == site.id for i in listed)
            seen.update(listed)
    assert sorted(seen) == list(range(count))
    assert set(seen.values()) == {1}


def test_some_articles_name_their_provinces_plan_and_the_cleaner_reads_it():
    """A province's plan for a central document has one number (the same in every article naming it), is issued after
    the document and before the article, and cleaner.relations reads the relation from the generated text."""
    from cleaner.config import bundled
    from cleaner.relations import extract_implements

    citations = bundled().citations

    banks = load_banks()
    rng = random.Random(3)
    plans: dict[tuple[str, str], str] = {}
    stated = read = 0
    for n in range(3000):
        province = banks.provinces[n % len(banks.provinces)]
        published = datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")) + timedelta(hours=37 * n)
        text = generate(rng, banks, province, published)
        for plan, target in text.implements:
            stated += 1
            assert plans.setdefault((province.code, target), plan) == plan
            assert plan in text.directive_keys
            body = "\n\n".join(text.paragraphs)
            found = extract_implements(body, province.code, citations=citations)
            got = {(i.doc.split(":", 1)[-1], i.target) for i in found}
            read += (plan, target) in got
    assert stated > 100
    assert len(set(plans.values())) > 20
    assert read == stated
