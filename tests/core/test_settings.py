"""core.settings: the log level in any case, an invalid one a clear error; the public base URL."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from cli.main import main
from core.settings import Settings


@pytest.mark.parametrize("value", ["warning", "Warning", " WARNING ", "debug"])
def test_log_level_in_any_case(value: str) -> None:
    assert Settings(log_level=value).log_level == value.strip().upper()


def test_an_unknown_log_level_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown log level 'loud'"):
        Settings(log_level="loud")


def test_lower_case_log_level_from_the_environment_runs_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Tin</title></head><body><h1>Tin</h1><p>Nội dung.</p></body></html>")
    monkeypatch.setenv("GOVNEWS_LOG_LEVEL", "warning")
    monkeypatch.setattr(logging.root, "handlers", [])  # let basicConfig act as in a fresh process
    main(["--data-dir", str(tmp_path), "extract", str(page), "--url", "http://127.0.0.1/tin.html"])  # raised before
    assert logging.root.level == logging.WARNING
    assert "not an article" in capsys.readouterr().err  # the command itself ran


def test_an_invalid_environment_value_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOVNEWS_LOG_LEVEL", "loud")
    assert main(["--data-dir", str(tmp_path), "serve"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "govnews: configuration error: GOVNEWS_LOG_LEVEL: unknown log level 'loud'; "
        "use one of CRITICAL, ERROR, WARNING, INFO, DEBUG"
    )


@pytest.mark.parametrize("value", ["ftp://x", "not a url", "https://x/?q=1", "http://"])
def test_public_base_url_must_be_an_http_url(value: str) -> None:
    with pytest.raises(ValidationError, match="public_base_url"):
        Settings(public_base_url=value)


def test_public_base_url_loses_its_trailing_slash() -> None:
    assert Settings().public_base_url == "http://127.0.0.1:8000"
    assert Settings(public_base_url="https://tin.example.gov.vn/govnews/").public_base_url == (
        "https://tin.example.gov.vn/govnews"
    )
