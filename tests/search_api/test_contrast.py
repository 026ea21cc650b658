"""Text in coverage cells keeps WCAG AA contrast (4.5:1) on every heat level, read from the page's own style.css."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "search_api" / "static" / "style.css").read_text(encoding="utf-8")
AA = 4.5


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rgb or #rrggbb."""
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rule(selector: str) -> str:
    found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert found, f"{selector} is not in style.css"
    return found.group(1)


def prop(body: str, name: str) -> str | None:
    found = re.search(rf"(?:^|;)\s*{name}\s*:\s*(#[0-9a-fA-F]{{3,6}})", body)
    return found.group(1) if found else None


INK = prop(rule(":root"), "--ink") or ""
MUTED = prop(rule(":root"), "--muted") or ""


def test_contrast_formula() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#dd5f50", "#fff") == pytest.approx(3.6, abs=0.05)  # the walk-through's heat-4 figure


@pytest.mark.parametrize("level", range(6))
def test_every_heat_level_keeps_its_text_legible(level: int) -> None:
    body = rule(f".heat-{level}")
    background = prop(body, "background")
    assert background
    text = prop(body, "color") or INK
    assert contrast(text, background) >= AA, (level, text, background)


def test_zero_and_no_data_cells_are_legible() -> None:
    assert ".heat .zero" in CSS
    assert "var(--muted)" in rule(".heat .zero, .legend .zero")
    assert contrast(MUTED, "#fff") >= AA
    nodata = rule(".heat td.nodata")
    assert "var(--muted)" in nodata
    assert contrast(MUTED, prop(nodata, "background") or "") >= AA
