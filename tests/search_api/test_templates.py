"""The page templates share one <head> and page frame (base.html): each page declares only its title and extras."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "search_api" / "templates"
PAGES = sorted(p for p in TEMPLATES.glob("*.html") if p.name != "base.html")


def test_there_are_pages() -> None:
    assert len(PAGES) >= 8


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_extends_the_base_and_writes_no_head_of_its_own(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert text.startswith('{% extends "base.html" %}\n')
    for tag in ("<!doctype", "<html", "<head>", '<meta charset', "</body>"):
        assert tag not in text.lower(), f"{page.name} repeats {tag}"
