"""`govnews sources add URL --province P`: sample a real site (the krongno fixture on loopback) from its address and
print a source entry ready to save; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.source import Source
from tests.cleaner.krongno import KRONGNO
from tests.crawler.support import govnews, serve_directory

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not KRONGNO.is_dir(), reason="krongno fixture not present")]


def test_sources_add_prints_a_ready_entry_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serve_directory(KRONGNO) as server:
        proc = govnews("sources", "add", f"{server.base_url}/", "--province", "dak-nong", "--allow-private",
                       "--budget", "60", "--id", "krongno", data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]
    comments = [line for line in proc.stdout.splitlines() if line.startswith("#")]
    assert "article" in comments[0]  # counts of what the sample saw
    assert "listing" in comments[0]
    [entry] = yaml.safe_load(proc.stdout)
    source = Source.model_validate(entry)
    assert source.id == "krongno"
    assert source.name == "Trang thông tin điện tử Huyện Krông Nô"  # the site's own name
    assert source.platform == "lacviet"  # detected on the articles it found
    assert source.province == "dak-nong"
    assert source.start_urls == [f"{server.base_url}/"]
    assert not data.exists() or not any(data.rglob("*.json"))  # no report, no templates: a sample leaves nothing


def test_sources_add_refuses_what_is_not_a_web_address(tmp_path: Path) -> None:
    proc = govnews("sources", "add", "ftp://example.vn/", "--province", "ha-noi", data_dir=tmp_path / "d")
    assert proc.returncode != 0
    assert "not a web address" in proc.stderr


def test_sources_learn_sets_a_sources_hints_aside_and_prints_what_the_site_is_now(tmp_path: Path) -> None:
    from tests.crawler.support import LOOPBACK, write_sources_file

    data = tmp_path / "data"
    with serve_directory(KRONGNO) as server:
        stale = Source.model_validate({
            "id": "krongno", "name": "Huyện Krông Nô", "province": "dak-nong", "base_url": f"{server.base_url}/",
            "article_patterns": [r"/Pages/\d+\.aspx$"], "politeness": LOOPBACK.model_dump(), "allow_private": True,
        })  # hints of the portal's old CMS: they match nothing on the site now
        sources = write_sources_file(tmp_path / "sources.yaml", [stale])
        before = sources.read_text("utf-8")
        proc = govnews("sources", "learn", "krongno", "--sources", str(sources), "--budget", "50", data_dir=data)
    assert proc.returncode == 0, proc.stderr[-3000:]
    [entry] = yaml.safe_load(proc.stdout)
    assert entry["name"] == "Huyện Krông Nô"  # the file's name is kept
    assert r"/Pages/\d+\.aspx$" not in entry["article_patterns"]
    assert "article" in proc.stdout.splitlines()[0]
    assert sources.read_text("utf-8") == before  # never written
