"""crawler.templates: URL templates learned from classified pages, kept per source, and drift."""

from __future__ import annotations

from pathlib import Path

from crawler.templates import SiteTemplates, judge_run, learn, load, save, template_of
from tests.crawler.components import crawler_for
from tests.crawler.test_discovery import address


def test_templates_name_ids_numbers_and_slugs() -> None:
    assert template_of("http://h/vi/thanh-tra/-/view_content/1150304-ha-noi-xu-phat.html") == (
        "/vi/<slug>/-/view_content/<id>-<slug>.html")
    assert template_of("http://h/ubnd-tinh-hop-phien-thuong-ky/") == "/<slug>/"
    assert template_of("http://h/Trang/ChiTietTinTuc.aspx?nid=12") == "/Trang/ChiTietTinTuc.aspx?nid"
    assert template_of("http://h/2024/05/03/hoi-nghi/") == "/<n>/<n>/<n>/<slug>/"


def test_learned_from_classified_pages_and_kept_in_the_data_dir(tmp_path: Path) -> None:
    pages = [(f"http://h/news/tin-tuc/bai-so-{n}.html", "article") for n in range(5)]
    pages += [(f"http://h/news/tin-tuc/page-{n}", "listing") for n in range(4)]
    pages += [("http://h/news/tin-tuc/bai-lech.html", "listing"), ("http://h/gioi-thieu", "other")]
    site = learn(pages)
    assert site.articles == ["/news/<slug>/<slug>.html"]  # 5 of 6 were articles
    assert site.listings == ["/news/<slug>/<slug>"]
    assert site.kind_of("http://h/news/xa-hoi/bai-moi.html") == "article"
    save(tmp_path, "s", site)
    assert load(tmp_path, "s") == site
    (tmp_path / "templates" / "s.json").write_text("{not json", encoding="utf-8")
    assert load(tmp_path, "s") == SiteTemplates()  # a damaged cache is relearned, not fatal


def test_drift_when_hints_match_nothing_or_the_yield_collapses() -> None:
    site = SiteTemplates()
    for found in (40, 38, 42):
        judge_run(site, found, hinted=True)
        assert site.drift is None
    judge_run(site, 3, hinted=False)
    assert site.fallback
    assert "trung vị 40" in (site.drift or "")
    judge_run(site, 41, hinted=False)
    assert not site.fallback  # yielding again clears it
    judge_run(site, 0, hinted=True)
    assert site.fallback
    assert "không khớp bài nào" in (site.drift or "")


def test_a_drifted_source_with_hints_is_crawled_by_discovery(tmp_path: Path) -> None:
    hinted = address(article_patterns=[r"/tin/\d+\.html$"], listing_patterns=[r"/chuyen-muc/"])
    _, spider = crawler_for(tmp_path, [hinted])
    assert not spider.discovering["a"]
    save(tmp_path, "a", judge_run(SiteTemplates(), 0, hinted=True))
    _, spider = crawler_for(tmp_path, [hinted])
    assert spider.discovering["a"]


def test_a_learned_template_becomes_a_hint_pattern() -> None:
    import re

    from crawler.templates import as_pattern

    liferay = re.compile(as_pattern("/vi/<slug>/-/view_content/<id>-<slug>.html"))
    assert liferay.search("https://so.gov.vn/vi/thanh-tra/-/view_content/1150304-ha-noi-xu-phat.html")
    assert not liferay.search("https://so.gov.vn/vi/thanh-tra.html")
    query = re.compile(as_pattern("/Trang/ChiTietTinTuc.aspx?nid"))
    assert query.search("https://qn.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139")
    assert not query.search("https://qn.gov.vn/Trang/ChiTietTinTuc.aspx")
