"""Docs-as-tests: .env.example lists every setting with its real default."""

import re
from pathlib import Path

from core.settings import REPO_ROOT, Settings


def _example_vars() -> dict[str, str]:
    text = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        m = re.match(r"^#?\s*(GOVNEWS_[A-Z_]+)=(.*)$", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def test_every_setting_is_documented_in_env_example():
    documented = _example_vars()
    for name in Settings.model_fields:
        assert f"GOVNEWS_{name.upper()}" in documented, f"GOVNEWS_{name.upper()} missing from .env.example"


def test_uncommented_defaults_match_code():
    defaults = Settings.model_construct()
    for var, value in _example_vars().items():
        field = var.removeprefix("GOVNEWS_").lower()
        if not value:
            continue
        actual = getattr(defaults, field)
        if isinstance(actual, Path):
            assert actual in (Path(value), REPO_ROOT / value), var  # config_dir: the repository's config/
        else:
            assert str(actual) == value, f"{var}: .env.example says {value!r}, code says {actual!r}"
