"""`govnews sources check` against real servers on loopback: the simulator, the sotttt-hanoi mirror, a dead port,
a too-large page, robots.txt, and the address rule (nothing goes to a non-loopback address)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cli import source_check
from cli.main import main
from core.source import Politeness, Source
from crawler.sources import write_sources
from simulator.server import SimulatorServer
from simulator.sources import sources_for
from tests.crawler.support import fixture_source, serve_directory
from tests.support.loopback import QuietHandler, base_url, running

FAST = Politeness(download_delay=0.0, concurrency=1, autothrottle=False, obey_robots=True)


def run_check(
    tmp_path: Path, sources: list[Source], capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, Any], str]:
    path = write_sources(sources, tmp_path / "sources.yaml")
    data_dir = tmp_path / "data"
    code = main(["--data-dir", str(data_dir), "sources", "check", "--sources", str(path), "--timeout", "5"])
    out = capsys.readouterr().out
    [written] = list((data_dir / "checks").glob("sources-check-*.json"))
    return code, {s["id"]: s for s in json.loads(written.read_text(encoding="utf-8"))["sources"]}, out


def test_every_simulated_portal_answers_with_its_platform_and_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with SimulatorServer(count=200, seed=5) as sim:
        sources = sources_for(sim.base_url)
        code, checks, out = run_check(tmp_path, sources, capsys)
    assert code == 0
    assert len(checks) == len(sources) >= 5
    for source in sources:
        check = checks[source.id]
        assert check["responded"], check
        assert check["status"] == 200
        assert check["platform_detected"] == source.platform, check  # the cleaner's detection on the start page
        assert check["articles_found"], check
    assert f"{len(sources)}/{len(sources)} nguồn trả lời" in out


def test_the_liferay_mirror_is_detected_and_its_articles_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_directory() as server:
        source = fixture_source(server.base_url, ("thanh-tra",))
        _, checks, out = run_check(tmp_path, [source], capsys)
    check = checks[source.id]
    assert check["platform_detected"] == "liferay"
    assert check["article_links"] > 5
    assert source.id in out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        if self.path == "/robots.txt":
            body = b"User-agent: *\nDisallow: /private/\n"
        elif self.path == "/big":
            body = b"<html><body>" + b"x" * (source_check.MAX_BYTES + 10_000) + b"</body></html>"
        elif self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "/big")
            self.end_headers()
            return
        else:
            body = b"<html><body><a href='/news/tin/bai-1.html'>bai</a></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def tiny_server() -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.paths = []  # type: ignore[attr-defined]
    with running(server):
        yield base_url(server), server.paths  # type: ignore[attr-defined]


def source(sid: str, base_url: str, start: str, allow_private: bool = True) -> Source:
    return Source(id=sid, name=sid, base_url=base_url, start_urls=[start], politeness=FAST,
                  article_patterns=[r"/news/[\w-]+/[\w-]+\.html$"], allow_private=allow_private)  # fmt: skip


def test_dead_port_big_page_redirect_robots_and_the_address_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    with tiny_server() as (base, paths):
        sources = [
            source("ok", base + "/", base + "/news/"),
            source("dead", dead + "/", dead + "/"),
            source("big", base + "/", base + "/hop"),
            source("robots", base + "/", base + "/private/x"),
            # not opted in to private addresses, its start URL on loopback: refused before any request is sent
            source("public-name", "https://portal.tinh.gov.vn/", base + "/news/?from=public", allow_private=False),
        ]
        code, checks, out = run_check(tmp_path, sources, capsys)
    assert code == 0
    assert checks["ok"]["articles_found"]
    assert checks["ok"]["article_links"] == 1
    assert not checks["dead"]["responded"]
    assert "Connection refused" in checks["dead"]["error"] or "refused" in checks["dead"]["error"].lower()
    assert checks["big"]["truncated"]
    assert checks["big"]["bytes"] == source_check.MAX_BYTES
    assert checks["big"]["final_url"] == base + "/big"
    assert checks["robots"]["error"] == "robots.txt không cho phép"
    assert "/private/x" not in paths
    assert checks["public-name"]["error"] == "từ chối địa chỉ nội bộ: 127.0.0.1"
    assert not any("from=public" in p for p in paths)
    assert "từ chối địa chỉ nội bộ" in out


def test_unknown_source_id_is_a_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_sources([source("ok", "http://127.0.0.1:9/", "http://127.0.0.1:9/")], tmp_path / "s.yaml")
    code = main(["--data-dir", str(tmp_path), "sources", "check", "--sources", str(path), "--source", "nope"])
    assert code == 2
    assert "unknown source id" in capsys.readouterr().err
