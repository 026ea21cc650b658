"""axe-core (installed by `make js-deps` from the npm registry into tests/support/axe) run in the browser under test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver

AXE_JS = Path(__file__).resolve().parents[1] / "support" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PINNED = json.loads((AXE_JS.parents[2] / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
BLOCKING = ("serious", "critical")  # the impacts that fail a test
INSTALL = "make js-deps (npm ci in tests/support/axe)"


def axe_source() -> str:
    """axe-core's script; a missing install fails with how to install it, a wrong version with both versions."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: install axe-core with `{INSTALL}`")
    source = AXE_JS.read_text(encoding="utf-8")
    if f"axe v{PINNED}" not in source[:200]:
        pytest.fail(f"{AXE_JS} is not axe-core {PINNED} (package.json): run `{INSTALL}`")
    return source


def violations(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page now loaded (WCAG 2.x A and AA rules, best practices)."""
    driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r); },"
        " function (e) { done({error: String(e)}); });"
    )
    assert "error" not in result, result
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(found: list[dict[str, Any]]) -> str:
    """One line per violation: rule, impact, and the first nodes' selectors and messages."""
    lines = []
    for v in found:
        nodes = "; ".join(f"{n['target']}: {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']} — {nodes}")
    return "\n".join(lines)
