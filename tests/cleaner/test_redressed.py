"""Real article texts in other platforms' chrome (tests/cleaner/redress.py): exact title, minute, cited documents,
body, and no chrome; an error label beside an article never discards it."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from cleaner import detect_platform, extract
from cleaner.config import bundled
from cleaner.directives import extract_directives as _extract_directives
from tests.cleaner.fixtures import token_f1
from tests.cleaner.redress import CHROME_STRINGS, CHROMES, texts

extract_directives = partial(_extract_directives, citations=bundled().citations)  # the shipped config/
province_from_url = bundled().places.from_url


NOW = datetime(2019, 8, 1, tzinfo=UTC)
TEXTS = texts()
CASES = [(name, t) for name in CHROMES for t in TEXTS]


def test_the_texts_are_real_and_cite_documents():
    assert len(TEXTS) == 10
    assert sum(bool(extract_directives("\n".join(t.paragraphs))) for t in TEXTS) >= 6


@pytest.mark.parametrize(("name", "text"), CASES, ids=[f"{n}-{t.slug[:24]}" for n, t in CASES])
def test_redressed_article_comes_out_exact(name, text):
    platform, url_shape, build = CHROMES[name]
    page, url = build(text), url_shape.format(slug=text.slug)
    assert detect_platform(page, url) == platform
    art = extract(page, url, now=NOW)
    assert art.title == text.title
    assert art.published == text.when
    got = "\n".join(x for x in (art.summary or "", art.body, art.author or "") if x)
    want = "\n".join(text.paragraphs)
    assert token_f1(got, want) >= 0.99, name
    assert [s for s in CHROME_STRINGS if s in got and s not in want] == []
    unit = province_from_url(url)
    assert [d.key for d in art.directives] == [d.key for d in extract_directives(f"{text.title}\n\n{want}", unit)]
